# preset_ade20k: --dataset ade20k reads ADEChallengeData2016's
# annotations (ADE_*.png, labels 0..150): label L is class L - 1 and 0
# ("other objects", not evaluated) is ignored; the photos (ADE_*.jpg) are
# never read.  Against an independent count of twins written in classes.
# suites: plain
command -v python3 >/dev/null || skip "python3 is needed for the reference"
command -v jq >/dev/null || skip "jq not installed"
MK=$B/mkpng

r=ADEChallengeData2016
mkdir -p $r/annotations/training $r/annotations/validation \
    $r/images/training twin
"$MK" $r/annotations/training/ADE_train_00000001.png -w 40 -h 30 \
    --values 0,1,150,13,13,3
"$MK" twin/1.png -w 40 -h 30 --values 255,0,149,12,12,2
"$MK" $r/annotations/validation/ADE_val_00000001.png -w 25 -h 25 \
    --values 1,2,0,0
"$MK" twin/2.png -w 25 -h 25 --values 0,1,255,255
printf '\377\330\377\340 a photo' >$r/images/training/ADE_train_00000001.jpg
python3 "$SRC/tests/tools/reference.py" twin --classes 150 --ignore 255 \
    >ref.json
run "$MFW" -q --dataset ade20k $r; expect_rc 0
refcmp out ref.json
eq "$(js '[.names[0], .names[1], .names[12], .names[149]]')" \
    '["wall","building","person","flag"]'
# 151 is no ADE20K label: a bad file, named.
"$MK" $r/annotations/training/ADE_train_00000002.png -w 4 -h 4 --values 151
run "$MFW" -q --dataset ade20k $r; expect_rc 3
has err 'ADE_train_00000002.png: label 151'
