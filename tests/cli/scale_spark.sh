# scale_spark: contrib/spark_pipe.py without Spark (--local N runs the
# same pipe command over N contiguous slices of the list, as textFile and
# RDD.pipe would): the parts merge to one run's output, byte for byte when
# no file is skipped; empty slices write no part; files skipped under
# --keep-going are listed; a parts directory in use is refused.  The
# mapper printed by --print-mapper (for Hadoop streaming) turns paths on
# stdin into one counts document.  The Spark and Hadoop calls themselves
# are not tested (neither is here).
command -v python3 >/dev/null || skip "python3 not installed"
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

PY=$SRC/contrib/spark_pipe.py
mkdir g
i=0
while [ $i -lt 21 ]; do
	"$MK" g/m$i.png -w $((20 + i)) -h 14 --classes 4 --seed $i --sprinkle 255
	i=$((i + 1))
done
# Absolute paths, as executors need.
find "$PWD/g" -name '*.png' | sort >list.txt
"$MFW" -q -c 4 -i 255 --files-from list.txt >single.json ||
    die "single run failed"

for n in 1 3 7; do
	run python3 "$PY" --local $n --mfweights "$MFW" list.txt parts$n \
	    -q -c 4 -i 255
	expect_rc 0
	eq "$(wc -l <out | tr -d ' ')" $n "parts written for $n slices"
	# shellcheck disable=SC2046
	run "$MFW" merge $(cat out)
	expect_rc 0
	same out single.json
done

# More slices than paths: the empty ones write no part.
head -2 list.txt >two.txt
run python3 "$PY" --local 5 --mfweights "$MFW" two.txt few -q -c 4 -i 255
expect_rc 0
eq "$(wc -l <out | tr -d ' ')" 2 "parts of 2 paths in 5 slices"
"$MFW" -q -c 4 -i 255 --files-from two.txt >two.json
# shellcheck disable=SC2046
run "$MFW" merge $(cat out)
expect_rc 0
same out two.json

# The same parts directory again: refused, nothing merged by mistake.
run python3 "$PY" --local 2 --mfweights "$MFW" two.txt few -q -c 4 -i 255
[ "$rc" -ne 0 ] || die "a used parts directory was accepted"
has err 'already holds part files'

# --keep-going: a truncated mask is skipped and listed; the counts are
# those of one run.
"$MK" big.png -w 200 -h 100 --classes 4 --seed 9 --level 0
head -c 500 big.png >g/m3-trunc.png
find "$PWD/g" -name '*.png' | sort >kg.txt
run "$MFW" -q --keep-going -c 4 -i 255 --files-from kg.txt
expect_rc 1
mv out kg.json
run python3 "$PY" --local 3 --mfweights "$MFW" kg.txt kgparts -q \
    --keep-going -c 4 -i 255
expect_rc 0
# shellcheck disable=SC2046
run "$MFW" merge $(cat out)
expect_rc 1
jq -S 'del(.skipped)' out >a
jq -S 'del(.skipped)' kg.json >b
same a b
eq "$(js '[.skipped[].path]')" "[\"$PWD/g/m3-trunc.png\"]" "skipped"

# Without --keep-going the bad slice fails the run.
run python3 "$PY" --local 3 --mfweights "$MFW" kg.txt failparts -q -c 4 \
    -i 255
[ "$rc" -ne 0 ] || die "a failing slice was not reported"
has err 'partition'

# The mapper as one shell command line (Hadoop streaming's -mapper): a
# counts document for the paths on stdin, nothing for no paths.
cmd=$(python3 "$PY" --print-mapper --mfweights "$MFW" -q -c 4 -i 255) ||
    die "--print-mapper failed"
set +e
eval "$cmd" <list.txt >doc.json 2>err
rc=$?
set -e
expect_rc 0
"$MFW" -q -c 4 -i 255 -f counts --files-from list.txt >want.json
same doc.json want.json
set +e
eval "$cmd" </dev/null >doc.json 2>err
rc=$?
set -e
expect_rc 0
[ ! -s doc.json ] || die "the mapper printed a document for no paths"
set +e
eval "$cmd" <kg.txt >doc.json 2>err
rc=$?
set -e
[ "$rc" -ne 0 ] || die "the mapper hid a bad file"

# Without --local it needs pyspark, and says so.
if ! python3 -c 'import pyspark' 2>/dev/null; then
	run python3 "$PY" --mfweights "$MFW" list.txt spark -c 4
	[ "$rc" -ne 0 ] || die "no pyspark, yet success"
	has err 'pyspark'
fi
