# preset_cityscapes: --dataset cityscapes on a tree laid out as Cityscapes
# ships it (gtFine/SPLIT/CITY/CITY_SEQ_FRAME_gtFine_TYPE.png) counts the
# label-id masks through labels.py's id -> trainId table, and nothing
# else of the folder: the same weights as an independent count
# (tests/tools/reference.py) of twins written straight in train ids.
# suites: plain
command -v python3 >/dev/null || skip "python3 is needed for the reference"
command -v jq >/dev/null || skip "jq not installed"
MK=$B/mkpng

# Ids to train ids, written out by hand from cityscapesScripts'
# helpers/labels.py: 7 road 0, 8 sidewalk 1, 11 building 2, 21
# vegetation 8, 24 person 11, 26 car 13, 33 bicycle 18; 0 unlabeled,
# 1 ego vehicle, 4 static, 9 parking, 29 caravan: 255 (ignored).
a=gtFine/train/aachen/aachen_000000_000019_gtFine
f=gtFine/val/frankfurt/frankfurt_000000_000294_gtFine
mkdir -p gtFine/train/aachen gtFine/val/frankfurt twin
"$MK" ${a}_labelIds.png -w 31 -h 9 --values 7,7,26,24,0,1,8,33
"$MK" twin/a.png -w 31 -h 9 --values 0,0,13,11,255,255,1,18
"$MK" ${f}_labelIds.png -w 17 -h 12 --values 11,9,29,4,7,21
"$MK" twin/b.png -w 17 -h 12 --values 2,255,255,255,0,8
# What lies beside them in the real tree, never counted: colour images
# (RGB), instance ids (16-bit), train-id images made by a script.
"$MK" ${a}_color.png -w 31 -h 9 --type rgb --values 1,2
"$MK" ${a}_instanceIds.png -w 31 -h 9 --depth 16 --values 26001,7
"$MK" ${f}_labelTrainIds.png -w 17 -h 12 --values 0,255,40
echo '{"imgHeight": 9}' >${a}_polygons.json

python3 "$SRC/tests/tools/reference.py" twin --classes 19 --ignore 255 \
    >ref.json
run "$MFW" -q --dataset cityscapes gtFine; expect_rc 0
refcmp out ref.json
eq "$(js .classes)" 19
eq "$(js .ignore_values)" '[255]'
eq "$(js '.names | length')" 19
eq "$(js '[.names[0], .names[11], .names[13], .names[18]]')" \
    '["road","person","car","bicycle"]'
# The same from a split, from a city folder, and with -j1.
run "$MFW" -q --dataset cityscapes gtFine/train gtFine/val -j1
expect_rc 0
refcmp out ref.json

# A label id that labels.py does not have is a bad file, named.
"$MK" ${a}_x_labelIds.png -w 4 -h 4 --values 40
run "$MFW" -q --dataset cityscapes gtFine/train; expect_rc 3
has err 'label 40 (16 pixels) has no mapping'
