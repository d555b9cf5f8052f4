#!/bin/sh
# tests/run.sh BUILD: run every test of mfweights and end with one
# "N passed, N failed" line.
#   - tests/unit: every $BUILD/test_* binary (exit 0 = pass).
#   - tests/cli/*.sh: one scenario each, run by sh in a fresh scratch
#     directory with these variables set:
#       MFW    the mfweights binary        B     the build directory
#       SRC    the source tree             DATA  $SRC/data
#     and the helpers of tests/lib.sh sourced.  Exit 0 = pass, 77 = skip,
#     anything else = fail.  NAME.sh.stdout, if present, must equal the
#     script's stdout exactly; NAME.sh.exit, if present, its exit status.
# With --update as second argument, NAME.sh.stdout files that exist are
# rewritten from the current output instead of compared.
set -eu
LC_ALL=C
export LC_ALL
B=$(cd "${1:-build}" && pwd)
UPDATE=${2:-}
SRC=$(cd "$(dirname "$0")/.." && pwd)
DATA=$SRC/data
MFW=$B/mfweights
export B SRC DATA MFW
ONLY=${TESTS:-}

pass=0 fail=0 skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mfw-test.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

# A test that takes 5 s or more says how long: CI has a time budget.
t0=0
took() { secs=$(($(date +%s) - t0)); [ $secs -lt 5 ] || echo " ($secs s)"; }
ok() { pass=$((pass + 1)); echo "ok   $1$(took)"; }
ko() { fail=$((fail + 1)); echo "FAIL $1$(took)"; }

for t in "$B"/test_*; do
	[ -x "$t" ] || continue
	name=unit/$(basename "$t")
	if [ -n "$ONLY" ] && ! echo "$name" | grep -q -- "$ONLY"; then continue; fi
	t0=$(date +%s)
	if "$t" >"$tmp/unit.out" 2>&1; then ok "$name"; else
		ko "$name"; sed 's/^/    /' "$tmp/unit.out" | tail -20
	fi
done

for t in "$SRC"/tests/cli/*.sh; do
	name=cli/$(basename "$t" .sh)
	if [ -n "$ONLY" ] && ! echo "$name" | grep -q -- "$ONLY"; then continue; fi
	d=$tmp/$(basename "$t" .sh)
	mkdir -p "$d"
	t0=$(date +%s)
	set +e
	(cd "$d" && . "$SRC/tests/lib.sh" && . "$t") \
	    >"$d.stdout" 2>"$d.stderr" </dev/null
	rc=$?
	set -e
	if [ $rc -eq 77 ]; then
		skip=$((skip + 1))
		echo "skip $name: $(tail -1 "$d.stderr")$(took)"
		continue
	fi
	why=""
	if [ -f "$t.exit" ]; then
		[ "$rc" -eq "$(cat "$t.exit")" ] || why="exit $rc, expected $(cat "$t.exit")"
	elif [ $rc -ne 0 ]; then
		why="exit $rc"
	fi
	if [ -z "$why" ] && [ -f "$t.stdout" ]; then
		if [ "$UPDATE" = --update ]; then
			cp "$d.stdout" "$t.stdout"
		elif ! cmp -s "$d.stdout" "$t.stdout"; then
			why="stdout differs"
			diff -u "$t.stdout" "$d.stdout" | head -20 >>"$d.stderr" || :
		fi
	fi
	if [ -z "$why" ]; then ok "$name"; else
		ko "$name ($why)"; tail -20 "$d.stderr" | sed 's/^/    /'
	fi
done

echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
