# py_module: the Python module (python/mfweights) with Debian's python3:
# compute() and merge() give the same report as the command line, every
# kind of keyword option maps to its flag, paths may start with "-" or
# hold newlines, failures raise with the tool's message and status, and
# the module, pyproject.toml and the tool agree on the version.  Fast: it
# runs the tool under test (a sanitizer build too).
# suites: plain
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
ln -s "$DATA" data
printf 'road\nsidewalk\nbuilding\ncar\n' >names.txt
"$MFW" data/masks -c 4 -i 255 >cli.json
"$MFW" data/masks -c 4 -i 255 --method enet --precision 3 \
    --include 'pal_*' --include 'low_*' --clip 0.5:8 --names names.txt \
    >cli-opts.json 2>/dev/null
for k in 1 2; do
	"$MFW" data/masks -c 4 -i 255 --shard $k/2 -f counts -o part$k.json
done
"$MFW" merge part1.json part2.json --method balanced >cli-merge.json
"$MFW" --version >version.txt
# Masks under awkward names: a leading dash, a newline.
mkdir -- -dash
cp data/masks/low/low_000.png -- -dash/a.png
cp data/masks/low/low_001.png "$(printf 'new\nline.png')"

PYTHONPATH=$SRC/python $PY - "$MFW" "$SRC" >&2 <<'PYEOF'
import json, os, re, sys
import mfweights

exe, src = sys.argv[1], sys.argv[2]
def load(p):
    with open(p) as f:
        return json.load(f)

# The sample: every field of the report, as attributes and as a dict.
r = mfweights.compute("data/masks", classes=4, ignore=255, executable=exe)
cli = load("cli.json")
assert r.as_dict() == cli, "report differs from the command line's"
for k, v in cli.items():
    assert getattr(r, k) == v, k
assert isinstance(r.weights, list) and len(r.weights) == 4
assert r.pixels == [168936, 23654, 21956, 26407], r.pixels
assert r.names is None and r.status == 0
assert r["frequency"] == r.frequency and "weights" in r
assert r.notices == [], r.notices
r2 = mfweights.compute("data/masks", ignore=255, executable=exe)
assert any("--classes" in n for n in r2.notices), r2.notices
assert repr(r).startswith("<mfweights.Result: 32 images, 4 classes")

# Options: repeated, pairs, paths, values, flags; False and None left out.
r = mfweights.compute(["data/masks"], classes=4, ignore=[255],
                      executable=exe, method="enet", precision=3,
                      include=["pal_*", "low_*"], clip=(0.5, 8),
                      names=os.path.abspath("names.txt"), threads=1,
                      keep_going=False, follow=None, quiet=True)
assert r.as_dict() == load("cli-opts.json"), "options"
assert r.names == ["road", "sidewalk", "building", "car"], r.names
assert r.notices == [], r.notices
# shard as a pair or as text; output= is read back; per_image= written.
a = mfweights.compute("data/masks", 4, 255, executable=exe, shard=(1, 2))
b = mfweights.compute("data/masks", 4, 255, executable=exe, shard="1/2",
                      output="w.json", per_image="per.jsonl")
assert a.as_dict() == b.as_dict() == load("w.json")
assert a.images == len(open("per.jsonl").readlines()) == 16, a.images

# merge(): the counts documents of two shards.
m = mfweights.merge(["part1.json", "part2.json"], executable=exe,
                    method="balanced")
assert m.as_dict() == load("cli-merge.json"), "merge"

# Paths as the tool sees them: a leading "-" is not an option; a list on
# stdin (files_from) may hold any byte but NUL.
r = mfweights.compute("-dash", classes=4, executable=exe)
assert r.images == 1, r.images
r = mfweights.compute(None, classes=4, executable=exe,
                      files_from=["-dash/a.png", "new\nline.png"])
assert r.images == 2, r.images

# --keep-going: status 1, the skipped files listed, no exception.
r = mfweights.compute("data/masks", classes=4, executable=exe,
                      keep_going=True, quiet=True)
assert r.status == 1 and r.skipped_files == 12 == len(r.skipped), r.status
assert {"path", "reason"} <= set(r.skipped[0]), r.skipped[0]

# Failures carry the tool's message and status.
try:
    mfweights.compute("data/masks", classes=4, executable=exe)
    raise AssertionError("no exception for bad input")
except mfweights.BadInputError as e:
    assert e.status == 3 and "label 255" in e.message, e
    assert "--ignore 255" in str(e) and "exit status 3" in str(e), str(e)
    assert e.command[0] == exe and e.stderr.count("\n") >= 3, e.command
for kw, what in (({"method": "nope"}, "--method: unknown value 'nope'"),
                 ({"no_such_option": 1}, "no-such-option")):
    try:
        mfweights.compute("data/masks", classes=4, executable=exe, **kw)
        raise AssertionError("no exception for %s" % kw)
    except mfweights.UsageError as e:
        assert isinstance(e, ValueError) and e.status == 2, e
        assert what in e.message and "usage:" not in e.message, e.message
try:
    mfweights.compute("no/such/dir", executable=exe)
    raise AssertionError("no exception for a missing path")
except mfweights.Error as e:
    assert e.status == 3 and "no/such/dir" in e.message, e
# Errors of the module itself.
for kw in ({"format": "csv"}, {"f": "list"}):
    try:
        mfweights.compute("data/masks", executable=exe, **kw)
        raise AssertionError("format accepted")
    except TypeError as e:
        assert "JSON report" in str(e), e
for bad in ("no-such-mfweights", "./no/such/mfweights", "names.txt"):
    try:
        mfweights.compute("data/masks", executable=bad)
        raise AssertionError("ran %s" % bad)
    except FileNotFoundError as e:
        assert "mfweights" in str(e), e
# On PATH by default.
os.environ["PATH"] = os.path.dirname(exe) + os.pathsep + os.environ["PATH"]
r = mfweights.compute("data/masks", classes=4, ignore=255)
assert r.weights == cli["weights"]
# tensor() without torch says what to install.
sys.modules["torch"] = None
try:
    r.tensor()
    raise AssertionError("tensor() without torch")
except ImportError as e:
    assert "python3-torch" in str(e), e

# One version everywhere.
tool = open("version.txt").read().split()[1]
py = re.search(r'^version = "([^"]*)"', open(src + "/python/pyproject.toml")
               .read(), re.M).group(1)
assert mfweights.__version__ == tool == py, (mfweights.__version__, tool, py)
print("py_module: ok")
PYEOF
