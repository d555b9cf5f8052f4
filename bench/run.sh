#!/bin/sh
# bench/run.sh BUILD [bench.py options]: `make bench`.
# Installs the peers from Debian when they are missing and we are root
# (python3-numpy, python3-pil, python3-opencv, python3-gdal, and `time`
# for peak RSS), generates the seeded data sets into bench/.cache (a few
# minutes, once), then times mfweights against the peers and the
# decode-only floors; see bench/bench.py.  A peer that cannot be
# installed is reported as missing in the tables, never dropped silently.
set -eu
LC_ALL=C
export LC_ALL
B=${1:-build}
[ $# -gt 0 ] && shift
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3

need=
$PY -c 'import numpy' 2>/dev/null || need="$need python3-numpy"
$PY -c 'import PIL' 2>/dev/null || need="$need python3-pil"
$PY -c 'import cv2' 2>/dev/null || need="$need python3-opencv"
$PY -c 'import osgeo.gdal' 2>/dev/null || need="$need python3-gdal"
[ -x /usr/bin/time ] || need="$need time"
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "bench: installing$need" >&2
		apt-get update -qq >&2 || :
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need \
		    >&2 || echo "bench: could not install$need" >&2
	else
		echo "bench: missing$need (run as root to install)" >&2
	fi
fi
for m in numpy PIL; do
	$PY -c "import $m" 2>/dev/null || {
		echo "bench: $PY cannot import $m: it generates the data" >&2
		exit 1
	}
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing" >&2; exit 1; }
exec $PY "$HERE/bench.py" --build "$B" "$@"
