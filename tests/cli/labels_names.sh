# --names: a JSON names array and a CSV name column (quoted when needed).
# suites: plain asan
"$B/mkpng" a.png -w 8 -h 8 --values 0,1,2
printf 'sky\nroad, wet\n"my ""car"""\n' >names.txt
run "$MFW" -q -c 3 --names names.txt a.png; expect_rc 0
eq "$(js .names)" '["sky","road, wet","my \"car\""]'
run "$MFW" -q -c 3 --names names.txt -f csv a.png; expect_rc 0
has out '^0,.*,sky$'
has out '^1,.*,"road, wet"$'
has out '^2,.*,"my ""car"""$'
# Fewer or more names than classes: an error saying the counts (issue 13).
printf 'sky\n' >one.txt
run "$MFW" -q -c 3 --names one.txt a.png; expect_rc 2
has err '^mfweights: --names: one.txt: 1 name for 3 classes'
[ ! -s out ] || die "output on stdout"
[ "$(wc -l <err)" -eq 1 ] || die "more than one line: $(cat err)"
printf 'a\nb\nc\nd\n' >four.txt
run "$MFW" -q --names four.txt a.png; expect_rc 2
has err '4 names for 3 classes (inferred'
