# core_infer: without --classes, N is the largest non-ignored label + 1,
# announced on stderr; -q silences the notice but not the result.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

"$MK" a.png -w 10 -h 10 --values 0,0,1,2
"$MK" b.png -w 10 -h 10 --values 0,1,1,6,255

run "$MFW" a.png
expect_rc 0
eq "$(js '[.classes, (.pixels | length), .pixels]')" "[3,3,[50,25,25]]" \
    "inferred N = 3"
has err 3

run "$MFW" a.png b.png
expect_rc 0
eq "$(js '[.classes, (.weights | length)]')" "[256,256]" "inferred N = 256"
has err 256

run "$MFW" --ignore 255 a.png b.png
expect_rc 0
eq "$(js '[.classes, .pixels, .absent]')" \
    "[7,[70,65,25,0,0,0,20],[3,4,5]]" "inferred N = 7 with --ignore 255"
has err 7

# Given explicitly, the same vectors, and no inference notice.
run "$MFW" --ignore 255 --classes 7 a.png b.png
expect_rc 0
cp out explicit.json
run "$MFW" -q --ignore 255 a.png b.png
expect_rc 0
same out explicit.json
[ ! -s err ] || { cat err >&2; die "-q: notices on stderr"; }
