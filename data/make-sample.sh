#!/bin/sh
# data/make-sample.sh: regenerate the bundled sample masks with mkpng.
#
#	sh data/make-sample.sh [MKPNG [DIR]]
#
# MKPNG is the generator (default: build/mkpng, built by `make check`);
# DIR receives masks/... (default: the directory of this script).  The
# masks are 32 small label PNGs, classes 0..3, some with void pixels of
# value 255, in several PNG layouts; every label is a pure function of the
# options below, so the same mkpng gives the same pixels.  stdout gets one
# line per file, "PATH: value=count ...", the list data/README.md quotes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
MKPNG=${1:-build/mkpng}
DIR=${2:-$here}

# mk NAME OPTIONS...: write DIR/masks/NAME and print its histogram.
mk() {
	name=$1
	shift
	mkdir -p "$(dirname "$DIR/masks/$name")"
	printf '%s:' "$name"
	"$MKPNG" "$DIR/masks/$name" --classes 4 --hist "$@" |
	    while read -r v n; do printf ' %s=%s' "$v" "$n"; done
	echo
}

rm -rf "$DIR/masks"
# 8-bit gray, two cities, void 255 in most.
mk city/aachen/aachen_000.png -w 128 -h 96 --seed 1 --sprinkle 255
mk city/aachen/aachen_001.png -w 128 -h 96 --seed 2 --sprinkle 255
mk city/aachen/aachen_002.png -w 128 -h 96 --seed 3
mk city/aachen/aachen_003.png -w 96 -h 72 --seed 4 --sprinkle 255 --rate 80
mk city/aachen/aachen_004.png -w 96 -h 72 --seed 5 --filter paeth
mk city/bremen/bremen_000.png -w 128 -h 96 --seed 6 --sprinkle 255
mk city/bremen/bremen_001.png -w 128 -h 96 --seed 7 --gama
mk city/bremen/bremen_002.png -w 80 -h 60 --seed 8 --sprinkle 255 --rate 10
mk city/bremen/bremen_003.png -w 80 -h 60 --seed 9 --idat 64
mk city/bremen/bremen_004.png -w 64 -h 48 --seed 10 --sprinkle 255
# Palette PNGs: the indices are the labels; colours far from gray.
mk palette/pal_000.png -w 128 -h 96 --type palette --seed 11
mk palette/pal_001.png -w 128 -h 96 --type palette --seed 12 --trns
mk palette/pal_002.png -w 112 -h 84 --type palette --seed 13 \
    --sprinkle 255
mk palette/pal_003.png -w 96 -h 72 --type palette --seed 14 --trns \
    --sprinkle 255
mk palette/pal_004.png -w 64 -h 48 --type palette --seed 15
mk palette/pal_005.png -w 64 -h 48 --type palette --depth 2 --seed 16 \
    --trns
mk palette/pal_006.png -w 72 -h 54 --type palette --depth 4 --seed 17
# 16-bit gray: raw values, never rescaled.
mk deep/deep_000.png -w 128 -h 96 --depth 16 --seed 18
mk deep/deep_001.png -w 128 -h 96 --depth 16 --seed 19 --sprinkle 255
mk deep/deep_002.png -w 96 -h 72 --depth 16 --seed 20
mk deep/deep_003.png -w 80 -h 60 --depth 16 --seed 21 --sprinkle 255
mk deep/deep_004.png -w 64 -h 48 --depth 16 --seed 22 --filter sub
mk deep/deep_005.png -w 64 -h 48 --depth 16 --seed 23
# 2-bit gray: labels 0..3 packed four to a byte.
mk low/low_000.png -w 128 -h 96 --depth 2 --seed 24
mk low/low_001.png -w 100 -h 75 --depth 2 --seed 25
mk low/low_002.png -w 96 -h 72 --depth 2 --seed 26
mk low/low_003.png -w 67 -h 50 --depth 2 --seed 27
mk low/low_004.png -w 64 -h 48 --depth 2 --seed 28
# Gray + alpha: the gray channel is the label, alpha is not counted.
mk alpha/ga_000.png -w 128 -h 96 --type graya --seed 29
mk alpha/ga_001.png -w 96 -h 72 --type graya --seed 30 --sprinkle 255
mk alpha/ga_002.png -w 64 -h 48 --type graya --seed 31
# Adam7, at an odd size.
mk interlaced/adam7_000.png -w 101 -h 75 --interlace --seed 32 \
    --sprinkle 255

# Not a mask: the walk must pass over it silently.
cat >"$DIR/masks/README.txt" <<'EOF'
Sample label masks for mfweights: classes 0..3, void = 255.
This text file is not a mask; a directory walk passes over it.
EOF
