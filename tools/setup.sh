#!/bin/sh
# tools/setup.sh: install what mfweights needs to build and test on
# Debian 12, with apt-get, when run as root.  Safe to run again: it only
# installs what is missing.  Not root: it prints the apt-get line instead.
set -eu

# Build: compiler, make, pkg-config, the three image libraries, libdeflate,
# libarchive (zip and tar operands), libcurl (s3:// and https:// operands).
# Tests: jq (JSON checks), mandoc (man page lint), gdal-bin (GDAL fixtures),
# python3 (the independent reference oracle), strace (probes), locales
# (the locale test), time (peak memory of the bad-file corpus).
PKGS="make gcc libc6-dev pkg-config libpng-dev libtiff-dev libdeflate-dev
libgdal-dev libjansson-dev libarchive-dev libcurl4-openssl-dev gdal-bin jq mandoc python3 strace locales time
parallel tmux clang-format"
# Shell completion tests: bash-completion, zsh and fish (8 MiB, ~12 s).
PKGS="$PKGS bash-completion zsh fish"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	echo "setup: all build and test packages are installed"
	exit 0
fi
echo "setup: missing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "setup: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "setup: installed:$missing"
