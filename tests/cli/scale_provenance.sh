# scale_provenance: every counts document says which shards of which
# file list it holds, under which options; merge refuses a shard given
# twice, overlapping shards, shards of another list, of another N or of
# other options, and (for weights) a set with shards missing unless
# --allow-partial, naming the files and the shards; a tree of merges
# equals one run, byte for byte, as weights and as counts.
# suites: plain
command -v jq >/dev/null || skip "jq not installed"

M=$DATA/masks
"$MFW" -q -c 4 -i 255 "$M" >single.json || die "single run"
"$MFW" -q -c 4 -i 255 -f counts "$M" >single.counts || die "single counts"
k=1
while [ $k -le 8 ]; do
	"$MFW" -q -c 4 -i 255 --shard $k/8 -f counts -o s$k.json "$M" ||
	    die "shard $k"
	k=$((k + 1))
done

# The provenance members.
eq "$(jq -c '[.mfweights_counts, .shards, .list_files, .files]' s3.json)" \
    '[2,"3/8",33,4]' "shard 3/8 of 33 paths"
eq "$(jq -r .shards single.counts)" whole "whole"
eq "$(jq -r .tool_version s1.json)" "$("$MFW" --version | cut -d' ' -f2)" \
    "tool version"
eq "$(jq -r .list_fingerprint s1.json)" "$(jq -r .list_fingerprint s8.json)" \
    "shards of one list agree"
eq "$(jq -r .list_fingerprint s1.json)" \
    "$(jq -r .list_fingerprint single.counts)" "and with the whole run"
eq "$(jq -r .options_fingerprint s1.json)" \
    "$(jq -r .options_fingerprint single.counts)" "options"

all="s1.json s2.json s3.json s4.json s5.json s6.json s7.json s8.json"
# shellcheck disable=SC2086
run "$MFW" merge $all
expect_rc 0
same out single.json

# refused PATTERN FILE...: merge fails, nothing on stdout, PATTERN on
# stderr.
refused() {
	pat=$1
	shift
	run "$MFW" merge "$@"
	expect_rc 3
	[ ! -s out ] || die "merge $*: output on stdout"
	has err "$pat"
}

# The same shard twice: by the same name, or a copy.
cp s3.json copy3.json
# shellcheck disable=SC2086
refused '^mfweights: copy3\.json: the same shard as s3\.json (3/8): given twice' \
    $all copy3.json
# shellcheck disable=SC2086
refused '^mfweights: s3\.json: the same shard as s3\.json' $all s3.json
# --allow-partial does not let a duplicate through.
run "$MFW" merge --allow-partial s1.json s2.json s2.json
expect_rc 3
[ ! -s out ] || die "--allow-partial merged a duplicate"
has err 'given twice'

# Overlapping parts: a merge of 1-3 and one of 3-5.
"$MFW" merge -f counts -o a13.json s1.json s2.json s3.json
"$MFW" merge -f counts -o a35.json s3.json s4.json s5.json
eq "$(jq -c '[.shards, .files]' a13.json)" '["1-3/8",13]' "merge 1-3"
refused '^mfweights: a35\.json: overlaps a13\.json: both hold shard 3/8' \
    a13.json a35.json s6.json s7.json s8.json

# Shards of another list: another directory, the same list spelt
# otherwise, or with a file left out.
"$MFW" -q -c 4 -i 255 --shard 2/8 -f counts -o other.json "$DATA" ||
    die "other list"
refused '^mfweights: other\.json: cannot be merged with s1\.json: a shard of another file list' \
    s1.json other.json s3.json s4.json s5.json s6.json s7.json s8.json
ln -s "$M" link
"$MFW" -q -c 4 -i 255 --shard 2/8 -f counts -o spelt.json link/ ||
    die "spelt"
refused 'spelt\.json: .*another file list' s1.json spelt.json
"$MFW" -q -c 4 -i 255 --shard 2/8 -f counts -o fewer.json \
    --exclude 'a*' "$M" || die "fewer"
