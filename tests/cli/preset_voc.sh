# preset_voc: --dataset voc2012 on VOCdevkit's layout counts the palette
# indices of SegmentationClass/*.png (21 classes, 255 void ignored), not
# the instance masks of SegmentationObject/ (same names) nor the photos:
# the counts of an independent reader (tests/tools/reference.py).
# suites: plain
command -v python3 >/dev/null || skip "python3 is needed for the reference"
command -v jq >/dev/null || skip "jq not installed"
MK=$B/mkpng

v=VOCdevkit/VOC2012
mkdir -p $v/SegmentationClass $v/SegmentationObject $v/JPEGImages
"$MK" $v/SegmentationClass/2007_000032.png -w 50 -h 37 --type palette \
    --values 0,0,1,255,15,15
"$MK" $v/SegmentationClass/2007_000039.png -w 50 -h 37 --type palette \
    --values 0,20,255,19
"$MK" $v/SegmentationObject/2007_000032.png -w 50 -h 37 --type palette \
    --values 0,1,2,3,255
printf '\377\330\377\340 not a mask' >$v/JPEGImages/2007_000032.jpg
python3 "$SRC/tests/tools/reference.py" $v/SegmentationClass --classes 21 \
    --ignore 255 >ref.json
run "$MFW" -q --dataset voc2012 VOCdevkit; expect_rc 0
refcmp out ref.json
eq "$(js '[.names[0], .names[1], .names[15], .names[20]]')" \
    '["background","aeroplane","person","tvmonitor"]'
eq "$(js .ignore_values)" '[255]'
# --include replaces the preset's patterns, name and path: the SBD
# masks of SegmentationClassAug/ are counted from their own folder.
mkdir $v/SegmentationClassAug
"$MK" $v/SegmentationClassAug/2008_000002.png -w 9 -h 9 --values 0,8,255
python3 "$SRC/tests/tools/reference.py" $v/SegmentationClassAug \
    --classes 21 --ignore 255 >aug.json
run "$MFW" -q --dataset voc2012 VOCdevkit; expect_rc 0
refcmp out ref.json
run "$MFW" -q --dataset voc2012 --include '*.png' $v/SegmentationClassAug
expect_rc 0
refcmp out aug.json
