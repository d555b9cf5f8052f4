# core_ignore: the weights by hand, with an absent class, with an ignored
# value inside 0..N-1 (its slot stays, P = I = T = 0, weight 0, listed as
# ignored and not as absent) and outside it, even and odd medians.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# a: 0 x50, 1 x25, 2 x25.  b: 0 x25, 1 x50, 3 x25.  c: 255 x50, 0 x50.
"$MK" a.png -w 10 -h 10 --values 0,0,1,2
"$MK" b.png -w 10 -h 10 --values 0,1,1,3
"$MK" c.png -w 10 -h 10 --values 255,0

# check FILTER WHAT: jq FILTER on ./out is true.
check() {
	r=$(jq "$1" out)
	[ "$r" = true ] || { cat out >&2; die "$2: $1 is $r"; }
}

# No ignore, N = 5: class 4 absent.  freq = .375 .375 .25 .25, even count:
# median = (.25 + .375) / 2 = .3125.
run "$MFW" --classes 5 a.png b.png
expect_rc 0
eq "$(js '[.classes, .images, .pixels_total, .pixels_ignored]')" \
    "[5,2,200,0]" totals
eq "$(js .pixels)" "[75,75,25,25,0]" P
eq "$(js .images_with_class)" "[2,2,1,1,0]" I
eq "$(js .image_pixels)" "[200,200,100,100,0]" T
check '.frequency == [0.375, 0.375, 0.25, 0.25, 0]' frequency
check '.median_frequency == 0.3125' median
check '.weights == [0.3125 / 0.375, 0.3125 / 0.375, 1.25, 1.25, 0]' \
    weights
check '.share == [0.375, 0.375, 0.125, 0.125, 0]' share
eq "$(js '[.absent, .ignored]')" "[[4],[]]" "absent, ignored"
grep -q 4 err || die "the absent class is not reported on stderr"

# --ignore 3, inside 0..4: b counts 75 pixels.  freq 0 and 1 = 75/175,
# 2 = 25/100; odd count: median = 75/175.
run "$MFW" --classes 5 --ignore 3 a.png b.png
expect_rc 0
eq "$(js '[.pixels_total, .pixels_counted, .pixels_ignored]')" \
    "[200,175,25]" "totals, --ignore 3"
eq "$(js .pixels)" "[75,75,25,0,0]" "P, --ignore 3"
eq "$(js .images_with_class)" "[2,2,1,0,0]" "I, --ignore 3"
eq "$(js .image_pixels)" "[175,175,100,0,0]" "T, --ignore 3"
check '.median_frequency == 75 / 175' "median, --ignore 3"
check '.weights == [1, 1, (75 / 175) / 0.25, 0, 0]' "weights, --ignore 3"
eq "$(js '[.absent, .ignored, .ignore_values]')" "[[4],[3],[3]]" \
    "lists, --ignore 3"
cp out ignore3.json

# Ignore values outside 0..N-1 (255) as a comma list, repeated, in any
# order: one and the same output.
run "$MFW" --classes 5 --ignore 3,255 a.png b.png c.png
expect_rc 0
cp out l1.json
run "$MFW" -i 255 -i 3 --classes 5 a.png b.png c.png
expect_rc 0
same out l1.json
run "$MFW" --ignore=255,3,3 --classes 5 a.png b.png c.png
expect_rc 0
same out l1.json
eq "$(js '[.images, .pixels_total, .pixels_counted, .pixels_ignored]')" \
    "[3,300,225,75]" "totals, --ignore 3,255"
eq "$(js .pixels)" "[125,75,25,0,0]" "P, --ignore 3,255"
eq "$(js .image_pixels)" "[225,175,100,0,0]" "T, --ignore 3,255"
eq "$(js '[.ignored, .ignore_values]')" "[[3],[3,255]]" \
    "lists, --ignore 3,255"

# The ignored class never makes the absent list, even with no pixels at
# all; a class that is both absent and not ignored does.
run "$MFW" --classes 6 --ignore 5 a.png
expect_rc 0
eq "$(js '[.absent, .ignored]')" "[[3,4],[5]]" "absent vs ignored"
eq "$(js '.weights[3:]')" "[0,0,0]" "absent and ignored weights"
