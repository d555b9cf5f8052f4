# bad_label: a label >= N that is not ignored makes the file bad; the
# message names the value and its pixel count and suggests --ignore or
# --classes; ignoring the value or raising N makes the file count.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# 10 x 10 pixels cycling 0, 1, 2, 7 (25 pixels each) and 0, 1, 2, 1.
"$MK" seven.png -w 10 -h 10 --values 0,1,2,7
"$MK" ok.png -w 10 -h 10 --values 0,1,2,1

run "$MFW" --classes 3 ok.png seven.png
expect_rc 3
[ ! -s out ] || die "output on stdout"
has err '^mfweights: seven\.png: .*7'
has err '^mfweights: seven\.png: .*25'
has err '^mfweights: seven\.png: .*--ignore'
has err '^mfweights: seven\.png: .*--classes'
hasnt err 'ok\.png'

# The same in a 16-bit file, value 300.
"$MK" deep.png -w 10 -h 10 --depth 16 --values 0,300,300,1
run "$MFW" --classes 3 deep.png
expect_rc 3
has err '^mfweights: deep\.png: .*300'
has err '^mfweights: deep\.png: .*50'

# With --keep-going: exit 1, listed as skipped with the reason.
run "$MFW" --classes 3 --keep-going ok.png seven.png
expect_rc 1
eq "$(js '[.images, .skipped_files, (.skipped | length)]')" "[1,1,1]" \
    "keep-going counts"
eq "$(js '.skipped[0].path')" '"seven.png"' "skipped path"
js '.skipped[0].reason' | grep -q 7 || die "reason lacks the value"

# --ignore 7 or --classes 8 make it a good file.
run "$MFW" --classes 3 --ignore 7 ok.png seven.png
expect_rc 0
eq "$(js '[.pixels, .pixels_ignored]')" "[[50,75,50],25]" "--ignore 7"
run "$MFW" --classes 8 ok.png seven.png
expect_rc 0
eq "$(js .pixels)" "[50,75,50,0,0,0,0,25]" "--classes 8"
eq "$(js .absent)" "[3,4,5,6]" "absent"
