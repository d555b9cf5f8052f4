#!/bin/sh
# tests/fuzz/run.sh BUILD FUZZ_BUILD SECONDS NAME...: run each libFuzzer
# harness FUZZ_BUILD/fuzz_NAME for SECONDS (`make fuzz` calls this).
#
# Seeds are regenerated in FUZZ_BUILD/seeds by make-seeds.sh (BUILD has
# the generators); tests/bad joins them.  Each harness grows its own
# corpus in FUZZ_BUILD/corpus/NAME (kept between runs, never committed),
# writes crashes, timeouts and out-of-memory inputs to FUZZ_BUILD/crash/
# and its log to FUZZ_BUILD/NAME.log.  Limits: 1 GiB RSS, 10 s per input.  The GDAL harness also saves inputs that
# crashed its helper (handled, but GDAL bugs) in FUZZ_BUILD/helper-crash.
# FUZZ_ARGS adds libFuzzer options.  Exit 1 if any harness failed.
set -eu
B=$1
# Absolute: a harness may be in its work directory when it crashes.
mkdir -p "$2"
FB=$(cd "$2" && pwd)
T=$3
shift 3
SRC=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$FB/seeds"
sh "$SRC/tests/fuzz/make-seeds.sh" "$B" "$FB/seeds"
mkdir -p "$FB/crash" "$FB/helper-crash"
status=0
for n in "$@"; do
	mkdir -p "$FB/corpus/$n"
	# Parsers: stderr closed (their messages are the expected output),
	# and for opts no leak checks (an exit in main.c leaves its memory).
	extra=
	case $n in
	png | tiff) seeds="$FB/seeds/$n"; ml=16384 ;;
	pngz) seeds="$FB/seeds/pngz"; ml=65536 ;;
	counts | tables | list | records) seeds="$FB/seeds/$n"; ml=16384
		extra=-close_fd_mask=2 ;;
	opts) seeds="$FB/seeds/opts"; ml=1024
		extra="-close_fd_mask=3 -detect_leaks=0" ;;
	*) seeds="$FB/seeds"; ml=65536 ;;
	esac
	# tests/bad joins the seeds of the file readers.
	case $n in
	png | tiff | gdal) bad=$SRC/tests/bad ;;
	*) bad= ;;
	esac
	echo "fuzz_$n: $T s, log in $FB/$n.log"
	set +e
	# opts: no leak report at exit either.
	lsan=${ASAN_OPTIONS:-}
	[ "$n" = opts ] && lsan=${lsan:+$lsan:}detect_leaks=0
	ASAN_OPTIONS=$lsan FUZZ_GDAL_CRASH_DIR=$FB/helper-crash "$FB/fuzz_$n" \
	    -max_total_time="$T" -rss_limit_mb=1024 -timeout=10 \
	    -max_len=$ml -print_final_stats=1 \
	    -artifact_prefix="$FB/crash/$n-" $extra ${FUZZ_ARGS:-} \
	    "$FB/corpus/$n" $seeds $bad >"$FB/$n.log" 2>&1
	rc=$?
	set -e
	# The last status line has the coverage; the final stats the runs.
	grep -E '^#[0-9]+' "$FB/$n.log" | tail -1 | sed "s/^/  /"
	grep -E 'stat::(number_of_executed_units|peak_rss_mb)' \
	    "$FB/$n.log" | sed "s/^/  /"
	if [ $rc -ne 0 ]; then
		echo "fuzz_$n: FAILED (exit $rc); see $FB/$n.log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz:)' "$FB/$n.log" |
		    head -5 | sed "s/^/  /"
		status=1
	fi
done
n=$(ls "$FB/helper-crash" | wc -l)
[ "$n" -eq 0 ] || echo "GDAL helper crashes (handled as bad files): $n" \
    "inputs in $FB/helper-crash"
exit $status
