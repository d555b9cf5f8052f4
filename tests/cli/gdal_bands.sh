# gdal_bands: a multi-band raster read through GDAL is a bad file unless
# --band picks a band (counting from 1); --band past the last band is a
# bad file that says how many bands there are; a gray+alpha raster counts
# its first band without --band.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"
command -v jq >/dev/null || skip "jq not installed"

gt() { GDAL_PAM_ENABLED=NO gdal_translate -q "$@"; }

"$MK" m.png -w 40 -h 30 --classes 4 --seed 5
"$MFW" --classes 4 m.png >png.json
js .pixels png.json >want
js '.pixels | reverse' png.json >want.rev
# Three bands; band 2 holds 3 - label.
gt -of HFA -b 1 -b 1 -b 1 -scale_2 0 3 3 0 m.png rgb.img

run "$MFW" --classes 4 rgb.img
expect_rc 3
has err 'rgb.img: multi-band image (3 bands); use --band'
[ ! -s out ] || die "stdout not empty"

run "$MFW" --classes 4 --band 1 rgb.img
expect_rc 0
js .pixels >got
same got want
run "$MFW" --classes 4 --band 2 rgb.img
expect_rc 0
js .pixels >got
same got want.rev
run "$MFW" --classes 4 --band 4 rgb.img
expect_rc 3
has err 'rgb.img: no band 4: the image has 3 bands'

# Gray+alpha: the gray band, through GDAL's PNG driver.
gt -of PNG -b 1 -b 1 -colorinterp_2 alpha m.png ga.png
tar cf ga.tar ga.png
for p in /vsitar/ga.tar/ga.png "--decoder gdal ga.png"; do
	# shellcheck disable=SC2086
	run "$MFW" --classes 4 $p
	expect_rc 0
	js .pixels >got
	same got want
done
