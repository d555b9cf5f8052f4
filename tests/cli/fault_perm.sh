# fault_perm: a file and a directory that cannot be read are bad inputs
# named with the system's reason: exit 3 and nothing on stdout, or under
# --keep-going exit 1 with both listed in "skipped".  The test needs a
# user the permissions apply to: as root (CI) it runs mfweights as
# nobody through setpriv in a directory of its own under /tmp.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"
as_nobody perm
mkdir d d/sub
"$MK" d/a.png -w 10 -h 10 --classes 3 --seed 1
"$MK" d/b.png -w 10 -h 10 --classes 3 --seed 2
"$MK" d/sub/c.png -w 10 -h 10 --classes 3 --seed 3
"$MK" d/z.png -w 10 -h 10 --classes 3 --seed 4
chmod -R a+rX d
chmod 000 d/b.png d/sub
$as test -r d/b.png && skip "permissions do not apply to this user"

# Alone, as an explicit argument.
run $as "$MFW" --classes 3 d/b.png
expect_rc 3
[ ! -s out ] || die "output on stdout"
has err '^mfweights: d/b\.png: .*[Pp]ermission denied'

# In a walk: both named, stdout empty.
run $as "$MFW" --classes 3 d
expect_rc 3
[ ! -s out ] || die "output on stdout"
has err '^mfweights: d/b\.png: .*[Pp]ermission denied'
has err '^mfweights: d/sub: .*[Pp]ermission denied'

# --keep-going: both skipped, the rest counted as if they were not there.
run $as "$MFW" --classes 3 --keep-going d
expect_rc 1
mv out kg
eq "$(js '[.skipped[].path]' kg)" '["d/b.png","d/sub"]' "skipped"
eq "$(js '.images' kg)" 2 "images"
mkdir g
cp d/a.png d/z.png g/
chmod -R a+rX g
run $as "$MFW" --classes 3 g
expect_rc 0
jq -S 'del(.skipped, .skipped_files)' kg >a
jq -S 'del(.skipped, .skipped_files)' out >b
same a b
