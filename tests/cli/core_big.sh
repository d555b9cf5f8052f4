# core_big: counts past 2^32 are exact.  33 constant 12000 x 12000 masks
# (31 of label 1, 2 of label 0): 4,752,000,000 pixels in all, class 1 alone
# 4,464,000,000 > 2^32 = 4,294,967,296.  One file is generated (a constant
# row compresses about 1000:1, so it is 169 KB) and copied, not linked:
# a hard link would be the same file, counted once.
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir big
"$MK" big/one.png -w 12000 -h 12000 --const 1
"$MK" big/zero0.png -w 12000 -h 12000 --const 0
cp big/zero0.png big/zero1.png
i=2
while [ $i -le 31 ]; do
	cp big/one.png "big/one$i.png"
	i=$((i + 1))
done
eq "$(ls big | wc -l | tr -d ' ')" 33 "files"

run "$MFW" big --classes 2
expect_rc 0
eq "$(js '[.images, .pixels_total, .pixels_counted, .pixels_ignored]')" \
    "[33,4752000000,4752000000,0]" "totals"
eq "$(js .pixels)" "[288000000,4464000000]" "P"
eq "$(js .images_with_class)" "[2,31]" "I"
eq "$(js .image_pixels)" "[288000000,4464000000]" "T"
eq "$(js .weights)" "[1,1]" "weights"
# The integers as printed, not as jq reads them back into doubles.
tr -d ' \n\t' <out >flat
has flat '"pixels_total":4752000000[,}]'
has flat '"pixels":\[288000000,4464000000\]'
