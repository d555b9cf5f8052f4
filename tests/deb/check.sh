#!/bin/sh
# tests/deb/check.sh (make deb-check): the Debian package, end to end, as
# on a fresh Debian 12 machine.  As root:
#   1. install what building and linting need (debhelper, dh-python,
#      lintian and debian/control's Build-Depends) when missing;
#   2. copy this tree (as it is, uncommitted changes included; no build
#      directories) and run dpkg-buildpackage -b -us -uc there;
#   3. lintian: no error (warnings and infos are printed);
#   4. the .deb holds the tool, the GDAL helper under /usr/libexec, the
#      manual, the three completions and the Python module;
#   5. install it with apt-get (dependencies resolved) and use each part:
#      the sample's report, the GDAL helper, the manual's path, bash and
#      fish completion from their own loaders, zsh's fpath, the Python
#      module from Debian's python3 (and its tensor with python3-torch);
#   6. purge it: nothing of it is left.
# The package never stays installed: a trap purges it whatever happens.
# An mfweights package installed before is left alone: the check refuses
# to run.  Prints the time of each step; exit 0 when all is well.
set -eu
LC_ALL=C
export LC_ALL DEBIAN_FRONTEND=noninteractive
SRC=$(cd "$(dirname "$0")/../.." && pwd)
APT="apt-get -o DPkg::Lock::Timeout=900 -y -qq"

say() { echo "deb-check: $*"; }
fail() { echo "deb-check: FAIL: $*" >&2; exit 1; }
now() { date +%s; }

[ "$(id -u)" -eq 0 ] || fail "run as root: it installs packages (apt-get)"
if dpkg-query -W -f '${Status}' mfweights 2>/dev/null | grep -q installed
then
	fail "an mfweights package is installed already: this check installs \
and purges its own; remove it first (apt-get purge mfweights)"
fi
VERSION=$(sed -n '1s/^mfweights (\([^)]*\)).*/\1/p' "$SRC/debian/changelog")
TOOLV=$(sed -n 's/^#define MFW_VERSION "\(.*\)"/\1/p' "$SRC/src/mfweights.h")
[ "$VERSION" = "$TOOLV" ] ||
    fail "debian/changelog says $VERSION, src/mfweights.h $TOOLV"

