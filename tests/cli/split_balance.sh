# split_balance: `mfweights split` on 400 masks with two rare classes
# (12 and 5 images): the same seed gives the same lists, another seed
# others; the parts have their ratios' sizes; every class's images are
# within one image of their target in every part, which random splits
# of the same sizes miss (their mean error on the rare classes is
# measurably larger: 0.37 images against 0.91 when written); the lists
# count, with --files-from, to the
# report's figures; shards give the lists of one run; -0 writes NUL
# lists; bad ratios and a missing per-image file are refused.
# suites: plain asan
command -v python3 >/dev/null || skip "no python3"
command -v jq >/dev/null || skip "jq not installed"

# Per-image lines written directly (the counting is tested elsewhere):
# class 0 everywhere, 1 in every 3rd image, 2 in 12, 3 in 5, none in 4.
python3 - <<'PY' || die "python3"
import json
with open("all.jsonl", "w") as f:
    for i in range(400):
        c = {}
        if i < 396:
            c["0"] = 900 + i
        if i % 3 == 0:
            c["1"] = 100 + i % 50
        if i % 33 == 7:
            c["2"] = 20 + 7 * (i % 11)
        if i % 80 == 11:
            c["3"] = 5 + i
        ign = 10000 - sum(c.values())
        f.write(json.dumps({"path": "m/%03d.png" % i, "index": i,
                            "width": 100, "height": 100,
                            "pixels_ignored": ign, "pixels_nodata": 0,
                            "counts": c}) + "\n")
PY
grep -c '"2"' all.jsonl | grep -qx 12 || die "12 images of class 2"

run "$MFW" split --ratios train=0.7,val=0.2,test=0.1 --seed 5 all.jsonl
expect_rc 0
mv out rep.json
mkdir first
cp split-train.txt split-val.txt split-test.txt first/
eq "$(wc -l <split-train.txt | tr -d ' ') $(wc -l <split-val.txt | tr -d ' ') \
$(wc -l <split-test.txt | tr -d ' ')" "280 80 40" "part sizes"
eq "$(cat split-*.txt | sort | uniq | wc -l | tr -d ' ')" 400 "every image once"
eq "$(js '[.parts[].images]' rep.json)" "[280,80,40]" "report sizes"
# Within one image of the target for every class and part.
js '.parts[] | [.ratio, .images_with_class]' rep.json >pc
eq "$(jq -c '.images_with_class' rep.json)" "[396,134,12,5]" "class images"
python3 - rep.json <<'PY' || die "balance"
import json, sys
r = json.load(open(sys.argv[1]))
for p in r["parts"]:
    for c, n in enumerate(p["images_with_class"]):
        want = p["ratio"] * r["images_with_class"][c]
        assert abs(n - want) < 1 + 1e-9, (p["name"], c, n, want)
PY
# Deterministic: the same seed, the same lists and report; another
# seed, other lists.
run "$MFW" split --ratios train=0.7,val=0.2,test=0.1 --seed 5 all.jsonl
same rep.json out
for p in train val test; do same split-$p.txt first/split-$p.txt; done
run "$MFW" split --ratios train=0.7,val=0.2,test=0.1 --seed 6 all.jsonl
cmp -s split-val.txt first/split-val.txt && die "seed 6 gave seed 5's split"

# Against random splits of the same sizes: the mean absolute error, in
# images, of the rare classes' counts in each part.
python3 - all.jsonl rep.json <<'PY' || die "stratified split not better"
import json, random, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
rep = json.load(open(sys.argv[2]))
sizes = [p["images"] for p in rep["parts"]]
ratios = [p["ratio"] for p in rep["parts"]]
tot = rep["images_with_class"]
def err(counts):
    return sum(abs(counts[j][c] - ratios[j] * tot[c])
               for j in range(3) for c in (2, 3)) / 6
