#!/bin/sh
# tests/fuzz/replay.sh BUILD FUZZ_BUILD NAME...: replay tests/bad, fresh
# seeds and any corpus and crash inputs `make fuzz` left in FUZZ_BUILD
# through the replay drivers BUILD/replay_NAME (`make fuzz-replay`), and
# the open findings of tests/fuzz/findings (which abort until fixed).
set -eu
B=$1
FB=$2
shift 2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
seeds=$(mktemp -d "${TMPDIR:-/tmp}/mfw-seeds.XXXXXX")
trap 'rm -rf "$seeds"' EXIT INT TERM
sh "$SRC/tests/fuzz/make-seeds.sh" "$B" "$seeds"
for n in "$@"; do
	case $n in
	png | tiff | gdal) set -- "$SRC/tests/bad" "$seeds" ;;
	*) set -- "$seeds/$n" ;;
	esac
	[ -d "$FB/corpus/$n" ] && set -- "$@" "$FB/corpus/$n"
	ls "$FB/crash/$n-"* >/dev/null 2>&1 && set -- "$@" "$FB/crash/$n-"*
	ls "$SRC/tests/fuzz/findings/$n-"* >/dev/null 2>&1 &&
	    set -- "$@" "$SRC/tests/fuzz/findings/$n-"*
	printf 'replay_%s: ' "$n"
	"$B/replay_$n" "$@"
done
