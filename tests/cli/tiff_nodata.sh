# tiff_nodata: the GDAL_NODATA tag of a TIFF.  That
# file's pixels of that value leave P, I and T and are reported in
# pixels_nodata; --no-nodata counts them as labels; the rule is per file
# (the same value is a label in a file without the tag); a nodata value no
# pixel has changes nothing; "nan" on float samples drops the NaN pixels
# that would otherwise make the file bad; a nodata written by GDAL
# (gdal_translate -a_nodata) is honoured alike.
# shellcheck disable=SC2086 # $s holds several options on purpose
# suites: plain asan
MK=$B/mktiff
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# cnt V HISTFILE: pixels of value V in a mktiff histogram.
cnt() {
	awk -v v="$1" '$1 == v { print $2; f = 1 } END { if (!f) print 0 }' "$2"
}

s="--width 50 --height 40 --classes 4"
"$MK" nd.tif $s --seed 3 --nodata 2 --tile 16 --compress deflate --hist >nd.hist
"$MK" plain.tif $s --seed 3 --hist >plain.hist
cmp -s nd.hist plain.hist || die "mktiff: the tag changed the pixels"
n2=$(cnt 2 nd.hist)
[ "$n2" -gt 0 ] || die "no pixel of value 2"

run "$MFW" --classes 4 nd.tif
expect_rc 0
eq "$(js .pixels_nodata)" "$n2" "pixels_nodata"
eq "$(js '.pixels[2]')" 0 "P[2] with nodata 2"
eq "$(js '.images_with_class[2]')" 0 "I[2] with nodata 2"
eq "$(js '.pixels_counted')" "$((2000 - n2))" "pixels_counted"
eq "$(js '.image_pixels[0]')" "$((2000 - n2))" "T[0]"
eq "$(js '.pixels_total')" 2000 "pixels_total"

run "$MFW" --classes 4 --no-nodata nd.tif
expect_rc 0
mv out nonodata.out
run "$MFW" --classes 4 plain.tif
same nonodata.out out
eq "$(js .pixels_nodata)" 0 "pixels_nodata without the tag"

# Per file: value 2 is nodata in nd.tif only.
run "$MFW" --classes 4 nd.tif plain.tif
expect_rc 0
eq "$(js .pixels_nodata)" "$n2" "pixels_nodata over two files"
eq "$(js '.pixels[2]')" "$n2" "P[2] over two files"
eq "$(js '.images_with_class[2]')" 1 "I[2] over two files"
eq "$(js '.image_pixels[2]')" 2000 "T[2] over two files"

# A nodata value that no pixel has; a nodata outside --classes.
"$MK" far.tif $s --seed 3 --nodata 255
run "$MFW" --classes 4 far.tif
expect_rc 0
same nonodata.out out

# Signed samples -2..2: nodata -2, --ignore -1, classes 0..2.
"$MK" neg.tif --width 30 --height 20 --classes 5 --bits 16 --signed \
    --nodata -2 --hist >neg.hist
run "$MFW" --classes 3 --ignore -1 neg.tif
expect_rc 0
eq "$(js .pixels_nodata)" "$(cnt -2 neg.hist)" "signed nodata"
eq "$(js .pixels_ignored)" "$(cnt -1 neg.hist)" "signed ignored"
eq "$(js .pixels)" "[$(cnt 0 neg.hist),$(cnt 1 neg.hist),$(cnt 2 neg.hist)]" \
    "signed pixels"
run "$MFW" --classes 3 --ignore -1 --no-nodata neg.tif
expect_rc 3
has err 'neg.tif'

# Float samples with NaN: bad without a nodata, fine with "nan".
"$MK" nan.tif --width 30 --height 20 --float --classes 4 --nan-every 9 \
    --nodata nan --hist >nan.hist
run "$MFW" --classes 4 nan.tif
expect_rc 0
eq "$(js .pixels_nodata)" "$(cnt nan nan.hist)" "NaN nodata"
eq "$(js .pixels_counted)" "$((600 - $(cnt nan nan.hist)))" "NaN counted"
run "$MFW" --classes 4 --no-nodata nan.tif
expect_rc 3
has err 'nan.tif'

# Written by GDAL.
if command -v gdal_translate >/dev/null; then
	GDAL_PAM_ENABLED=NO gdal_translate -q -a_nodata 2 -co TILED=YES \
	    plain.tif gd.tif
	run "$MFW" --classes 4 gd.tif
	expect_rc 0
	eq "$(js .pixels_nodata)" "$n2" "pixels_nodata (GDAL)"
	eq "$(js '.pixels[2]')" 0 "P[2] (GDAL)"
fi
