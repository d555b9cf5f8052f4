# preset_nyuv2: NYU Depth v2 in its two PNG conversions with 0 = unlabeled
# (label L is class L - 1, 0 ignored).  nyuv2-40 reads ESANet's
# {train,test}/labels_40/ and SA-Gate's (CMX's, DFormer's) NYUDepthv2/Label/,
# not the colour copies beside them (same values again), the depth maps or
# the photos; nyuv2-13 reads nyuv2-meta-data's new_nyu_class13_NNNN.png and
# ESANet's labels_13/, not Eigen's predictions new_nyu_class13_eigen_*.png.
# Against an independent count of twins written already shifted (VainF's
# seg40/ layout: L - 1, 255 void), which the presets must not read.
# suites: plain
command -v python3 >/dev/null || skip "python3 is needed for the reference"
command -v jq >/dev/null || skip "jq not installed"
MK=$B/mkpng

# ESANet's layout (prepare_dataset.py): NNNN is the 1-based NYU index.
e=nyuv2
mkdir -p $e/train/rgb $e/train/depth $e/train/labels_40 \
    $e/train/labels_40_colored $e/train/labels_13 $e/train/labels_13_colored \
    $e/train/labels_894 $e/test/labels_40 $e/test/labels_13 \
    NYUv2/seg40/train NYUv2/seg40/test NYUv2/seg13/train NYUv2/seg13/test
# 40 classes: 0 unlabeled, 1 wall, 22 ceiling, 24 refridgerator, 40 otherprop.
"$MK" $e/train/labels_40/0003.png -w 64 -h 48 --values 0,1,1,22,24,40,0,5
"$MK" NYUv2/seg40/train/00003.png -w 64 -h 48 --values 255,0,0,21,23,39,255,4
"$MK" $e/test/labels_40/0001.png -w 40 -h 30 --values 2,2,0,39,12
"$MK" NYUv2/seg40/test/00001.png -w 40 -h 30 --values 1,1,255,38,11
"$MK" $e/train/labels_40_colored/0003.png -w 64 -h 48 --type palette \
    --values 0,1,1,22,24,40,0,5
# 13 classes: 0 unlabeled, 1 bed, 11 tv, 12 wall, 13 window.
"$MK" $e/train/labels_13/0003.png -w 64 -h 48 --values 0,12,12,3,6,7,0,4
"$MK" NYUv2/seg13/train/00003.png -w 64 -h 48 --values 255,11,11,2,5,6,255,3
"$MK" $e/test/labels_13/0001.png -w 40 -h 30 --values 1,11,0,13,13
"$MK" NYUv2/seg13/test/00001.png -w 40 -h 30 --values 0,10,255,12,12
"$MK" $e/train/labels_13_colored/0003.png -w 64 -h 48 --type palette \
    --values 0,12,12,3
# What else is a PNG there: 894-class labels, 16-bit depth in mm, photos.
"$MK" $e/train/labels_894/0003.png -w 64 -h 48 --values 0,21,894 --depth 16
"$MK" $e/train/depth/0003.png -w 64 -h 48 --values 2841,3000 --depth 16
"$MK" $e/train/rgb/0003.png -w 64 -h 48 --type rgb --values 10,20,30

# facts NAME N FILTER NAMES: --dataset NAME on the ESANet tree counts as
# the reference counts NYUv2/segN, reads the 2 labels_N masks only, has N
# names, those FILTER picks being NAMES (restated by hand), and 255 void.
facts() {
	python3 "$SRC/tests/tools/reference.py" "NYUv2/seg$2" --classes "$2" \
	    --ignore 255 >"ref$2.json"
	run "$MFW" -q --dataset "$1" $e; expect_rc 0
	refcmp out "ref$2.json"
	eq "$(js .images)" 2 "images (labels_$2 only)"
	eq "$(js '.names | length')" "$2"
	eq "$(js "$3")" "$4"
	eq "$(js .ignore_values)" '[255]'
}

facts nyuv2-40 40 '[.names[0], .names[1], .names[21], .names[23], .names[39]]' \
    '["wall","floor","ceiling","refridgerator","otherprop"]'
# Void: 2 of the 8 values of the first mask, 1 of the 5 of the second.
eq "$(js .pixels_ignored)" $((64 * 48 / 4 + 40 * 30 / 5))
eq "$(js '.pixels[0]')" $((64 * 48 / 4)) "wall pixels"
# The shifted seg40/ files are not this preset's, and -c 40 -i 255 counts
# them as the preset counts labels_40/.
run "$MFW" -q --dataset nyuv2-40 NYUv2; expect_rc 3
has err 'no mask'
run "$MFW" -q -c 40 -i 255 NYUv2/seg40; expect_rc 0
refcmp out ref40.json
# One folder, and a walk of "." inside it.
python3 "$SRC/tests/tools/reference.py" NYUv2/seg40/test --classes 40 \
    --ignore 255 >ref40t.json
