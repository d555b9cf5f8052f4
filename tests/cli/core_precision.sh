# core_precision: --precision D prints weights with at most D decimals
# and no trailing zeros ("[0.29, 1, 2]"); the default is the shortest text
# that reads back as the same double.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# One 10 x 10 image: 70 pixels of 0, 20 of 1, 10 of 2.  freq .7 .2 .1,
# median .2, weights .2/.7 = 0.2857..., 1, 2.
"$MK" m.png -w 10 -h 10 --values 0,0,0,0,0,0,0,1,1,2

# weights_text FILE: the "weights" vector as printed, blanks removed.
weights_text() {
	tr -d ' \t\n' <"$1" | sed 's/.*"weights":\(\[[^]]*\]\).*/\1/'
}

run "$MFW" --classes 3 --precision 2 m.png
expect_rc 0
eq "$(weights_text out)" "[0.29,1,2]" "--precision 2"
run "$MFW" --classes 3 --precision 3 m.png
expect_rc 0
eq "$(weights_text out)" "[0.286,1,2]" "--precision 3"
run "$MFW" --classes 3 --precision 0 m.png
expect_rc 0
eq "$(weights_text out)" "[0,1,2]" "--precision 0"
run "$MFW" --classes 3 --precision 2 -f csv m.png
expect_rc 0
eq "$(cut -d, -f7 out | tr '\n' ' ')" "weight 0.29 1 2 " "CSV --precision 2"

# Default: reads back as exactly .2/.7 in double.
run "$MFW" --classes 3 m.png
expect_rc 0
eq "$(jq '.weights[0] == (0.2 / 0.7)' out)" true "shortest round trip"
w=$(weights_text out)
case $w in
\[0.2857142857142857*,1,2\]) ;;
*) die "default weights printed as $w" ;;
esac
# Counts stay integers whatever the precision.
run "$MFW" --classes 3 --precision 1 m.png
expect_rc 0
tr -d ' \t\n' <out | grep -q '"pixels":\[70,20,10\]' ||
    die "counts changed by --precision"
