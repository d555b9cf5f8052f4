# sample_methods: --sampling and `mfweights sample` against the
# independent oracle (tests/tools/reference.py, which computes each
# method from the PNGs with the published formulas); the same bytes from
# a run, from its --per-image file, with -j1 and -j3, and from three
# shards given in any order; CSV holds the same weights; and each way a
# sampling run can fail fails clearly, with nothing on stdout.
# suites: plain
command -v python3 >/dev/null || skip "no python3"
command -v jq >/dev/null || skip "jq not installed"
REF=$SRC/tests/tools/reference.py

# 30 masks of classes 0..2 with void pixels (255); class 3 in two of
# them, class 4 in one, and one mask of void pixels only.
mkdir m
i=0
while [ $i -lt 30 ]; do
	"$B/mkpng" m/a$i.png -w $((40 + i)) -h 30 --classes 3 --seed $i \
	    --sprinkle 255 || die "mkpng"
	i=$((i + 1))
done
"$B/mkpng" m/r1.png -w 50 -h 40 --values 0,3,3,1 || die "mkpng"
"$B/mkpng" m/r2.png -w 64 -h 64 --values 0,3 || die "mkpng"
"$B/mkpng" m/r3.png -w 30 -h 20 --values 4,0,0,2 || die "mkpng"
"$B/mkpng" m/void.png -w 16 -h 16 --const 255 || die "mkpng"

# near A B: the JSON Lines files hold the same paths, weights within
# 1e-12 (relative).
near() {
	python3 - "$1" "$2" <<'PY' || die "$1 and $2 differ"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert [r["path"] for r in a] == [r["path"] for r in b], "paths"
for x, y in zip(a, b):
    w, v = x["weight"], y["weight"]
    assert abs(w - v) <= 1e-12 * abs(v), (x, y)
PY
}

for m in "rare-class --min-pixels 200 --temperature 0.05" \
    "rare-class --min-pixels 0 --temperature 1" \
    "repeat-factor --repeat-threshold 0.2" "repeat-factor" "inverse"; do
	# shellcheck disable=SC2086
	run "$MFW" m -c 5 -i 255 -j 3 -q -f list --sampling $m \
	    --sample-weights w.jsonl --per-image p.jsonl
	expect_rc 0
	[ -s out ] || die "$m: no class weights on stdout"
	eq "$(wc -l <w.jsonl | tr -d ' ')" 34 "$m: lines"
	# shellcheck disable=SC2086
	python3 "$REF" --sampling $m -i 255 m >ref.jsonl || die "reference"
	near w.jsonl ref.jsonl
	# shellcheck disable=SC2086
	"$MFW" m -c 5 -i 255 -j 1 -q -f list --sampling $m \
	    --sample-weights w1.jsonl >/dev/null
	same w.jsonl w1.jsonl
	# shellcheck disable=SC2086
	run "$MFW" sample --sampling $m p.jsonl
	expect_rc 0
	same w.jsonl out
	for k in 1 2 3; do
		"$MFW" m -c 5 -i 255 -q --shard $k/3 -f counts -o c$k.json \
		    --per-image s$k.jsonl || die "shard $k"
	done
	# Shards in any order, with their counts documents, and through
	# the --per-image option: walk order again, the same bytes.
	# shellcheck disable=SC2086
	run "$MFW" sample --sampling $m c2.json s3.jsonl s1.jsonl \
	    --per-image s2.jsonl c3.json c1.json
	expect_rc 0
	same w.jsonl out
	# shellcheck disable=SC2086
	run "$MFW" sample --sampling $m --sample-format csv s1.jsonl \
	    s2.jsonl s3.jsonl
	expect_rc 0
	eq "$(head -1 out)" "path,weight" "csv header"
	eq "$(tail -n +2 out | cut -d, -f2 | tr '\n' ' ')" \
	    "$(jq -r .weight w.jsonl | tr '\n' ' ')" "$m: csv weights"
done

# The void-only mask: repeat factor 1, weight 0 otherwise.
"$MFW" m -c 5 -i 255 -q -f list --sampling inverse --sample-weights w.jsonl \
    >/dev/null
eq "$(jq -r 'select(.path == "m/void.png") | .weight' w.jsonl)" 0 "void"
eq "$(jq -s 'map(.weight) | add | . * 1e9 | round' w.jsonl)" 1000000000 \
    "inverse weights sum to 1"

# A missing shard: its counts document says so.
run "$MFW" sample --sampling inverse s1.jsonl s2.jsonl c1.json c2.json \
    c3.json
expect_rc 3
[ ! -s out ] || die "output after a missing shard"
has err "a per-image file is missing"
# The same lines twice.
run "$MFW" sample --sampling inverse s1.jsonl s1.jsonl
expect_rc 3
has err "given twice"
# A cut-short file (a run that was killed).
head -c 150 s2.jsonl >cut.jsonl
run "$MFW" sample --sampling inverse s1.jsonl cut.jsonl
expect_rc 3
has err "cut.jsonl: line 2 is cut short"
# Something else.
echo 'hello' >text.txt
run "$MFW" sample --sampling inverse s1.jsonl text.txt
expect_rc 3
has err "text.txt: neither"
# No image above --min-pixels: nothing written, stdout empty.
rm -f w.jsonl
run "$MFW" m -c 5 -i 255 -q --sampling rare-class --min-pixels 100000 \
    --sample-weights w.jsonl
expect_rc 3
[ ! -s out ] || die "class weights printed after a failed sampling"
[ ! -e w.jsonl ] || die "w.jsonl written after a failed sampling"
has err "no image has more than 100000 pixels"
# Usage errors.
run "$MFW" m --sampling inverse
expect_rc 2
has err "needs --sample-weights"
run "$MFW" m --sampling inverse --sample-weights w.jsonl --shard 1/2
expect_rc 2
run "$MFW" sample s1.jsonl
expect_rc 2
has err "sampling METHOD is needed"
run "$MFW" m --sampling rare-class --sample-weights w.jsonl --temperature 0
expect_rc 2
# --keep-going: a bad file has no weight, the run exits 1.
head -c 60 m/a3.png >m/a3x.png
run "$MFW" m -c 5 -i 255 -q --keep-going --sampling inverse \
    --sample-weights w.jsonl
expect_rc 1
eq "$(wc -l <w.jsonl | tr -d ' ')" 34 "lines after a skipped file"
hasnt w.jsonl a3x
# The temporary copy of the lines is gone.
eq "$(find . -name '.mfweights-*' | wc -l | tr -d ' ')" 0 "spool left"
