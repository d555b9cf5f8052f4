# preset_colors: colour-coded data sets.  DeepGlobe's *_mask.png masks,
# whose colours are binarised per channel at 128 before the lookup (the
# challenge's rule: compression leaves them impure), 7 classes with
# unknown counted; ISPRS Potsdam's six colours with clutter counted and
# the black boundary of eroded labels ignored.  Against an independent
# count of the gray masks the colour ones were written from.
# suites: plain
command -v python3 >/dev/null || skip "python3 is needed for the reference"
command -v jq >/dev/null || skip "jq not installed"
MK=$B/mkpng

# DeepGlobe colours, by hand from the challenge's description, each a
# little off its pure value: urban 0,255,255; agriculture 255,255,0;
# rangeland 255,0,255; forest 0,255,0; water 0,0,255; barren
# 255,255,255; unknown 0,0,0.
cat >dg.csv <<'CSV'
3,250,129,0
255,128,0,1
200,100,254,2
0,255,0,3
127,0,128,4
250,251,252,5
12,127,0,6
CSV
mkdir -p land idx
"$MK" idx/a.png -w 33 -h 21 --values 0,1,2,3,4,5,6,3,3 --filter none
"$MK" idx/b.png -w 33 -h 21 --values 1,1,5,6 --filter none
python3 "$SRC/tests/tools/rgbify.py" idx/a.png land/119_mask.png dg.csv
python3 "$SRC/tests/tools/rgbify.py" idx/b.png land/2334_mask.png dg.csv
"$MK" land/119_sat.png -w 33 -h 21 --type rgb --values 9,90,200
python3 "$SRC/tests/tools/reference.py" idx --classes 7 >ref.json
run "$MFW" -q --dataset deepglobe land; expect_rc 0
refcmp out ref.json
eq "$(js .names)" \
    '["urban_land","agriculture_land","rangeland","forest_land","water","barren_land","unknown"]'
# The same through the GDAL reader, which looks colours up apart.
if [ -x "$B/mfweights-gdal" ]; then
	run "$MFW" -q --dataset deepglobe --decoder gdal land; expect_rc 0
	refcmp out ref.json
fi
# Binarised, (200,10,10) is red, which is no DeepGlobe class.
printf '200,10,10,0\n' >red.csv
"$MK" idx/c.png -w 4 -h 4 --values 0 --filter none
python3 "$SRC/tests/tools/rgbify.py" idx/c.png land/5_mask.png red.csv
run "$MFW" -q --dataset deepglobe land; expect_rc 3
has err '5_mask.png'
# -i overrides the preset's (empty) ignore list: unknown left out.
rm land/5_mask.png
run "$MFW" -q --dataset deepglobe -i 6 land; expect_rc 0
eq "$(js .ignored)" '[6]'
eq "$(js '.pixels[0:6]')" "$(js '.pixels[0:6]' ref.json)"

# ISPRS Potsdam: impervious 255,255,255; building 0,0,255; low
# vegetation 0,255,255; tree 0,255,0; car 255,255,0; clutter 255,0,0;
# black (the eroded files' boundary) ignored.  The tiles are TIFF; these
# are PNG, so --include says so (and shows that it wins).
cat >isprs.csv <<'CSV'
255,255,255,0
0,0,255,1
0,255,255,2
0,255,0,3
255,255,0,4
255,0,0,5
0,0,0,255
CSV
mkdir -p pots/5_Labels_all idx2
"$MK" idx2/a.png -w 30 -h 30 --values 0,0,1,2,3,4,5,255 --filter none
python3 "$SRC/tests/tools/rgbify.py" idx2/a.png \
    pots/5_Labels_all/top_potsdam_2_10_label.png isprs.csv
python3 "$SRC/tests/tools/reference.py" idx2 --classes 6 --ignore 255 \
    >refp.json
run "$MFW" -q --dataset potsdam --include '*_label.png' pots; expect_rc 0
refcmp out refp.json
eq "$(js '.names[5]')" '"clutter"'
# Without the override the PNG tile is not a Potsdam label file.
run "$MFW" -q --dataset potsdam pots; expect_rc 3

# ISPRS Vaihingen: the ground truth has the names of the IRRG photos in
# top/, which are left out by their folder; eroded *_noBoundary files
# too.  GeoTIFF tiles, written from the PNG by GDAL when it is there.
command -v gdal_translate >/dev/null || exit 0
mkdir -p vai/top vai/gts_for_participants
python3 "$SRC/tests/tools/rgbify.py" idx2/a.png g.png isprs.csv
gdal_translate -q -of GTiff g.png \
    vai/gts_for_participants/top_mosaic_09cm_area1.tif
gdal_translate -q -of GTiff land/119_sat.png vai/top/top_mosaic_09cm_area1.tif
cp vai/top/top_mosaic_09cm_area1.tif \
    vai/gts_for_participants/top_mosaic_09cm_area1_noBoundary.tif
run "$MFW" -q --dataset vaihingen vai; expect_rc 0
refcmp out refp.json
# --include alone leaves the exclusions; with --exclude too, the photo
# is counted, and is a bad file: its colours are no class.
run "$MFW" -q --dataset vaihingen --include '*.tif' vai; expect_rc 0
refcmp out refp.json
run "$MFW" -q --dataset vaihingen --include '*.tif' --exclude none vai
expect_rc 3
has err 'top/top_mosaic_09cm_area1.tif'
has err 'area1_noBoundary.tif'
