# gdal_formats: the same labels written by GDAL in every lossless format of
# the allow-list that this GDAL can write (ERDAS Imagine with 64x64 edge
# blocks, lossless JPEG 2000 with 32x32 edge tiles, BMP, GIF, netCDF
# classic and netCDF-4/HDF5, PCIDSK, ER Mapper), a tiled TIFF and the PNG
# itself read through GDAL (--decoder gdal), and members of a zip and a
# tar read through /vsizip/ and /vsitar/ give the PNG reader's counts
# exactly; a directory walk gives the sum, the same for -j1 and -j2; no
# file (.aux.xml or other) appears next to the masks after the runs.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"
command -v jq >/dev/null || skip "jq not installed"

gt() { GDAL_PAM_ENABLED=NO gdal_translate -q "$@"; }
has_drv() { gdal_translate --formats | grep -q "^ *$1 "; }

mkdir f
"$MK" m.png -w 97 -h 61 --classes 7 --seed 3 --sprinkle 6
"$MFW" --classes 7 -f csv m.png >want.csv

n=0
add() {	# add DRIVER FILE [creation options...]: write m.png as FILE
	drv=$1 out=$2
	shift 2
	has_drv "$drv" || { echo "no $drv driver: not tested" >&2; return 0; }
	gt -of "$drv" "$@" m.png "f/$out"
	n=$((n + 1))
}
add HFA m.img
add JP2OpenJPEG m.jp2 -co REVERSIBLE=YES -co QUALITY=100 \
    -co BLOCKXSIZE=32 -co BLOCKYSIZE=32
add BMP m.bmp
add GIF m.gif
add netCDF m.nc
add netCDF m4.nc -co FORMAT=NC4
add PCIDSK m.pix
add ERS m.ers
[ $n -ge 3 ] || skip "too few GDAL drivers"
gt -of GTiff -co TILED=YES -co BLOCKXSIZE=32 -co BLOCKYSIZE=32 m.png t.tif

ls -lAR f m.png t.tif >before

# Each file alone: the PNG reader's counts, byte for byte.
for f in f/*; do
	case $f in f/m) continue ;; esac	# ER Mapper's data file
	run "$MFW" --classes 7 -f csv "$f"
	expect_rc 0
	same out want.csv
done
for f in m.png t.tif; do
	run "$MFW" --decoder gdal --classes 7 -f csv "$f"
	expect_rc 0
	same out want.csv
done

# The walk counts every raster once and nothing else (the ER Mapper data
# file "m" has no signature): n images, n times the pixels.
"$MFW" --classes 7 m.png >one.json
jq -c "[.pixels[] * $n]" one.json >want.px
"$MFW" -j1 --classes 7 f >j1.json
"$MFW" -j2 --classes 7 f >j2.json
same j1.json j2.json
eq "$(js .images j1.json)" $n "images in the walk"
js .pixels j1.json >got.px
same got.px want.px

# Archives through GDAL's virtual file systems.
tar cf m.tar -C f .
if command -v zip >/dev/null; then
	(cd f && zip -q -r ../m.zip .)
elif command -v python3 >/dev/null; then
	(cd f && python3 -m zipfile -c ../m.zip ./*)
fi
for a in m.tar m.zip; do
	[ -f $a ] || continue
	case $a in *.zip) v=/vsizip/$a ;; *) v=/vsitar/$a ;; esac
	run "$MFW" --classes 7 "$v"
	expect_rc 0
	eq "$(js .images)" $n "images in $v"
	js .pixels >got.px
	same got.px want.px
	# One member named directly.
	run "$MFW" --classes 7 -f csv "$v/m.img"
	expect_rc 0
	same out want.csv
done

# Nothing was written next to the masks (no .aux.xml, no cache).
rm -f m.tar m.zip
ls -lAR f m.png t.tif >after
same after before
