# core_filter: --include and --exclude (repeatable, fnmatch on the file
# name) choose the masks of a folder that mixes them with other files,
# as Cityscapes keeps *_labelIds.png beside *_color.png.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir -p city/a city/b only
"$MK" city/a/x_labelIds.png -w 20 -h 10 --values 0,1
"$MK" city/b/y_labelIds.png -w 20 -h 10 --values 1,2
"$MK" city/b/z_labelIds.png -w 20 -h 10 --values 2,2,0,1
# Colour images beside them: RGB, bad files if they were counted.
"$MK" city/a/x_color.png -w 20 -h 10 --type rgb
"$MK" city/b/y_color.png -w 20 -h 10 --type rgb
# An instance-id mask, a valid gray PNG with labels out of range.
"$MK" city/b/y_instanceIds.png -w 20 -h 10 --values 200,201
cp city/a/x_labelIds.png city/b/y_labelIds.png city/b/z_labelIds.png only/

"$MFW" --classes 3 only >want || die "plain run failed"

run "$MFW" --classes 3 --include '*_labelIds.png' city
expect_rc 0
same out want
run "$MFW" --classes 3 --exclude '*_color.png' --exclude '*_instanceIds.png' \
    city
expect_rc 0
same out want
run "$MFW" --classes 3 --include '*Ids.png' --exclude '*_instance*' city
expect_rc 0
same out want
run "$MFW" --classes 3 --include '*_labelIds.png' --include '*_color.png' \
    city
expect_rc 3
has err 'x_color\.png'
# The glob matches the file name, not the path.
run "$MFW" --classes 3 --include 'x_l*' city
expect_rc 0
eq "$(js .images)" 1 "--include x_l*"
run "$MFW" --classes 3 --include 'city/a/*' --include '*/x_*' \
    --include 'y_labelIds.png' city
expect_rc 0
eq "$(js .images)" 1 "globs on the name only"
