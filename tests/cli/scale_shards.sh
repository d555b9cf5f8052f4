# scale_shards: the N shards of a data set (--shard K/N --format counts),
# merged with `mfweights merge`, print exactly what one run over the whole
# set prints, for N = 1, 2, 3 and 7, in JSON and CSV, with the classes
# given or inferred; over data/masks and over ~60 generated masks of
# several layouts.  Also: every file is in exactly one shard, merge reads
# a part from `-`, the order of the parts does not matter, and a merged
# counts document equals a single run's and merges again to the same.
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir -p gen/a gen/b/c gen/d
i=0
while [ $i -lt 60 ]; do
	case $((i % 5)) in
	0) o="--sprinkle 255" d=gen/a ;;
	1) o="--type palette --trns" d=gen/b ;;
	2) o="--depth 16 --sprinkle 255" d=gen/b/c ;;
	3) o="--depth 4" d=gen/d ;;
	4) o="--interlace" d=gen ;;
	esac
	# shellcheck disable=SC2086
	"$MK" "$d/m$i.png" -w $((17 + i * 3)) -h $((11 + i % 9)) --classes 6 \
	    --seed $i $o
	i=$((i + 1))
done

# check NAME OPTS PATH...: shards of every N merged == one run.
check() {
	name=$1 opts=$2
	shift 2
	# shellcheck disable=SC2086
	"$MFW" -q $opts "$@" >"$name.json" || die "$name: single run failed"
	# shellcheck disable=SC2086
	"$MFW" -q -f csv $opts "$@" >"$name.csv" || die "$name: csv run failed"
	images=$(js .images "$name.json")
	for n in 1 2 3 7; do
		k=1 parts="" sum=0
		while [ $k -le $n ]; do
			# shellcheck disable=SC2086
			run "$MFW" -q --shard $k/$n -f counts $opts "$@"
			expect_rc 0
			mv out "$name.$k-$n"
			eq "$(js .mfweights_counts "$name.$k-$n")" 2 "version"
			sum=$((sum + $(js .images "$name.$k-$n")))
			parts="$parts $name.$k-$n"
			k=$((k + 1))
		done
		eq "$sum" "$images" "$name: images over the $n shards"
		# shellcheck disable=SC2086
		run "$MFW" merge $parts
		expect_rc 0
		same out "$name.json"
		# shellcheck disable=SC2086
		run "$MFW" merge -f csv $parts
		expect_rc 0
		same out "$name.csv"
		# Parts in reverse order, the last one read from stdin.
		# shellcheck disable=SC2086
		rev=$(printf '%s\n' $parts | sed '1d' | sort -r | tr '\n' ' ')
		set +e
		# shellcheck disable=SC2086
		"$MFW" merge $rev - <"$name.1-$n" >out 2>err
		rc=$?
		set -e
		expect_rc 0
		same out "$name.json"
	done
}

check sample "--classes 4 --ignore 255" "$DATA/masks"
check inferred "" "$DATA/masks"
check gen "--classes 6 -i 255" gen
check both "-i 255 -j 1" gen "$DATA/masks/city"

# Hierarchical merge: merged counts == one run's counts, and merge again.
"$MFW" -q -f counts --classes 6 -i 255 gen >whole.counts
run "$MFW" merge -f counts gen.1-3 gen.2-3 gen.3-3
expect_rc 0
same out whole.counts
mv out m3.counts
run "$MFW" merge -f counts gen.1-2 gen.2-2
expect_rc 0
same out whole.counts
run "$MFW" merge m3.counts
expect_rc 0
same out gen.json

# The weighting options apply at merge time.
"$MFW" -q --classes 6 -i 255 --method enet --precision 4 -f list gen \
    >enet.single
run "$MFW" merge --method enet --precision 4 -f list gen.1-7 gen.2-7 \
    gen.3-7 gen.4-7 gen.5-7 gen.6-7 gen.7-7
expect_rc 0
same out enet.single

# Round-robin: the i-th file of the walk (from 0) is in shard i mod N + 1.
"$MFW" -q -j 1 --classes 6 -i 255 --per-image all.jsonl gen >/dev/null
jq -r .path all.jsonl >all.paths
eq "$(wc -l <all.paths | tr -d ' ')" 60 "per-image lines"
for k in 1 2 3; do
	"$MFW" -q --shard $k/3 -f counts --classes 6 -i 255 \
	    --per-image s$k.jsonl gen >/dev/null
	jq -r .path s$k.jsonl >s$k.paths
	awk -v k=$k 'NR % 3 == k % 3' all.paths >want$k
	same s$k.paths want$k
done

# Bad K/N values are usage errors.
for bad in 0/3 4/3 3 1/0 a/2 1/2x -1/2; do
	run "$MFW" --shard "$bad" -f counts gen
	expect_rc 2
	has err 'shard'
done
