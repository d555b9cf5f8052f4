# plot_svg: --plot FILE.svg.  The picture is well-formed SVG (python3's
# XML parser), draws one row per class whose bars and labels follow from
# the JSON report by an independent computation here (log axis for the
# shares, linear or log for the weights), escapes any class name, is the
# same bytes whatever the thread count and for a merge of shards, leaves
# the normal output unchanged, and is refused or not written where the
# run's output would be.
# suites: plain asan
M=data/masks
ln -s "$DATA" data
printf 'road\na & b <c> "d"\n\377bad\001ctl\nan exceedingly long class name\n' \
    >names.txt

run "$MFW" $M -c 4 -i 255 --names names.txt
expect_rc 0
mv out plain.json
run "$MFW" $M -c 4 -i 255 --names names.txt --plot p.svg
expect_rc 0
same plain.json out
[ -s p.svg ] || die "no p.svg"

# check SVG JSON: structure and geometry against the report.
cat >check.py <<'PY'
import json, math, re, sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
svg, rep = sys.argv[1], json.load(open(sys.argv[2]))
root = ET.parse(svg).getroot()
assert root.tag == NS + "svg", root.tag
h = int(root.get("height"))
assert root.get("width") == "1000", root.get("width")
assert root.get("viewBox") == "0 0 1000 %d" % h, root.get("viewBox")
rows = root.findall(NS + "g")
n = rep["classes"]
state = ["counted"] * n
for c in rep["absent"]:
    state[c] = "absent"
for c in rep["ignored"]:
    state[c] = "ignored"
drawn = [c for c in range(n) if n <= 1024 or state[c] == "counted"]
assert len(rows) == len(drawn), (len(rows), len(drawn))
assert h >= 100 + 20 * len(drawn), h
texts = [t.text for t in root.iter(NS + "text")]
if len(drawn) < n:
    assert any("%d absent or ignored classes have no row" % (n - len(drawn))
               in (t or "") for t in texts), texts[-1]

def nice(x):
    p = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if x <= m * p * 1.0000001:
            return m * p

counted = [c for c in range(n) if state[c] == "counted"]
smin = min(rep["share"][c] for c in counted)
lo = min(math.floor(math.log10(min(smin, 0.1))), -1)
ws = [rep["weights"][c] for c in counted if rep["weights"][c] > 0]
wlog = min(ws) > 0 and max(ws) / min(ws) > 100
if wlog:
    wlo = math.floor(math.log10(min(ws)))
    whi = max(math.ceil(math.log10(max(ws))), wlo + 1)
else:
    wmax = nice(max(ws))
heads = [t for t in texts if t and t.startswith("weight")]
assert heads == ["weight (log)" if wlog else "weight"], heads

def near(a, b, what):
    assert abs(a - b) <= 0.051, "%s: drawn %s, expected %.3f" % (what, a, b)

# What XML can hold: controls and U+FFFE/U+FFFF become U+FFFD.
names = [re.sub("[\x00-\x1f\x7f\ufffe\uffff]", "\ufffd", x)
         for x in rep.get("names") or [""] * n]
for g, c in zip(rows, drawn):
    title = g.find(NS + "title").text
    assert title.startswith("class %d" % c), title
    if names[c]:
        assert title.startswith("class %d (%s)" % (c, names[c])), title
    t = [e.text for e in g.findall(NS + "text")]
    assert t[0] == str(c), t
    if names[c]:
        want = names[c] if len(names[c]) <= 20 else names[c][:19] + "\u2026"
        assert t[1] == want, (t[1], want)
    bars = {r.get("class"): float(r.get("width"))
            for r in g.findall(NS + "rect") if r.get("class") != "z"}
    if state[c] != "counted":
        assert not bars, bars
        assert state[c] in t, t
        continue
    w = rep["weights"][c]
    assert "%d pixels" % rep["pixels"][c] in title, title
    assert "in %d of %d images" % (rep["images_with_class"][c],
                                   rep["images"]) in title, title
    assert title.endswith("weight %s" % json.dumps(w)), (title, w)
    s = rep["share"][c]
    near(bars["a"], max(2, (math.log10(s) - lo) / -lo * 280), "share %d" % c)
    near(bars["b"], rep["images_with_class"][c] / rep["images"] * 140,
         "images %d" % c)
    if wlog:
        want = max(2, (math.log10(w) - wlo) / (whi - wlo) * 130)
    else:
        want = w / wmax * 130
    near(bars["c"], want, "weight %d" % c)
