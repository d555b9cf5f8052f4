# sample_torch: the sampling weights load straight into PyTorch's
# WeightedRandomSampler (Debian's python3-torch, installed here when
# missing: it is large, so this test stays out of the sanitizer runs),
# from JSON Lines and from CSV; the weights equal the independent
# oracle's (tests/tools/reference.py); and 200,000 draws follow them:
# images of weight 0 are never drawn, and each image's share of the
# draws is within 5 standard deviations of its weight.
# suites: plain
PY=/usr/bin/python3
[ -x $PY ] || skip "no $PY"
if ! $PY -c 'import torch' 2>/dev/null; then
	[ "$(id -u)" -eq 0 ] || skip "python3-torch is missing; as root: apt-get install python3-torch"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends python3-torch \
	    >/dev/null 2>&1 ||
	    { apt-get update -qq && apt-get install -y -qq \
		--no-install-recommends python3-torch >/dev/null; } ||
	    die "cannot install python3-torch"
	$PY -c 'import torch' || die "python3-torch installed, torch missing"
fi

mkdir m
i=0
while [ $i -lt 12 ]; do
	"$B/mkpng" m/a$i.png -w 48 -h 32 --classes 3 --seed $i \
	    --sprinkle 255 || die "mkpng"
	i=$((i + 1))
done
"$B/mkpng" m/rare.png -w 48 -h 32 --values 0,3 || die "mkpng"
"$B/mkpng" m/void.png -w 8 -h 8 --const 255 || die "mkpng"

k=0
for m in "rare-class --min-pixels 300 --temperature 0.1" \
    "repeat-factor --repeat-threshold 0.5" "inverse"; do
	k=$((k + 1))
	# shellcheck disable=SC2086
	"$MFW" m -c 4 -i 255 -q -f list --sampling $m \
	    --sample-weights w$k.jsonl >/dev/null || die "$m: run"
	# shellcheck disable=SC2086
	"$MFW" m -c 4 -i 255 -q -f list --sampling $m --sample-format csv \
	    --sample-weights w$k.csv >/dev/null || die "$m: csv run"
	# shellcheck disable=SC2086
	$PY "$SRC/tests/tools/reference.py" --sampling $m -i 255 m \
	    >ref$k.jsonl || die "reference"
done
# One Python for the three methods: importing torch takes seconds.
$PY - <<'PY' || die "PyTorch"
import csv, json, math
import torch
from torch.utils.data import WeightedRandomSampler

for k in (1, 2, 3):
    rows = [json.loads(line) for line in open("w%d.jsonl" % k)]
    ref = [json.loads(line) for line in open("ref%d.jsonl" % k)]
    with open("w%d.csv" % k, newline="") as f:
        crows = list(csv.DictReader(f))
    assert [r["path"] for r in rows] == [r["path"] for r in ref]
    assert [r["path"] for r in crows] == [r["path"] for r in rows]
    w = [r["weight"] for r in rows]
    for x, y in zip(w, (r["weight"] for r in ref)):
        assert abs(x - y) <= 1e-12 * abs(y), (x, y)
    assert [float(r["weight"]) for r in crows] == w
    n = 200000
    for weights in (w, [float(r["weight"]) for r in crows]):
        sampler = WeightedRandomSampler(weights, num_samples=n,
                                        generator=torch.Generator().manual_seed(7))
        drawn = list(sampler)
        assert len(drawn) == n and len(sampler) == n
        hits = [0] * len(w)
        for i in drawn:
            hits[i] += 1
        total = sum(weights)
        for i, x in enumerate(weights):
            p = x / total
            if p == 0:
                assert hits[i] == 0, (rows[i]["path"], hits[i])
            else:
                sd = math.sqrt(n * p * (1 - p))
                assert abs(hits[i] - n * p) <= 5 * sd + 1, (i, hits[i], n * p)
PY
