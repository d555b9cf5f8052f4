# gdal_colors: --colors reads 3- and 4-band 8-bit RGB(A) rasters through
# GDAL (ERDAS .img, 24-bit BMP, PNG and tiled GeoTIFF with --decoder
# gdal) and counts them as their index twins; an unknown colour is a bad
# file naming the file, the colour and its pixel count, unless
# --unknown-color ignore; a 16-bit colour raster is a bad file; without
# --colors, or with --band, a 3-band raster reads as before.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"
command -v python3 >/dev/null || skip "python3 is needed to write RGB twins"
command -v jq >/dev/null || skip "jq not installed"

gt() { GDAL_PAM_ENABLED=NO gdal_translate -q "$@"; }

cat >colors.csv <<'CSV'
r,g,b,class,name
0,0,0,0,background
128,64,128,1,road
70,70,70,2,building
220,20,60,3,person
CSV
mkdir idx rgb img bmp gtif
# m0 spans several 64x64 HFA blocks with clipped edge blocks; m2 is RGBA.
"$MK" idx/m0.png -w 150 -h 70 --classes 4 --seed 3 --filter none
"$MK" idx/m1.png -w 23 -h 17 --values 3,3,0 --filter none
"$MK" idx/m2.png -w 40 -h 30 --classes 4 --seed 7 --filter none
for i in 0 1 2; do
	python3 "$SRC/tests/tools/rgbify.py" idx/m$i.png rgb/m$i.png \
	    colors.csv $([ $i = 2 ] && echo rgba)
	gt -of HFA rgb/m$i.png img/m$i.img
	gt -of BMP -b 1 -b 2 -b 3 rgb/m$i.png bmp/m$i.bmp
	gt -of GTiff -co PHOTOMETRIC=RGB -co TILED=YES -co BLOCKXSIZE=16 \
	    -co BLOCKYSIZE=16 rgb/m$i.png gtif/m$i.tif
done
run "$MFW" -q -c 4 idx; expect_rc 0; mv out idx.json

# Each format counts exactly as the index twins.
for d in img bmp; do
	run "$MFW" -q -c 4 --colors colors.csv $d; expect_rc 0
	eq "$(js 'del(.names)')" "$(js . idx.json)" "$d vs index twins"
done
for d in rgb gtif; do
	run "$MFW" -q -c 4 --colors colors.csv --decoder gdal $d; expect_rc 0
	eq "$(js 'del(.names)')" "$(js . idx.json)" "$d (gdal) vs index twins"
done

# An unknown colour names the file, the colour and its pixel count ...
n=$("$MFW" -q -c 4 idx/m1.png | jq '.pixels[3]')
printf 'r,g,b,class\n0,0,0,0\n128,64,128,1\n70,70,70,2\n' >short.csv
run "$MFW" -q -c 4 --colors short.csv img/m1.img; expect_rc 3
has err "img/m1.img: unknown colour (220, 20, 60): $n pixels;"
[ ! -s out ] || die "stdout not empty"
# ... or is ignored on request.
run "$MFW" -q -c 4 --colors short.csv --unknown-color ignore img bmp
expect_rc 0
eq "$(js .pixels_ignored)" "$(jq '.pixels[3] * 2' idx.json)" "ignored"

# A 16-bit colour raster is a bad file.
gt -of HFA -ot UInt16 rgb/m1.png u16.img
run "$MFW" -q -c 4 --colors colors.csv u16.img; expect_rc 3
has err 'u16.img: 16-bit colour raster: --colors reads 8-bit RGB(A) only'
[ ! -s out ] || die "stdout not empty"

# Without --colors a 3-band raster is still refused; --band still picks
# one band, --colors or not.
run "$MFW" -q -c 4 img/m0.img; expect_rc 3
has err 'img/m0.img: multi-band image (3 bands); use --band'
run "$MFW" -q -c 256 --band 1 img/m1.img; expect_rc 0; mv out band.json
run "$MFW" -q -c 256 --band 1 --colors colors.csv img/m1.img; expect_rc 0
eq "$(js .pixels)" "$(js .pixels band.json)" "--band with --colors"
