# py_pip: the Python module installs the ordinary way, offline, with
# Debian's python3 and pip: `pip install ./python` (pip's isolated build
# needs nothing from an index: the build backend is in the tree, standard
# library only) into a target directory and into a venv, editable too;
# the wheel's RECORD matches its files, two builds give the same bytes,
# and the source tree is left as it was.  Packaging, not the C build:
# run once, not under the sanitizers.
# suites: plain
need_pkgs python3-pip
PY=/usr/bin/python3
export PIP_NO_INDEX=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
(cd "$SRC/python" && find . | sort) >tree.before
ln -s "$DATA" data

# Into a directory, with build isolation (the default).
$PY -m pip install --target site "$SRC/python" >pip.log 2>&1 ||
    { cat pip.log >&2; die "pip install --target failed"; }
PYTHONPATH=site $PY -c '
import mfweights, sys
assert "/site/mfweights/" in mfweights.__file__, mfweights.__file__
r = mfweights.compute("data/masks", classes=4, ignore=255,
                      executable=sys.argv[1])
print(r.weights)' "$MFW" >out
eq "$(cat out)" "$(jq -c .weights "$DATA/expected.json" | sed 's/,/, /g')" \
    "weights through the installed module"
has site/mfweights-0.1.0.dist-info/METADATA '^Version: 0.1.0$'

# A wheel: RECORD lists every file with its hash and size; reproducible.
mkdir w1 w2
$PY -m pip wheel --no-deps -w w1 "$SRC/python" >pip.log 2>&1 ||
    { cat pip.log >&2; die "pip wheel failed"; }
$PY -m pip wheel --no-deps -w w2 "$SRC/python" >pip.log 2>&1 ||
    { cat pip.log >&2; die "pip wheel failed"; }
same w1/mfweights-0.1.0-py3-none-any.whl w2/mfweights-0.1.0-py3-none-any.whl
$PY - w1/mfweights-0.1.0-py3-none-any.whl <<'PYEOF'
import base64, hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
rec = [l.split(",") for l in z.read(
    "mfweights-0.1.0.dist-info/RECORD").decode().splitlines()]
assert {r[0] for r in rec} == names, names ^ {r[0] for r in rec}
for path, digest, size in rec:
    if path.endswith("RECORD"):
        continue
    data = z.read(path)
    h = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    assert digest == "sha256=" + h.decode() and int(size) == len(data), path
assert "mfweights/__init__.py" in names
PYEOF

# Into a venv, then editable: the module is the tree's file.  Debian's
# pip installs into it (--python): seconds faster than a pip of its own.
$PY -m venv --without-pip v >venv.log 2>&1 ||
    { cat venv.log >&2; die "venv failed"; }
vpip() { $PY -m pip --python v/bin/python "$@"; }
vpip install "$SRC/python" >pip.log 2>&1 ||
    { cat pip.log >&2; die "pip install into a venv failed"; }
v/bin/python -c 'import mfweights; print(mfweights.__file__)' >out
has out '/v/lib/python3[.0-9]*/site-packages/mfweights/__init__.py$'
vpip uninstall -y mfweights >pip.log 2>&1
vpip install -e "$SRC/python" >pip.log 2>&1 ||
    { cat pip.log >&2; die "pip install -e failed"; }
v/bin/python -c 'import mfweights; print(mfweights.__file__)' >out
eq "$(cat out)" "$SRC/python/mfweights/__init__.py" "editable module"

# No build debris in the tree.
(cd "$SRC/python" && find . | sort) >tree.after
same tree.before tree.after
