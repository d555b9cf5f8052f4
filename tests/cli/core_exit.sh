# core_exit: every documented exit status.
#   0 ok; 1 files skipped under --keep-going; 2 usage; 3 bad input (a bad
#   file, or no mask found), stdout empty; 4 system error (write error).
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"

mkdir good
"$MK" good/a.png -w 20 -h 10 --classes 3
"$MK" good/b.png -w 20 -h 10 --classes 3 --seed 2
"$MK" crc.png -w 20 -h 10 --corrupt crc

# 0
run "$MFW" --classes 3 good
expect_rc 0
[ -s out ] || die "no output"

# 1: a bad file skipped, weights printed.
mkdir mixed
cp good/a.png good/b.png crc.png mixed/
run "$MFW" --classes 3 --keep-going mixed
expect_rc 1
[ -s out ] || die "--keep-going printed nothing"
has err 'crc\.png'

# 2: usage errors; nothing on stdout.
for args in "--no-such-option good" "--classes good" "--classes abc good" \
    "--classes 3x good" "--classes -1 good" "-j 0 good" "-j x good" \
    "--format xml good" "--precision x good" "--ignore z good"; do
	# shellcheck disable=SC2086
	run "$MFW" $args
	[ "$rc" -eq 2 ] || die "'$args': exit $rc, expected 2"
	[ ! -s out ] || die "'$args': stdout not empty"
	[ -s err ] || die "'$args': no message"
done
run "$MFW"
expect_rc 2
[ ! -s out ] || die "no PATH: stdout not empty"

# --help on stdout with 0; --version with 0.
run "$MFW" --help
expect_rc 0
has out -- --classes
run "$MFW" -V
expect_rc 0
[ -s out ] || die "--version printed nothing"

# 3: a bad file, no --keep-going: all named, stdout empty.
run "$MFW" --classes 3 mixed
expect_rc 3
[ ! -s out ] || die "exit 3 with output"
has err '^mfweights: mixed/crc\.png: '
# 3: no mask found (empty directory; only a text file).
mkdir empty
run "$MFW" --classes 3 empty
expect_rc 3
[ ! -s out ] || die "no mask: stdout not empty"
[ -s err ] || die "no mask: no message"
mkdir text
echo hello >text/notes.txt
run "$MFW" --classes 3 text
expect_rc 3
# 3: a path that does not exist is named.
run "$MFW" --classes 3 good no-such-file.png
expect_rc 3
has err 'no-such-file\.png'
[ ! -s out ] || die "missing file: stdout not empty"

# 4: write error on -o and on stdout.
if [ -w /dev/full ]; then
	run "$MFW" --classes 3 -o /dev/full good
	expect_rc 4
	[ -s err ] || die "-o /dev/full: no message"
	set +e
	"$MFW" --classes 3 good >/dev/full 2>err
	rc=$?
	set -e
	expect_rc 4
	[ -s err ] || die ">/dev/full: no message"
fi
