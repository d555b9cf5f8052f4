# bad_corpus: every hostile file of tests/bad, given alone as an explicit
# argument with default options, under `ulimit -v` and `timeout 20`
# (180 for sanitizer builds): no
# crash (the exit status is a documented one, never a signal or the
# timeout), the exit status of tests/bad/MANIFEST, a message naming the
# file that matches the manifest's pattern, nothing on stderr that is not
# ours, stdout empty on exit 3; peak RSS under 256 MiB and under 5 s of
# CPU time, user and system (measured with /usr/bin/time, skipped without
# it and for sanitizer builds; wall time depends on the machine's load,
# and `timeout 20` catches a hang).  Then one --keep-going run over the whole corpus plus a few
# good masks: exit 1, every bad file listed in "skipped" (but those a walk
# passes over: no signature, VRT), and the same output, apart from the
# skipped list, as a run over only the good masks and the valid files.
# suites: plain asan
M=$SRC/tests/bad/MANIFEST
[ -f "$M" ] || skip "no $M"

# Sanitizer builds reserve terabytes of address space and run slower:
# limits and measures apply to plain builds only.
plain=1
sanitized && plain=0
# A hang is what the timeout catches: a sanitizer build is 5 to 15 times
# slower, and CI runs two of them side by side.
LIMIT=20
[ $plain -eq 1 ] || LIMIT=180
TIME=/usr/bin/time
[ -x "$TIME" ] && [ $plain -eq 1 ] || TIME=
[ -n "$TIME" ] || echo "note: no RSS or time checks (no /usr/bin/time, or a" \
    "sanitizer build)" >&2
RSS_KB=262144
MAX_S=5

mkdir bad good
# GDAL's netCDF driver hangs or crashes inside libnetcdf on the gdal-nc-*
# files, 10 to 80 s each under a sanitizer helper (1.3 GB of shadow): the
# plain suite gives them; the sanitizer suites pass over them.
if [ $plain -eq 1 ]; then
	grep -v '^#' "$M" >manifest
else
	grep -v -e '^#' -e '^gdal-nc-' "$M" >manifest
fi
while read -r name st pat; do
	cp "$SRC/tests/bad/$name" bad/
done <manifest

fails=0
bad() { echo "FAIL: bad/$1: $2" >&2; fails=$((fails + 1)); }

while read -r name st pat; do
	f=bad/$name
	set +e
	(
		[ $plain -eq 1 ] && ulimit -v 8388608
		if [ -n "$TIME" ]; then
			exec timeout $LIMIT "$TIME" -f '%M %U %S' -o tm "$MFW" "$f"
		else
			exec timeout $LIMIT "$MFW" "$f"
		fi
	) >out 2>err
	rc=$?
	set -e
	case $rc in
	0|1|2|3|4) ;;
	124) bad "$name" "timed out ($LIMIT s)"; continue ;;
	*) bad "$name" "exit $rc (a signal?)"; continue ;;
	esac
	[ "$rc" -eq "$st" ] || bad "$name" "exit $rc, expected $st: $(head -c 300 err)"
	if [ "$rc" -ne 0 ]; then
		if ! grep -F "mfweights: $f: " err >line; then
			bad "$name" "no message naming the file: $(head -c 300 err)"
		elif ! grep -Eiq -- "$pat" line; then
			bad "$name" "message does not match '$pat': $(head -c 300 line)"
		fi
	fi
	[ "$rc" -ne 3 ] || [ ! -s out ] || bad "$name" "exit 3 with output on stdout"
	[ "$rc" -ne 0 ] || [ -s out ] || bad "$name" "exit 0 without output"
	if grep -v '^mfweights: ' err >other; then
		bad "$name" "stderr lines not from mfweights: $(head -3 other)"
	fi
	if [ -n "$TIME" ]; then
		# Some versions of time(1) write a line before the figures.
		set -- $(tail -1 tm)
		[ "$1" -le $RSS_KB ] || bad "$name" "peak RSS $1 KB, over $RSS_KB KB"
		awk -v t="$2" -v u="$3" -v m=$MAX_S 'BEGIN { exit !(t + u < m) }' ||
		    bad "$name" "took $2 s user + $3 s system CPU, over $MAX_S s"
	fi
done <manifest
[ $fails -eq 0 ] || die "$fails checks failed over the files of tests/bad"

# One run over everything, --keep-going.  The good run counts the good
# masks and the corpus files that are valid (status 0).
command -v jq >/dev/null || skip "jq not installed"
[ -x "$B/mkpng" ] && [ -x "$B/mktiff" ] || skip "no test generators"
"$B/mkpng" good/g1.png -w 40 -h 30 --classes 4 --seed 1
"$B/mkpng" good/g2.png -w 33 -h 21 --classes 4 --seed 2 --depth 16
"$B/mktiff" good/g3.tif --width 25 --height 19 --classes 4 --tile 16
awk '$2 == 0 { print $1 }' manifest | while read -r name; do
	cp "bad/$name" good/
done
mkdir all
cp bad/* all/
cp good/g* all/
run timeout $((LIMIT * 6)) "$MFW" --keep-going all
expect_rc 1
mv out kg
mv err kgerr
run timeout $((LIMIT * 6)) "$MFW" good
expect_rc 0
mv out gd
jq -S 'del(.skipped, .skipped_files)' kg >a
jq -S 'del(.skipped, .skipped_files)' gd >b
same a b
awk '{ p = $0; sub(/^[^ ]+ [^ ]+ /, "", p) }
    $2 != 0 && p != "not a mask" && p != "VRT" { print "all/" $1 }' \
    manifest | sort >want
js '.skipped[].path' kg | tr -d '"' | sort >got
same want got
eq "$(js '.skipped_files' kg)" "$(wc -l <want | tr -d ' ')" "skipped_files"
eq "$(js '[.skipped[] | .reason | length > 0] | all' kg)" true "reasons"
# stderr: the first bad files named, the rest grouped by fault, in a
# dozen lines or so whatever their number (the output lists them all).
[ "$(wc -l <kgerr)" -le 12 ] || die "$(wc -l <kgerr) lines on stderr"
grep -qF " $(head -1 want): " kgerr ||
    die "no message for the first bad file $(head -1 want)"
