# preset_more: LoveDA (masks_png/ beside images_png/ of the same names;
# 0 no-data ignored, 1..7 -> classes 0..6), COCO-Stuff 164k
# (stuffthingmaps values 0..181 -> the 171 classes that occur, 255
# unlabeled ignored) and Mapillary Vistas v1.2 (labels/ beside instances/
# of the same names, 65 Unlabeled ignored), against an independent count.
# suites: plain
command -v python3 >/dev/null || skip "python3 is needed for the reference"
command -v jq >/dev/null || skip "jq not installed"
MK=$B/mkpng

l=Train/Rural
mkdir -p $l/masks_png $l/images_png twin
"$MK" $l/masks_png/1366.png -w 32 -h 32 --values 0,1,2,7,7,4
"$MK" twin/a.png -w 32 -h 32 --values 255,0,1,6,6,3
"$MK" $l/images_png/1366.png -w 32 -h 32 --values 90,91,92,200
python3 "$SRC/tests/tools/reference.py" twin --classes 7 --ignore 255 \
    >ref.json
run "$MFW" -q --dataset loveda Train; expect_rc 0
refcmp out ref.json
eq "$(js .names)" \
    '["background","building","road","water","barren","forest","agriculture"]'
run "$MFW" -q --dataset loveda $l/masks_png; expect_rc 0
refcmp out ref.json

# COCO-Stuff: value v is id v + 1 of labels.txt; the thing ids without
# annotations (12 street sign, 26 hat, 29 shoe, ...) are skipped, so
# value 0 (person) is class 0, 12 (stop sign, id 13) class 11, 91
# (banner, id 92) class 80, 181 (wood, id 182) class 170.
s=stuffthingmaps_trainval2017/train2017
mkdir -p $s twin2
"$MK" $s/000000000009.png -w 40 -h 20 --values 0,12,91,181,255,0
"$MK" twin2/a.png -w 40 -h 20 --values 0,11,80,170,255,0
# mmsegmentation's converted copies beside them are not counted twice.
"$MK" $s/000000000009_labelTrainIds.png -w 40 -h 20 --values 0,11,80
python3 "$SRC/tests/tools/reference.py" twin2 --classes 171 --ignore 255 \
    >ref2.json
run "$MFW" -q --dataset coco-stuff stuffthingmaps_trainval2017; expect_rc 0
refcmp out ref2.json
eq "$(js '[.names[0], .names[11], .names[80], .names[170]]')" \
    '["person","stop sign","banner","wood"]'
# 11 (street sign, id 12) has no annotation in COCO-Stuff: a bad file.
"$MK" $s/000000000025.png -w 4 -h 4 --values 11
run "$MFW" -q --dataset coco-stuff $s; expect_rc 3
has err '000000000025.png: label 11'

# Mapillary Vistas v1.2, as in the v2.0 download (v1.2/ and v2.0/ label
# folders side by side, 16-bit instance maps of the same names).
m=training
mkdir -p $m/v1.2/labels $m/v1.2/instances $m/v2.0/labels $m/images
"$MK" $m/v1.2/labels/0035fkbjWljhaftpVM37-g.png -w 30 -h 20 --type palette \
    --values 13,13,27,65,0,64
"$MK" $m/v1.2/instances/0035fkbjWljhaftpVM37-g.png -w 30 -h 20 --depth 16 \
    --values 3328,6912
"$MK" $m/v2.0/labels/0035fkbjWljhaftpVM37-g.png -w 30 -h 20 --values 123,7
python3 "$SRC/tests/tools/reference.py" $m/v1.2/labels --classes 65 \
    --ignore 65 >ref3.json
run "$MFW" -q --dataset mapillary-v1.2 $m; expect_rc 0
refcmp out ref3.json
eq "$(js '[.names[0], .names[13], .names[27], .names[64]]')" \
    '["Bird","Road","Sky","Ego Vehicle"]'
# A walk of "." inside the masks folder: the folder is named by the
# absolute path only.
(cd $l/masks_png && "$MFW" -q --dataset loveda .) >out; refcmp out ref.json
