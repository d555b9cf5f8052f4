# walk_unsearchable: nothing the walk finds is dropped without a word
# (issue 12, defect 2).  A directory that is readable but not searchable
# lists its entries, but none can be examined (fstatat: EACCES): each is
# a bad file, named, exit 3; under --keep-going they are listed as
# skipped.  Before, they vanished from the count with exit 0 and nothing
# on stderr.  As root (CI) mfweights runs as nobody through setpriv in a
# directory of its own under /tmp; as another user directly.
# suites: plain asan
MK=$B/mkpng
command -v jq >/dev/null || skip "jq not installed"
as_nobody unsearch
mkdir d d/r
"$MK" d/a.png -w 10 -h 10 --classes 3 --seed 1
"$MK" d/r/b.png -w 10 -h 10 --classes 3 --seed 2
"$MK" d/r/c.png -w 10 -h 10 --classes 3 --seed 3
chmod -R a+rX d
chmod 444 d/r # r--: readdir works, fstatat does not
$as ls d/r >/dev/null 2>&1 || skip "cannot list d/r as this user"
$as test -e d/r/b.png && skip "permissions do not apply to this user"

run $as "$MFW" --classes 3 d
expect_rc 3
[ ! -s out ] || die "output on stdout"
has err '^mfweights: d/r/b\.png: cannot examine: Permission denied'
has err '^mfweights: d/r/c\.png: cannot examine: Permission denied'

# The filters do not hide them: a name tells nothing of what it is.
run $as "$MFW" --classes 3 --include 'x*' d
expect_rc 3
has err 'd/r/b\.png: cannot examine'

run $as "$MFW" --classes 3 --keep-going d
expect_rc 1
eq "$(js '[.skipped[].path]')" '["d/r/b.png","d/r/c.png"]' "skipped"
eq "$(js .images)" 1 "images"

# With --follow, a link whose target cannot be examined is named too;
# a dangling link is still only passed over.
mkdir e
"$MK" e/a.png -w 10 -h 10 --classes 3 --seed 1
ln -s ../d/r/b.png e/in
ln -s nowhere e/dangling
chmod -R a+rX e
run $as "$MFW" --classes 3 --follow e
expect_rc 3
has err '^mfweights: e/in: cannot follow link: Permission denied'
hasnt err dangling
