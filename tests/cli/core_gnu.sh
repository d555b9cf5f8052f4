# core_gnu: options may come before or after the paths (GNU style), in
# short, long, --opt=value and bundled forms; "--" ends the options so a
# file named "-x.png" can be counted.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"

mkdir d
"$MK" d/a.png -w 20 -h 10 --values 0,1,2,255
"$MK" d/b.png -w 20 -h 10 --values 2,1
cp d/a.png ./-x.png

"$MFW" --classes 3 --ignore 255 -f csv -j 2 d >want ||
    die "options first failed"
for args in "d --classes 3 --ignore 255 -f csv -j 2" \
    "--classes 3 d --ignore 255 -f csv -j2" \
    "-c3 -i255 -fcsv -j2 d" \
    "--classes=3 --ignore=255 --format=csv --threads=2 d" \
    "d -c 3 -i 255 --format csv"; do
	# shellcheck disable=SC2086
	run "$MFW" $args
	expect_rc 0
	same out want
done

# "--": what follows is a path even if it starts with "-".
run "$MFW" --classes 3 --ignore 255 -- -x.png
expect_rc 0
"$MFW" --classes 3 --ignore 255 d/a.png >want1 || die "d/a.png failed"
same out want1
run "$MFW" --classes 3 -- d --ignore 255
expect_rc 3
has err 'ignore'
