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
# TESTS=PATTERN runs only the tests whose name matches; JOBS=N runs N
# tests at a time (default: the online CPUs, at most 4).  Results print
# in the same order whatever N.
# A script may say in which suites it runs, in a line of its own:
#   # suites: plain asan
# (a unit test in its source, tests/unit/NAME.c: " * suites: plain asan"
# in its first comment)
# (plain, asan: AddressSanitizer + UBSan, tsan: ThreadSanitizer; the
# suite is read from $B/mfweights).  Slow end-to-end tests whose C paths
# other tests cover run in the plain suite only, single-threaded ones not
# under tsan; without the line a test runs in every suite.  SUITES=all
# runs every test whatever its line.
set -eu
LC_ALL=C
export LC_ALL
B=$(cd "${1:-build}" && pwd)
UPDATE=${2:-}
SRC=$(cd "$(dirname "$0")/.." && pwd)
DATA=$SRC/data
MFW=$B/mfweights
export B SRC DATA MFW
# Sanitizer builds: leaks inside libc are not ours (tests/lsan.supp).
LSAN_OPTIONS=suppressions=$SRC/tests/lsan.supp:print_suppressions=0
export LSAN_OPTIONS
ONLY=${TESTS:-}
if grep -q __asan_init "$MFW" 2>/dev/null; then suite=asan
elif grep -q __tsan_init "$MFW" 2>/dev/null; then suite=tsan
else suite=plain
fi

pass=0 fail=0 skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mfw-test.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$JOBS" -le 4 ] || JOBS=4
[ "$JOBS" -ge 1 ] || JOBS=1

# A test that takes 5 s or more says how long: CI has a time budget.
took() { secs=$(($(date +%s) - $1)); [ $secs -lt 5 ] || echo " ($secs s)"; }

# not_here NAME FILE: if FILE's "suites:" line leaves this suite out,
# write test NAME's skip and succeed.
not_here() {
	suites=$(sed -n '1,30s/^\(# \| \* \|\/\* \)suites: //p' "$2" |
	    sed 's/ *\*\/$//' | head -1)
	[ -n "$suites" ] && [ "${SUITES:-}" != all ] || return 1
	case " $suites " in
	*" $suite "*) return 1 ;;
	esac
	echo skip >"$r.v"
	echo "skip $1: not in the $suite suite (suites: $suites)" >"$r.res"
}

# run_unit NAME BIN, run_cli NAME SCRIPT: run one test, write its report
# to $tmp/NAME.res and its verdict (ok, FAIL, skip) to $tmp/NAME.v.  A
# unit test's suites line is in its source, tests/unit/NAME.c.
run_unit() {
	r=$tmp/$(echo "$1" | tr / _)
	! not_here "$1" "$SRC/tests/unit/$(basename "$2").c" || return 0
	t0=$(date +%s)
	if "$2" >"$r.out" 2>&1; then
		echo ok >"$r.v"; echo "ok   $1$(took "$t0")" >"$r.res"
	else
		echo FAIL >"$r.v"; echo "FAIL $1$(took "$t0")" >"$r.res"
		sed 's/^/    /' "$r.out" | tail -20 >>"$r.res"
	fi
}

run_cli() {
	r=$tmp/$(echo "$1" | tr / _)
	! not_here "$1" "$2" || return 0
	d=$tmp/$(basename "$2" .sh)
	mkdir -p "$d"
	t0=$(date +%s)
	set +e
	(cd "$d" && . "$SRC/tests/lib.sh" && . "$2") \
	    >"$d.stdout" 2>"$d.stderr" </dev/null
	rc=$?
	set -e
	if [ $rc -eq 77 ]; then
		echo skip >"$r.v"
		echo "skip $1: $(tail -1 "$d.stderr")$(took "$t0")" >"$r.res"
		return 0
	fi
	why=""
	if [ -f "$2.exit" ]; then
		[ "$rc" -eq "$(cat "$2.exit")" ] || why="exit $rc, expected $(cat "$2.exit")"
	elif [ $rc -ne 0 ]; then
		why="exit $rc"
	fi
	if [ -z "$why" ] && [ -f "$2.stdout" ]; then
		if [ "$UPDATE" = --update ]; then
			cp "$d.stdout" "$2.stdout"
		elif ! cmp -s "$d.stdout" "$2.stdout"; then
			why="stdout differs"
			diff -u "$2.stdout" "$d.stdout" | head -20 >>"$d.stderr" || :
		fi
	fi
	if [ -z "$why" ]; then
		echo ok >"$r.v"; echo "ok   $1$(took "$t0")" >"$r.res"
	else
		echo FAIL >"$r.v"; echo "FAIL $1 ($why)$(took "$t0")" >"$r.res"
		tail -20 "$d.stderr" | sed 's/^/    /' >>"$r.res"
	fi
}

# The queue of tests started and not yet reported, oldest first:
# "NAME:PID ...".  A test writes its verdict file last, so a test whose
# verdict exists has ended or is ending.  A new test starts as soon as
# any test ends (POSIX sh has no wait -n: poll the verdict files), and
# results are reported oldest first, so their order is the list's
# whatever JOBS is.
queue=""
vfile() { echo "$tmp/$(echo "${1%:*}" | tr / _).v"; }
report() {
	while [ -n "$queue" ]; do
		head=${queue%% *}
		[ -f "$(vfile "$head")" ] || [ "${1:-}" = all ] || return 0
		wait "${head#*:}" || :
		if [ "$head" = "$queue" ]; then queue=""; else
			queue=${queue#"$head" }
		fi
		r=$tmp/$(echo "${head%:*}" | tr / _)
		cat "$r.res"
		case $(cat "$r.v" 2>/dev/null) in
		ok) pass=$((pass + 1)) ;;
		skip) skip=$((skip + 1)) ;;
		*) fail=$((fail + 1)) ;;
		esac
	done
}
busy() {
	n=0
	for e in $queue; do
		[ -f "$(vfile "$e")" ] || n=$((n + 1))
	done
	[ $n -ge "$JOBS" ]
}
start() {
	report
	while busy; do
		sleep 0.1
		report
	done
	"$@" &
	queue="${queue:+$queue }$2:$!"
}

for t in "$B"/test_*; do
	[ -x "$t" ] || continue
	name=unit/$(basename "$t")
	if [ -n "$ONLY" ] && ! echo "$name" | grep -q -- "$ONLY"; then continue; fi
	start run_unit "$name" "$t"
done

for t in "$SRC"/tests/cli/*.sh; do
	name=cli/$(basename "$t" .sh)
	if [ -n "$ONLY" ] && ! echo "$name" | grep -q -- "$ONLY"; then continue; fi
	start run_cli "$name" "$t"
done
report all

echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