refused 'fewer\.json: .*another file list' s1.json fewer.json

# Another N; the whole beside shards.
"$MFW" -q -c 4 -i 255 --shard 2/4 -f counts -o q2.json "$M"
refused 'q2\.json: cannot be merged with s1\.json: shards of 4, not of 8' \
    s1.json q2.json
refused 'single\.counts: .*the whole list, the other one shard of 8' \
    s1.json single.counts

# Other options: those named, and those only the fingerprint knows.
"$MFW" -q -c 4 -i 255 -i 0 --shard 2/8 -f counts -o ign.json "$M"
refused 'ign\.json: .*ignore values' s1.json ign.json
"$MFW" -q -c 4 -i 255 --max-pixels 100000 --keep-going --shard 2/8 \
    -f counts -o mp.json "$M" || [ $? -eq 1 ] || die "max-pixels"
refused 'mp\.json: .*options fingerprints differ' s1.json mp.json
"$MFW" -q -c 4 -i 255 --decoder png --shard 2/8 -f counts -o dec.json "$M"
refused 'dec\.json: .*options fingerprints differ' s1.json dec.json

# Missing shards, named; --allow-partial prints and says so.
refused 'shards missing: 2,4-8/8' s1.json s3.json
refused 'shards missing: 8/8' s1.json s2.json s3.json s4.json s5.json \
    s6.json s7.json
run "$MFW" merge --allow-partial s1.json s3.json
expect_rc 0
has err 'warning: weights of part of the data set, shards 1,3/8; missing: 2,4-8/8'
eq "$(jq -r .partial_shards out)" "1,3/8" "partial_shards"
run "$MFW" merge --allow-partial -f list s1.json s3.json
expect_rc 0
has err 'missing: 2,4-8/8'
# Written as counts, a partial merge needs no flag and says what it holds.
run "$MFW" merge -f counts s1.json s3.json s8.json
expect_rc 0
eq "$(jq -c '[.shards, .files, .list_files]' out)" '["1,3,8/8",13,33]' \
    "partial counts"
# --allow-partial belongs to merge.
run "$MFW" --allow-partial -c 4 "$M"
expect_rc 2

# A tree of merges: pairs, then pairs of pairs, then the root; every
# level keeps its checks, and the root is one run's document.
"$MFW" merge -f counts -o b12.json s1.json s2.json
"$MFW" merge -f counts -o b34.json s4.json s3.json
"$MFW" merge -f counts -o b56.json s5.json s6.json
"$MFW" merge -f counts -o b78.json s8.json s7.json
"$MFW" merge -f counts -o c14.json b12.json b34.json
"$MFW" merge -f counts -o c58.json b78.json b56.json
eq "$(jq -r .shards c14.json)" "1-4/8" "branch 1-4"
run "$MFW" merge -f counts c58.json c14.json
expect_rc 0
same out single.counts
run "$MFW" merge c14.json c58.json
expect_rc 0
same out single.json
run "$MFW" merge -f csv c14.json b56.json b78.json
expect_rc 0
"$MFW" -q -c 4 -i 255 -f csv "$M" >single.csv
same out single.csv
# ... and a shard given twice across branches is still caught.
refused 'b34\.json: overlaps c14\.json: both hold shards 3-4/8' \
    c14.json b34.json c58.json
refused 'c14\.json: .*whole list' c14.json single.counts

# Provenance that contradicts itself is refused.
jq '.files = 5' s3.json >badfiles.json
refused 'badfiles\.json: inconsistent provenance' badfiles.json
jq '.shards = "9/8"' s3.json >badset.json
refused 'badset\.json: "shards" is not' badset.json
jq '.shards = "3-2/8"' s3.json >badset2.json
refused 'badset2\.json: "shards" is not' badset2.json
jq '.list_fingerprint = "xyz"' s3.json >badfp.json
refused 'badfp\.json: "list_fingerprint"' badfp.json
