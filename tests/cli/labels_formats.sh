# The list and table formats.
# suites: plain asan
"$B/mkpng" a.png -w 20 -h 10 --values 0,0,0,1
"$B/mkpng" b.png -w 10 -h 10 --values 0,2
run "$MFW" -q -c 3 -f list --precision 2 a.png b.png; expect_rc 0
eq "$(cat out)" '[0.75, 2, 1]'
run "$MFW" -q -c 3 -f list a.png b.png; expect_rc 0
js . >/dev/null || die "list is not JSON"
run "$MFW" -q -c 4 -f table a.png b.png; expect_rc 0
has out '^class'
has out '(absent)'
has out '#'
eq "$(wc -l <out | tr -d ' ')" 6 "table lines"
