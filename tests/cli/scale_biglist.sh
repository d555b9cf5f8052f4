# scale_biglist: a long file list on stdin (100,000 lines: the 32 masks of
# data/masks and the README over and over, newline- and NUL-separated) is
# read one line at a time: the result equals the run over the files once
# (each file met again is a duplicate, counted once), it takes seconds,
# and memory does not grow with the list (peak RSS with /usr/bin/time,
# when present and the build is not under a sanitizer, whose quarantine
# holds freed memory).  Measured by hand, 2 cores: 1,000,000
# lines naming 1,000,000 distinct 8x8 masks, 36 s and 28.8 MB peak RSS
# (the set of files met, to spot duplicates); 1,000,000 lines repeating
# 60 paths, 2.4 s and 4.7 MB.  This test stays small for CI.
# suites: plain
command -v awk >/dev/null || skip "no awk"

M=$DATA/masks
find "$M" -type f | sort >once.txt
eq "$(wc -l <once.txt | tr -d ' ')" 33 "files in data/masks"
"$MFW" -q -c 4 -i 255 --files-from once.txt >once.json ||
    die "run over the list once failed"

# lines N: the list repeated to N lines.
lines() {
	awk -v n="$1" '{ p[NR] = $0 } END { for (i = 0; i < n; i++)
	    print p[i % NR + 1] }' once.txt
}
lines 100000 >big.txt
eq "$(wc -l <big.txt | tr -d ' ')" 100000 "lines"

t0=$(date +%s)
set +e
"$MFW" -q -c 4 -i 255 --files-from - <big.txt >out 2>err
rc=$?
set -e
t1=$(date +%s)
expect_rc 0
same out once.json
[ $((t1 - t0)) -lt 20 ] || die "100,000 lines took $((t1 - t0)) s"

# NUL-separated, from a pipe.
set +e
tr '\n' '\0' <big.txt | "$MFW" -q -c 4 -i 255 -0 --files-from - >out 2>err
rc=$?
set -e
expect_rc 0
same out once.json

# Without -q every duplicate is named: the notices go to stderr, never
# into the weights.
lines 2000 >mid.txt
set +e
"$MFW" -c 4 -i 255 --files-from mid.txt >out 2>err
rc=$?
set -e
expect_rc 0
same out once.json
has err 'already counted'

# Sharded, the long list gives the same weights.
for k in 1 2 3; do
	"$MFW" -q -c 4 -i 255 --shard $k/3 -f counts --files-from - \
	    <big.txt >p$k || die "shard $k/3 failed"
done
run "$MFW" merge p1 p2 p3
expect_rc 0
same out once.json

# Memory: 100,000 lines cost no more than 1,000 lines, within 4 MB.
[ -x /usr/bin/time ] || exit 0
if ldd "$MFW" 2>/dev/null | grep -q 'lib[at]san'; then exit 0; fi
lines 1000 >small.txt
/usr/bin/time -f %M -o rss.small "$MFW" -q -c 4 -i 255 -j 2 \
    --files-from small.txt >/dev/null || die "small list failed"
/usr/bin/time -f %M -o rss.big "$MFW" -q -c 4 -i 255 -j 2 \
    --files-from big.txt >/dev/null || die "big list failed"
small=$(tail -1 rss.small)
big=$(tail -1 rss.big)
echo "peak RSS: 1,000 lines $small KB, 100,000 lines $big KB"
[ "$big" -le $((small + 4096)) ] ||
    die "peak RSS grew from $small KB to $big KB with the list"