strat = err([p["images_with_class"] for p in rep["parts"]])
rnd = []
for seed in range(200):
    idx = list(range(len(recs)))
    random.Random(seed).shuffle(idx)
    counts, k = [], 0
    for s in sizes:
        part = idx[k:k + s]
        k += s
        counts.append([sum(1 for i in part if str(c) in recs[i]["counts"])
                       for c in range(4)])
    rnd.append(err(counts))
mean = sum(rnd) / len(rnd)
print("rare-class error: stratified %.3f, random %.3f" % (strat, mean))
assert strat < 0.7 and 2 * strat < mean, (strat, mean)
PY

# Shards of the same lines (as --shard 1/3 .. 3/3 would write them), in
# any order: the same split.
awk 'NR % 3 == 1' all.jsonl >s1.jsonl
awk 'NR % 3 == 2' all.jsonl >s2.jsonl
awk 'NR % 3 == 0' all.jsonl >s3.jsonl
run "$MFW" split --ratios train=0.7,val=0.2,test=0.1 --seed 5 s3.jsonl \
    --per-image s1.jsonl s2.jsonl
expect_rc 0
same rep.json out
for p in train val test; do same split-$p.txt first/split-$p.txt; done

# Unnamed parts, a prefix, NUL lists, CSV and table reports.
mkdir lists
run "$MFW" split --ratios 1,1 --prefix lists/ -0 -f csv all.jsonl
expect_rc 0
eq "$(head -1 out)" "part,class,ratio,images,image_share,pixels,pixel_share"
eq "$(tr -cd '\0' <lists/part1.txt | wc -c | tr -d ' ')" 200 "NUL list"
run "$MFW" split --ratios a=1,b=3 -f table all.jsonl
expect_rc 0
has out "each part"

# The lists, counted again, give the report's figures.
mkdir m
"$B/mkpng" m/x0.png -w 20 -h 10 --classes 3 --seed 1 || die mkpng
"$B/mkpng" m/x1.png -w 20 -h 10 --classes 3 --seed 2 || die mkpng
"$B/mkpng" m/x2.png -w 20 -h 10 --values 0,2 || die mkpng
"$B/mkpng" m/x3.png -w 20 -h 10 --classes 2 --seed 3 || die mkpng
"$MFW" m -c 3 -q --per-image p.jsonl -o /dev/null || die "count"
run "$MFW" split --ratios a=1,b=1 p.jsonl
expect_rc 0
"$MFW" --files-from split-a.txt -c 3 -q -f counts -o a.json || die "a"
eq "$(js .pixels a.json)" "$(js '.parts[0].pixels')" "part a pixels"
eq "$(js .images_with_class a.json)" "$(js '.parts[0].images_with_class')"

# Refused.
run "$MFW" split --ratios 1 all.jsonl
expect_rc 2
has err "at least two"
run "$MFW" split --ratios a=1,2 all.jsonl
expect_rc 2
run "$MFW" split --ratios a=1,a=2 all.jsonl
expect_rc 2
run "$MFW" split --ratios a/b=1,c=1 all.jsonl
expect_rc 2
run "$MFW" split all.jsonl
expect_rc 2
run "$MFW" split --ratios a=1,b=1 --sampling inverse all.jsonl
expect_rc 2
run "$MFW" all.jsonl --ratios a=1,b=1
expect_rc 2
# Counts documents that do not match the lines: a part is missing.
"$MFW" m -c 3 -q --shard 1/2 -f counts -o c1.json --per-image q1.jsonl
"$MFW" m -c 3 -q --shard 2/2 -f counts -o c2.json --per-image q2.jsonl
rm -f split-a.txt split-b.txt
run "$MFW" split --ratios a=1,b=1 q1.jsonl c1.json c2.json
expect_rc 3
[ ! -s out ] && [ ! -e split-a.txt ] || die "output after a refused split"
has err "a per-image file is missing"
run "$MFW" split --ratios a=1,b=1 q1.jsonl q2.jsonl c1.json c2.json
expect_rc 0
