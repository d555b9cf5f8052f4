# first_camvid: a CamVid-like set (void label 11 in every mask) counted
# with -c 11 and no --ignore, as newcomers do: a dozen stderr lines at
# most whatever the number of files, the files and the fix named, stdout
# empty, exit 3; the fix applied gives weights.  --keep-going is offered
# only when some files would be counted, with how many; -q keeps the
# error short.  Without -c the notice names the classes and the void.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"
mkdir trainannot
i=0
while [ $i -lt 60 ]; do
	"$MK" trainannot/0001TP_$((6690 + i)).png -w 24 -h 16 \
	    --values 0,1,2,3,4,5,6,7,8,9,10,$((i % 11)),0,1,2,3,4,5,11
	i=$((i + 1))
done

run "$MFW" -c 11 trainannot
expect_rc 3
[ ! -s out ] || die "output on stdout"
[ "$(wc -l <err)" -le 12 ] || die "$(wc -l <err) lines on stderr"
has err '^mfweights: trainannot/0001TP_6690\.png: label 11 '
has err '^mfweights: 60 files hold labels that are not classes 0\.\.10: 11 in 60 files; pass --ignore 11 '
has err 'no weights printed'
hasnt err 'keep-going'
# The fix, as said.
run "$MFW" -c 11 --ignore 11 trainannot
expect_rc 0
eq "$(js '.weights | length')" 11 "weights with the fix"
# The other fix named works too.
run "$MFW" -c 12 trainannot
expect_rc 0

# -q: errors still, never a flood.
run "$MFW" -q -c 11 trainannot
expect_rc 3
[ "$(wc -l <err)" -le 4 ] || die "-q: $(wc -l <err) lines"
has err '60 files hold labels'

# The same with -j1: the same lines.
run "$MFW" -j1 -c 11 trainannot
cp err j1
run "$MFW" -j2 -c 11 trainannot
same err j1

# Some good files: --keep-going offered with how many it would count.
mkdir mixed
cp trainannot/0001TP_669*.png mixed/
"$MK" mixed/good1.png -w 8 -h 8 --values 0,1,2
"$MK" mixed/good2.png -w 8 -h 8 --values 3,4,5
run "$MFW" -c 11 mixed
expect_rc 3
has err 'no weights printed: 10 bad files; --keep-going skips them and counts the other 2$'
run "$MFW" -c 11 --keep-going mixed
expect_rc 1
eq "$(js '[.images, .skipped_files]')" "[2,10]" "keep-going counts"

# Without -c: the classes named, 11 told as void, the fix given works.
run "$MFW" trainannot
expect_rc 0
has err 'no --classes given: 12 classes, labels 0\.\.11; label 11 (in 60 of 60 images) looks like void: if it is, pass --ignore 11 --classes 11'
fix=$(sed -n 's/.*if it is, pass \(.*\)$/\1/p' err)
# shellcheck disable=SC2086
run "$MFW" $fix trainannot
expect_rc 0
eq "$(js '[.classes, (.weights | length), .ignore_values]')" '[11,11,[11]]' \
    "the notice's fix"
hasnt err 'no --classes'
