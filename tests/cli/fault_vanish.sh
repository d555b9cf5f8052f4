# fault_vanish: files that vanish or shrink during the run.  The walk
# lists a directory before the files are read; with -j1 they are read in
# order, so files behind three slow ones (each about a second) can be
# removed or cut short in between: each is then a bad file named with
# its reason (exit 3, or 1 with --keep-going and the rest counted).  A
# mask cut short while it is being decoded must end as a bad file (or,
# if the reader had it whole already, a counted one), never a signal
# such as SIGBUS from a mapping.  -j1 throughout: not under TSan.
# suites: plain asan
A=$SRC/tests/bad/tiff-alias-strips.tif
MK=$B/mkpng
[ -f "$A" ] || skip "no $A"
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"
mkdir d
for i in 0 1 2; do
	cp "$A" d/a$i.tif
done
"$MK" z.png -w 300 -h 200 --classes 4
cp z.png d/z1.png
cp z.png d/z2.png
"$MFW" -j1 --keep-going d >out 2>err &
pid=$!
# Long enough for the walk to list d (a sanitizer build starts slowly),
# short of the slow files' seconds (more under a sanitizer).
if sanitized; then sleep 2; else sleep 0.3; fi
rm d/z1.png
head -c 100 z.png >d/z2.png
set +e
wait $pid
rc=$?
set -e
expect_rc 1
has err '^mfweights: d/z1\.png: .*vanished'
has err '^mfweights: d/z2\.png: .'
eq "$(js '[.skipped[].path]')" '["d/z1.png","d/z2.png"]' "skipped"
eq "$(js .images)" 3 "images"
mv out kg
rm d/z2.png
run "$MFW" -j1 d
expect_rc 0
jq -S 'del(.skipped, .skipped_files)' kg >a
jq -S 'del(.skipped, .skipped_files)' out >b
same a b

# Cut short while it is decoded.
"$MK" big.png -w 8000 -h 8000 --classes 5
for cut in 0 1000 50000; do
	cp big.png cut.png
	"$MFW" -j1 cut.png >out 2>err &
	pid=$!
	sleep 0.1
	head -c $cut big.png >cut.png
	set +e
	wait $pid
	rc=$?
	set -e
	case $rc in
	0) ;;
	3) has err '^mfweights: cut\.png: .' ;;
	*) cat err >&2; die "cut to $cut bytes while read: exit $rc" ;;
	esac
done
