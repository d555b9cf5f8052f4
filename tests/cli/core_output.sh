# core_output: -o FILE writes the same bytes as stdout, through a
# temporary file renamed into place (none left behind, an existing file
# replaced, left untouched when the run fails); non-regular targets
# (/dev/null, a FIFO) are written directly.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"

"$MK" a.png -w 30 -h 20 --classes 3
"$MK" crc.png -w 30 -h 20 --corrupt crc
"$MFW" --classes 3 a.png >want || die "stdout run failed"
"$MFW" --classes 3 -f csv a.png >want.csv || die "stdout CSV run failed"

mkdir o
run "$MFW" --classes 3 -o o/w.json a.png
expect_rc 0
[ ! -s out ] || die "-o: output on stdout too"
same o/w.json want
eq "$(ls -A o)" w.json "files in the output directory"

# Replaced, not appended to; --output=FILE and the CSV format.
echo old >o/w.json
run "$MFW" --classes 3 --output=o/w.json a.png
expect_rc 0
same o/w.json want
run "$MFW" -f csv --classes 3 -o o/w.csv a.png
expect_rc 0
same o/w.csv want.csv
eq "$(ls -A o | tr '\n' ' ')" "w.csv w.json " "files in the output directory"

# A failed run leaves an existing output as it was, and no temporary.
echo keep >o/w.json
run "$MFW" --classes 3 -o o/w.json a.png crc.png
expect_rc 3
eq "$(cat o/w.json)" keep "output after a failed run"
eq "$(ls -A o | tr '\n' ' ')" "w.csv w.json " "files after a failed run"

# Non-regular targets.
run "$MFW" --classes 3 -o /dev/null a.png
expect_rc 0
[ ! -s out ] || die "-o /dev/null: output on stdout"
mkfifo fifo
cat fifo >got &
reader=$!
set +e
timeout 60 "$MFW" --classes 3 -o fifo a.png 2>err
rc=$?
set -e
wait $reader || :
[ "$rc" -ne 124 ] || die "-o FIFO blocked"
expect_rc 0
same got want
[ -p fifo ] || die "the FIFO was replaced"
