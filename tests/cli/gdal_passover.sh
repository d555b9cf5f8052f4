# gdal_passover: in a directory walk, text rasters that GDAL could open
# (XYZ, Arc/Info ASCII grid), GDAL side files (.aux.xml, .ovr overviews,
# .msk masks, although .ovr and .msk are TIFFs) and a VRT without
# --allow-vrt are passed over, never counted; none of the text files
# starts the GDAL reader.  With --allow-vrt the VRT is counted; named on
# the command line without it, it is a bad file that says why.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"
command -v jq >/dev/null || skip "jq not installed"

gt() { GDAL_PAM_ENABLED=NO gdal_translate -q "$@"; }

mkdir d t
"$MK" m.png -w 40 -h 30 --classes 4 --seed 5
gt -of HFA m.png d/m.img
gt -of XYZ m.png t/grid.xyz
gt -of AAIGrid m.png t/grid.asc
gt -of GTiff m.png t/m.tif
# Side files: an overview and a mask (both TIFF), and PAM XML.
cp t/m.tif d/m.img.ovr
cp t/m.tif d/m.tif.msk
rm t/m.tif
printf '<PAMDataset>\n</PAMDataset>\n' >d/m.img.aux.xml
cp t/grid.xyz t/grid.asc d/
"$MFW" --classes 4 m.png >png.json
js .pixels png.json >want

# The text grids alone: nothing is a mask.
run "$MFW" --classes 4 t
expect_rc 3
# ... said as such: the notice names one, no GDAL message names them.
has err '^mfweights: no mask files found: 2 files passed over, such as t/grid.asc: '
grep -v 'passed over' err >rest || :
hasnt rest 'grid'

# The walk: only m.img counts.
run "$MFW" --classes 4 d
expect_rc 0
eq "$(js .images)" 1 "images"
js .pixels >got
same got want
for f in grid.xyz grid.asc m.img.ovr m.tif.msk m.img.aux.xml; do
	hasnt err "$f"
done
# Forcing GDAL does not make text files masks.
run "$MFW" --classes 4 --decoder gdal d
expect_rc 0
eq "$(js .images)" 1 "images with --decoder gdal"

# Named on the command line, a text grid is a bad file.
for f in d/grid.xyz d/grid.asc; do
	run "$MFW" --classes 4 "$f"
	expect_rc 3
	has err "$f"
done

# VRT: only with --allow-vrt.
(cd d && GDAL_PAM_ENABLED=NO gdal_translate -q -of VRT m.img m.vrt)
run "$MFW" --classes 4 d
expect_rc 0
eq "$(js .images)" 1 "images without --allow-vrt"
run "$MFW" --classes 4 --allow-vrt d
expect_rc 0
eq "$(js .images)" 2 "images with --allow-vrt"
run "$MFW" --classes 4 d/m.vrt
expect_rc 3
has err 'd/m.vrt: .*--allow-vrt'

# No GDAL reader is started for text files (strace, where available).
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null
then
	# LeakSanitizer cannot run under ptrace.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -qq -e trace=execve -o trace "$MFW" --classes 4 t \
	    >/dev/null 2>err || :
	hasnt err Sanitizer
	grep -q 'execve("[^"]*/mfweights"' trace ||
	    die "strace saw no mfweights"
	hasnt trace mfweights-gdal
fi
