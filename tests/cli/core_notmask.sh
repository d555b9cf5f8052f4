# core_notmask: files that are not masks (text, empty, a FIFO, a socket,
# symbolic links met in the walk) are passed over silently in a walk:
# never a failure, never counted, never opened so that they block.  The
# same things named on the command line are bad files (exit 3), except a
# symbolic link, which is followed when named.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir d other
"$MK" d/a.png -w 30 -h 20 --classes 3
"$MK" other/b.png -w 30 -h 20 --classes 3 --seed 7
echo 'just text' >d/notes.txt
printf 'hello\n' >d/fake.png	# a .png name does not make a PNG
: >d/empty.png
mkfifo d/fifo.png
ln -s ../other/b.png d/link.png
ln -s ../other d/linkdir
ln -s nowhere.png d/dangling.png
if command -v python3 >/dev/null; then
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' d/sock.png || :
fi

"$MFW" --classes 3 d/a.png >want 2>/dev/null || die "single file failed"

# The walk: only a.png counts, no file is named, nothing blocks.
set +e
timeout 60 "$MFW" --classes 3 d >out 2>err
rc=$?
set -e
[ "$rc" -ne 124 ] || die "the walk blocked (on the FIFO?)"
expect_rc 0
same out want
for f in notes.txt fake.png empty.png fifo.png link.png linkdir dangling \
    sock.png; do
	hasnt err "$f"
done
eq "$(js .images)" 1 "images"

# With -j1 too (the inline path).
set +e
timeout 60 "$MFW" -j1 --classes 3 d >out 2>err
rc=$?
set -e
[ "$rc" -ne 124 ] || die "-j1: the walk blocked"
expect_rc 0
same out want

# Named on the command line: a non-mask is a bad file.
for f in d/notes.txt d/fake.png d/empty.png d/fifo.png d/dangling.png \
    /dev/null; do
	set +e
	timeout 60 "$MFW" --classes 3 d/a.png "$f" >out 2>err
	rc=$?
	set -e
	[ "$rc" -ne 124 ] || die "$f: blocked"
	[ "$rc" -eq 3 ] || { cat err >&2; die "$f: exit $rc, expected 3"; }
	[ ! -s out ] || die "$f: output on stdout"
	has err "$f"
done
if [ -S d/sock.png ]; then
	run "$MFW" --classes 3 d/a.png d/sock.png
	expect_rc 3
fi

# A link named on the command line is followed, to a file or a directory.
run "$MFW" --classes 3 d/link.png
expect_rc 0
eq "$(js .images)" 1 "named link"
run "$MFW" --classes 3 d/linkdir
expect_rc 0
eq "$(js .images)" 1 "named directory link"