run "$MFW" -q --dataset nyuv2-40 $e/test/labels_40; expect_rc 0
refcmp out ref40t.json
(cd $e/test/labels_40 && "$MFW" -q --dataset nyuv2-40 .) >out
refcmp out ref40t.json

facts nyuv2-13 13 '[.names[0], .names[2], .names[10], .names[11], .names[12]]' \
    '["bed","ceiling","tv","wall","window"]'

# SA-Gate's NYUDepthv2 folder (also CMX's and DFormer's): N.png with the
# 0-based index, palette PNGs in Label/, the same indices in colour in
# ColoredLabel/, photos and HHA as JPEG, depth as PNG.
s=DATA/NYUDepthv2
mkdir -p $s/Label $s/ColoredLabel $s/RGB $s/HHA $s/Depth
"$MK" $s/Label/2.png -w 64 -h 48 --type palette --values 0,1,1,22,24,40,0,5
"$MK" $s/Label/0.png -w 40 -h 30 --type palette --values 2,2,0,39,12
"$MK" $s/ColoredLabel/2.png -w 64 -h 48 --type palette --values 0,1,1,22
"$MK" $s/Depth/2.png -w 64 -h 48 --type rgb --values 1,2,3
printf 'RGB/2.jpg\tLabel/2.png\n' >$s/train.txt
printf 'not a jpeg' >$s/RGB/2.jpg
run "$MFW" -q --dataset nyuv2-40 DATA; expect_rc 0
refcmp out ref40.json
run "$MFW" -q --dataset nyuv2-40 $s/Label; expect_rc 0
refcmp out ref40.json
(cd $s/Label && "$MFW" -q --dataset nyuv2-40 .) >out
refcmp out ref40.json
# The 40-class folders are not 13-class masks.
run "$MFW" -q --dataset nyuv2-13 DATA; expect_rc 3
has err 'no mask'

# nyuv2-meta-data: train_labels_13/ and test_labels_13/ as the tgz files
# unpack, Eigen et al.'s 224x224 predictions beside the test labels.
m=nyuv2-meta-data
mkdir -p $m/train_labels_13 $m/test_labels_13
"$MK" $m/train_labels_13/new_nyu_class13_0003.png -w 64 -h 48 \
    --values 0,12,12,3,6,7,0,4
"$MK" $m/test_labels_13/new_nyu_class13_0001.png -w 40 -h 30 \
    --values 1,11,0,13,13
"$MK" $m/test_labels_13/new_nyu_class13_eigen_0001.png -w 22 -h 22 \
    --values 5,5,9
run "$MFW" -q --dataset nyuv2-13 $m; expect_rc 0
refcmp out ref13.json
run "$MFW" -q --dataset nyuv2-13 $m/test_labels_13/new_nyu_class13_0001.png
expect_rc 0
python3 "$SRC/tests/tools/reference.py" NYUv2/seg13/test --classes 13 \
    --ignore 255 >ref13t.json
refcmp out ref13t.json
(cd $m/test_labels_13 && "$MFW" -q --dataset nyuv2-13 .) >out
refcmp out ref13t.json
# The test archive as it ships, members at its top: read as it is.
(cd $m/test_labels_13 && tar -czf ../../nyuv2_test_class13.tgz \
    new_nyu_class13_0001.png new_nyu_class13_eigen_0001.png)
run "$MFW" -q --dataset nyuv2-13 nyuv2_test_class13.tgz; expect_rc 0
refcmp out ref13t.json
# pytorch-semseg's count (0 a 14th class), without the preset, as the
# notes say.
python3 "$SRC/tests/tools/reference.py" $m/train_labels_13 \
    $m/test_labels_13/new_nyu_class13_0001.png --classes 14 >ref14.json
run "$MFW" -q -c 14 --include 'new_nyu_class13_[0-9]*.png' $m; expect_rc 0
refcmp out ref14.json

# A value past the last class is a bad file, named with its label.
"$MK" $e/test/labels_40/0002.png -w 8 -h 8 --values 41
run "$MFW" -q --dataset nyuv2-40 $e/test; expect_rc 3
has err '0002.png: label 41'
"$MK" $m/test_labels_13/new_nyu_class13_0002.png -w 8 -h 8 --values 14
run "$MFW" -q --dataset nyuv2-13 $m; expect_rc 3
has err 'new_nyu_class13_0002.png: label 14'
# A mask of unlabeled pixels only is counted, all ignored; alone it gives
# no weights.
"$MK" $e/test/labels_13/0009.png -w 8 -h 8 --values 0
run "$MFW" -q --dataset nyuv2-13 $e/test/labels_13; expect_rc 0
eq "$(js .images)" 2
eq "$(js .pixels_ignored)" $((64 + 40 * 30 / 5))
run "$MFW" -q --dataset nyuv2-13 $e/test/labels_13/0009.png; expect_rc 3
has err 'every pixel is ignored'
