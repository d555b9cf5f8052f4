# core_dup: the same file (same device and inode) reached twice is counted
# once, with a notice: a path given twice, a file inside a directory also
# given, a hard link, a symbolic link followed with --follow.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir d
"$MK" d/a.png -w 30 -h 20 --classes 3
"$MK" d/b.png -w 30 -h 20 --classes 3 --seed 5
"$MFW" --classes 3 d >want 2>/dev/null || die "plain run failed"

run "$MFW" --classes 3 d d
expect_rc 0
same out want
[ -s err ] || die "directory given twice: no notice"

run "$MFW" --classes 3 d d/a.png
expect_rc 0
same out want
has err 'a\.png'

run "$MFW" --classes 3 d/a.png d/b.png d/a.png ./d/a.png
expect_rc 0
same out want
has err 'a\.png'

# A hard link inside the walk.
ln d/a.png d/hard.png
run "$MFW" --classes 3 d
expect_rc 0
same out want
has err 'hard\.png\|a\.png'

# A symbolic link: passed over without --follow (no notice needed),
# counted once with it.
rm d/hard.png
ln -s a.png d/soft.png
run "$MFW" --classes 3 d
expect_rc 0
same out want
run "$MFW" --classes 3 --follow d
expect_rc 0
same out want
has err 'soft\.png\|a\.png'

# A copy is another file: counted twice.
cp d/a.png d/copy.png
run "$MFW" --classes 3 d
expect_rc 0
eq "$(js .images)" 3 "a copy counts"