work=$(mktemp -d "${TMPDIR:-/tmp}/mfw-deb.XXXXXX")
installed=0
cleanup() {
	rc=$?
	if [ "$installed" -eq 1 ]; then
		$APT purge mfweights >/dev/null 2>&1 ||
		    dpkg --purge mfweights >/dev/null 2>&1 || :
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Build dependencies.
t0=$(now)
need="build-essential dpkg-dev fakeroot debhelper dh-python lintian"
missing=""
for p in $need; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	$APT install --no-install-recommends $missing >"$work/apt.log" 2>&1 ||
	    { $APT update >/dev/null 2>&1 &&
	    $APT install --no-install-recommends $missing \
	    >"$work/apt.log" 2>&1; } ||
	    { tail -20 "$work/apt.log" >&2; fail "cannot install$missing"; }
fi
(cd "$SRC" && $APT build-dep --no-install-recommends ./ >"$work/apt.log" \
    2>&1) || { tail -20 "$work/apt.log" >&2; fail "apt-get build-dep"; }
t1=$(now)
say "build dependencies:${missing:- all there} ($((t1 - t0)) s)"

# 2. Build, in a copy of the tree.
tree=$work/mfweights-$VERSION
mkdir "$tree"
tar -C "$SRC" --exclude=./.git --exclude='./build' --exclude='./build-*' \
    --exclude=./bench/.cache --exclude='./debian/mfweights' \
    --exclude='./debian/.debhelper' -cf - . | tar -C "$tree" -xf -
(cd "$tree" && DEB_BUILD_OPTIONS=parallel=2 dpkg-buildpackage -b -us -uc) \
    >"$work/build.log" 2>&1 ||
    { tail -40 "$work/build.log" >&2; fail "dpkg-buildpackage failed"; }
deb=$(ls "$work"/mfweights_"$VERSION"_*.deb)
changes=$(ls "$work"/mfweights_"$VERSION"_*.changes)
t2=$(now)
say "built $(basename "$deb") ($((t2 - t1)) s)"

# 3. lintian: errors fail, the rest is reported.
lintian --info --display-info --fail-on error "$changes" \
    >"$work/lintian.log" 2>&1 || lrc=$?
sed 's/^/    /' "$work/lintian.log"
[ "${lrc:-0}" -eq 0 ] || fail "lintian found errors"
say "lintian: $(grep -c '^E:' "$work/lintian.log" || :) errors, \
$(grep -c '^W:' "$work/lintian.log" || :) warnings, \
$(grep -c '^I:' "$work/lintian.log" || :) infos"

# 4. Contents.
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$work/files"
for f in /usr/bin/mfweights /usr/libexec/mfweights/mfweights-gdal \
    /usr/share/man/man1/mfweights.1.gz \
    /usr/share/bash-completion/completions/mfweights \
    /usr/share/zsh/vendor-completions/_mfweights \
    /usr/share/fish/vendor_completions.d/mfweights.fish \
    /usr/lib/python3/dist-packages/mfweights/__init__.py \
    /usr/share/mfweights/datasets/cityscapes.json \
    /usr/share/doc/mfweights/copyright; do
	grep -qx "$f" "$work/files" || fail "the package lacks $f"
done
! grep -q '^/usr/local' "$work/files" || fail "files under /usr/local"

# 5. Install and use.
$APT install --no-install-recommends "$deb" >"$work/apt.log" 2>&1 ||
    { tail -20 "$work/apt.log" >&2; fail "cannot install $deb"; }
installed=1
dpkg -L mfweights | sort >"$work/listed"
cd "$work"
[ "$(command -v mfweights)" = /usr/bin/mfweights ] ||
    fail "mfweights on PATH is $(command -v mfweights)"
mfweights "$SRC/data/masks" -c 4 -i 255 -q | cmp -s - "$SRC/data/expected.json" ||
    fail "the installed tool's report differs from data/expected.json"
# --decoder gdal reads the PNG masks through the helper in /usr/libexec.
mfweights "$SRC/data/masks" -c 4 -i 255 -q --decoder gdal -f list >gdal.out ||
    fail "the GDAL helper does not work"
mfweights "$SRC/data/masks" -c 4 -i 255 -q -f list | cmp -s - gdal.out ||
    fail "the GDAL helper counts differently"
mfweights --dataset list | grep -q '^cityscapes ' ||
    fail "the installed tool does not list its --dataset presets"
mfweights "$SRC/data/masks" -c 4 -i 255 -q --plot p.svg -f list >/dev/null
grep -q '</svg>' p.svg || fail "--plot"
zcat /usr/share/man/man1/mfweights.1.gz | grep -q '/usr/libexec/mfweights/mfweights-gdal' ||
    fail "the manual does not name /usr/libexec/mfweights/mfweights-gdal"
if [ -f /usr/share/bash-completion/bash_completion ]; then
	bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion
	    _completion_loader mfweights; complete -p mfweights' |
	    grep -q '_mfweights mfweights$' ||
	    fail "bash-completion does not load the completion"
fi
if command -v fish >/dev/null; then
	mkdir home
	HOME=$PWD/home fish -c 'complete -C "mfweights --form"' |
	    grep -q '^--format' || fail "fish does not load the completion"
fi
if command -v zsh >/dev/null; then
	zsh -f -c 'print -l $fpath' | grep -qx /usr/share/zsh/vendor-completions ||
	    fail "/usr/share/zsh/vendor-completions is not on zsh's fpath"
fi
env -u PYTHONPATH /usr/bin/python3 - "$SRC/data/masks" <<'PYEOF' ||
import json, sys
import mfweights
assert mfweights.__file__ == \
    "/usr/lib/python3/dist-packages/mfweights/__init__.py", mfweights.__file__
r = mfweights.compute(sys.argv[1], classes=4, ignore=255)
with open(sys.argv[1] + "/../expected.json") as f:
    assert r.as_dict() == json.load(f)
try:
    import torch
except ImportError:
    torch = None
if torch is not None:
    loss = torch.nn.CrossEntropyLoss(weight=r.tensor(), ignore_index=255)
    print("deb-check: python: CrossEntropyLoss with", r.tensor().tolist())
PYEOF
    fail "the Python module"
t3=$(now)
say "installed and used ($((t3 - t2)) s)"

# 6. Purge: nothing left of what the package listed (its directories may
# stay when shared with other packages).
$APT purge mfweights >"$work/apt.log" 2>&1 ||
    { tail -20 "$work/apt.log" >&2; fail "cannot purge"; }
installed=0
! dpkg-query -W -f '${Status}' mfweights 2>/dev/null | grep -q installed ||
    fail "still installed after purge"
while read -r f; do
	[ -d "$f" ] && continue
	[ ! -e "$f" ] && [ ! -L "$f" ] || fail "left after purge: $f"
done <"$work/listed"
for d in /usr/libexec/mfweights /usr/lib/python3/dist-packages/mfweights \
    /usr/share/doc/mfweights; do
	[ ! -e "$d" ] || fail "left after purge: $d"
done
say "purged, nothing left ($(($(now) - t3)) s)"
say "ok: $((($(now) - t0))) s in all"
