# --names: a JSON names array and a CSV name column (quoted when needed).
"$B/mkpng" a.png -w 8 -h 8 --values 0,1,2
printf 'sky\nroad, wet\n"car"\n' >names.txt
run "$MFW" -q -c 3 --names names.txt a.png; expect_rc 0
eq "$(js .names)" '["sky","road, wet","\"car\""]'
run "$MFW" -q -c 3 --names names.txt -f csv a.png; expect_rc 0
has out '^0,.*,sky$'
has out '^1,.*,"road, wet"$'
has out '^2,.*,"""car"""$'
# Fewer names than classes: the rest are empty.
printf 'sky\n' >one.txt
run "$MFW" -q -c 3 --names one.txt a.png; expect_rc 0
eq "$(js .names)" '["sky","",""]'
