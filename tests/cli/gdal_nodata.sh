# gdal_nodata: a raster that declares a nodata value (here ERDAS Imagine
# with nodata 0) has its pixels of that value left out of P, I and T and
# reported in pixels_nodata; --no-nodata counts them as a label.  The rule
# is per file: 0 is an ordinary label in a file without nodata.  A PNG's
# tRNS, which GDAL reports as nodata, is never nodata, also when the PNG
# is read through GDAL (in a zip, or with --decoder gdal).
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"
command -v jq >/dev/null || skip "jq not installed"

gt() { GDAL_PAM_ENABLED=NO gdal_translate -q "$@"; }

"$MK" m.png -w 40 -h 30 --classes 4 --seed 5
gt -of HFA -a_nodata 0 m.png nd.img
gt -of HFA m.png plain.img
"$MFW" --classes 4 m.png >png.json
n0=$(js '.pixels[0]' png.json)
[ "$n0" -gt 0 ] || die "the test mask has no label 0"
total=$(js .pixels_total png.json)

# Nodata pixels leave every count and are reported on their own.
run "$MFW" --classes 4 nd.img
expect_rc 0
eq "$(js .pixels_nodata)" "$n0" "pixels_nodata"
eq "$(js '.pixels[0]')" 0 "P[0]"
eq "$(js '.images_with_class[0]')" 0 "I[0]"
eq "$(js .pixels_counted)" $((total - n0)) "pixels_counted"
eq "$(js .pixels_total)" "$total" "pixels_total"

# --no-nodata: an ordinary label, as in the PNG.
run "$MFW" --classes 4 --no-nodata nd.img
expect_rc 0
eq "$(js .pixels_nodata)" 0 "pixels_nodata with --no-nodata"
js .pixels >got
js .pixels png.json >want
same got want

# Per file: plain.img's zeros count, nd.img's do not.
run "$MFW" --classes 4 nd.img plain.img
expect_rc 0
eq "$(js '.pixels[0]')" "$n0" "P[0] over both"
eq "$(js .pixels_nodata)" "$n0" "pixels_nodata over both"

# tRNS is transparency, not nodata, whichever reader sees the PNG.
gt -of PNG -a_nodata 0 m.png trns.png
gdalinfo trns.png 2>/dev/null | grep -q 'NoData Value=0' ||
    skip "GDAL's PNG driver reports no nodata for tRNS here"
for args in "trns.png" "--decoder gdal trns.png"; do
	# shellcheck disable=SC2086
	run "$MFW" --classes 4 $args
	expect_rc 0
	eq "$(js .pixels_nodata)" 0 "pixels_nodata of $args"
	js .pixels >got
	same got want
done
tar cf t.tar trns.png
run "$MFW" --classes 4 /vsitar/t.tar
expect_rc 0
eq "$(js .pixels_nodata)" 0 "pixels_nodata of a PNG in a tar"
js .pixels >got
same got want