print("ok", len(rows), "rows")
PY
python3 check.py p.svg plain.json >&2
# Names: escaped, cut with an ellipsis, bad bytes and controls replaced.
has p.svg '>a &amp; b &lt;c&gt; &quot;d&quot;</text>'
has p.svg '>an exceedingly long…</text>'
has p.svg '>�bad�ctl</text>'

# Same bytes: one thread or two, and a merge of two shards.
run "$MFW" $M -c 4 -i 255 --names names.txt --plot j1.svg -j1
same p.svg j1.svg
run "$MFW" $M -c 4 -i 255 --names names.txt --plot j2.svg -j2
same p.svg j2.svg
for k in 1 2; do
	run "$MFW" $M -c 4 -i 255 --shard $k/2 -f counts -o part$k.json
	expect_rc 0
done
run "$MFW" merge part1.json part2.json --names names.txt --plot m.svg
expect_rc 0
same plain.json out
same p.svg m.svg

# Other methods and an ignored class inside the range; no names.
run "$MFW" $M -c 5 -i 255,4 --method inverse --plot inv.svg
expect_rc 0
python3 check.py inv.svg out >&2
has inv.svg '>ignored</text>'

# A rare class (share 1e-7) on the log axis, weights far apart (a log
# weight axis), an absent class.
cat >rare.json <<'JSON'
{"mfweights_counts": 1, "classes": 4, "classes_given": true,
 "ignore_values": [], "band": 0, "nodata": true, "decoder": "auto",
 "map": null, "colors": null, "images": 10, "skipped_files": 0,
 "pixels_total": 10000000, "pixels_ignored": 0, "pixels_nodata": 0,
 "pixels_out_of_range": 0, "pixels": [9000000, 999999, 1, 0],
 "images_with_class": [10, 9, 1, 0],
 "image_pixels": [10000000, 9000000, 1000000, 0], "skipped": []}
JSON
run "$MFW" merge rare.json --plot rare.svg
expect_rc 0
python3 check.py rare.svg out >&2
has rare.svg '>1e-5%</text>'
has rare.svg '>weight (log)</text>'
has rare.svg '>absent</text>'

# Many classes: only those that occur have a row.
python3 - <<'PY'
import json
n = 2000
P = [0] * n
I = [0] * n
T = [0] * n
for c, p in ((0, 900), (7, 90), (1999, 10)):
    P[c], I[c], T[c] = p, 1, 1000
json.dump({"mfweights_counts": 1, "classes": n, "classes_given": True,
           "ignore_values": [], "band": 0, "nodata": True,
           "decoder": "auto", "map": None, "colors": None, "images": 1,
           "skipped_files": 0, "pixels_total": 1000, "pixels_ignored": 0,
           "pixels_nodata": 0, "pixels_out_of_range": 0, "pixels": P,
           "images_with_class": I, "image_pixels": T, "skipped": []},
          open("many.json", "w"))
PY
run "$MFW" merge many.json -q --plot many.svg
expect_rc 0
python3 check.py many.svg out >&2

# Standard output, when the weights go to a file.
run "$MFW" $M -c 4 -i 255 --names names.txt --plot - -o w.json
expect_rc 0
same p.svg out
same plain.json w.json

# Refused: with counts (no weights), "-" twice, the same file twice.
for args in "--plot x.svg -f counts" "--plot -" "--plot - -o -" \
    "--plot - -o w.json --per-image -" "--plot w.json -o w.json" \
    "--plot x.svg --per-image x.svg"; do
	# shellcheck disable=SC2086
	run "$MFW" $M -c 4 -i 255 $args
	expect_rc 2
	has err 'plot'
	[ ! -s out ] || die "$args: stdout not empty"
done
ln -s w.json w-link.json
run "$MFW" $M -c 4 -i 255 --plot w-link.json -o w.json
expect_rc 2
run "$MFW" merge part1.json part2.json --plot x.svg -f counts
expect_rc 2
[ ! -e x.svg ] || die "x.svg written by a refused command"

# A failed run writes no picture; an unwritable picture fails the run
# (status 4) and then the weights are not written either.
run "$MFW" $M -c 4 --plot bad.svg
expect_rc 3
[ ! -e bad.svg ] || die "bad.svg written by a failed run"
run "$MFW" $M -c 4 -i 255 --plot no/such/dir/p.svg -o never.json
expect_rc 4
has err 'no/such/dir'
[ ! -e never.json ] || die "weights written although the plot failed"
