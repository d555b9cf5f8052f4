#!/bin/sh
# tests/fuzz/make-seeds.sh BUILD OUTDIR: write the fuzz seed corpora.
#
# OUTDIR/png, OUTDIR/tiff and OUTDIR/gdal get small valid masks of every
# kind each reader takes (bit depths, palette, alpha, Adam7, filters,
# several IDATs; strips, tiles, codecs, predictors, planar, BigTIFF,
# big-endian, nodata; and the GDAL formats the helper allows), written
# with BUILD/mkpng, BUILD/mktiff and, if present, gdal_translate.  Seeds
# are generated, never committed: libFuzzer grows its corpus from them.
# Run time is a few seconds; every file is at most a few KB.
set -eu
B=$1
OUT=$2
MKPNG=$B/mkpng
MKTIFF=$B/mktiff
mkdir -p "$OUT/png" "$OUT/tiff" "$OUT/gdal"

# PNG: every depth of gray and palette, gray+alpha, Adam7, filters,
# small IDAT chunks, ancillary chunks.
P=$OUT/png
for d in 1 2 4 8 16; do
	"$MKPNG" "$P/gray$d.png" -w 13 -h 7 --depth $d --classes 2
	"$MKPNG" "$P/gray$d-i.png" -w 11 -h 9 --depth $d --classes 2 \
	    --interlace
done
for d in 1 2 4 8; do
	"$MKPNG" "$P/pal$d.png" -w 17 -h 5 --depth $d --type palette \
	    --classes 2 --trns
done
"$MKPNG" "$P/graya8.png" -w 9 -h 9 --type graya --classes 3
"$MKPNG" "$P/graya16.png" -w 9 -h 9 --type graya --depth 16 --classes 3
"$MKPNG" "$P/graya8-i.png" -w 9 -h 9 --type graya --classes 3 --interlace
for f in none sub up avg paeth all; do
	"$MKPNG" "$P/filter-$f.png" -w 24 -h 6 --classes 5 --filter $f
done
"$MKPNG" "$P/idat16.png" -w 32 -h 16 --classes 4 --idat 16 --level 0
"$MKPNG" "$P/anc.png" -w 8 -h 8 --classes 3 --gama --text
"$MKPNG" "$P/anc-pal.png" -w 8 -h 8 --type palette --classes 3 --gama \
    --text --trns
"$MKPNG" "$P/const.png" -w 64 -h 64 --const 7
"$MKPNG" "$P/one.png" -w 1 -h 1 --const 1
"$MKPNG" "$P/rgb.png" -w 4 -h 4 --type rgb

# TIFF: sample types, layouts and codecs.
T=$OUT/tiff
mt() { name=$1; shift; "$MKTIFF" "$T/$name.tif" --width 19 --height 11 \
    --classes 4 "$@"; }
for b in 1 2 4 8 16 32 64; do
	mt u$b --bits $b --classes 2
done
mt i8 --bits 8 --signed
mt i16 --bits 16 --signed
mt i32 --bits 32 --signed
mt f32 --float --bits 32 --nan-every 7
mt f64 --float --bits 64 --frac-every 5
for c in none lzw deflate packbits zstd lzma; do
	mt strip-$c --compress $c --rows 4
	mt tile-$c --compress $c --tile 16
done
mt pred2 --compress lzw --predictor 2 --bits 16
mt pred3 --compress deflate --predictor 3 --float --bits 32
mt onestrip --rows 0
mt separate --spp 2 --separate --band 1
mt alpha --spp 2 --alpha
mt palette --photometric palette --bits 4
mt miniswhite --photometric miniswhite --bits 1 --classes 2
mt rgb --photometric rgb --spp 3
mt bigtiff --bigtiff --tile 16
mt bigend --big-endian --bits 16 --compress deflate
mt nodata --nodata 3
mt nodata-nan --float --bits 32 --nodata nan --nan-every 3
mt jpeg --compress jpeg --bits 8 || :
# Over the split threshold (16 Mpx): counted part by part.  Constant
# labels keep the files a few kB.
"$MKTIFF" "$T/split-tiles.tif" --width 4100 --height 4100 --tile 256 \
    --compress deflate --pattern const
"$MKTIFF" "$T/split-strips.tif" --width 4100 --height 4100 --rows 64 \
    --compress deflate --pattern const

# pngz: two parameter bytes (rows, window, IDAT split) and a raw DEFLATE
# stream of mask rows (filter bytes 0..4): stored, fixed and dynamic
# blocks, several blocks, and the malformed streams of zforge.py.
Z=$OUT/pngz
mkdir -p "$Z"
python3 - "$Z" <<'PYEOF'
import os, sys, zlib
out = sys.argv[1]
def rows(w, h, k):
    b = bytearray()
    for y in range(h):
        b.append(y % 5)
        b += bytes((x // (3 + k) + y // 4) % (k + 2) for x in range(w))
    return bytes(b)
n = 0
for level, strat, (w, h, k), par in [
        (0, 0, (40, 8, 2), b'\x07\x00'), (6, zlib.Z_FIXED, (64, 8, 3), b'\x03\x00'),
        (9, 0, (256, 64, 5), b'\x07\x05'), (1, zlib.Z_HUFFMAN_ONLY, (50, 4, 1), b'\x01\x00'),
        (6, zlib.Z_RLE, (300, 40, 7), b'\x07\x03'), (6, 0, (100, 8, 2), b'\x47\x00'),
        (6, 0, (2000, 200, 9), b'\x07\x00')]:
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9 if level else 8, strat)
    data = rows(w, h, k)
    z = c.compress(data[: len(data) // 2]) + c.flush(zlib.Z_FULL_FLUSH)
    z += c.compress(data[len(data) // 2:]) + c.flush()
    # h - 1 in the low bits: the harness finds the rows again.
    par = bytes([(par[0] & 0xf8) | ((h - 1) & 7), par[1]])
    with open(os.path.join(out, 'z%d' % n), 'wb') as f:
        f.write(par + z)
    n += 1
PYEOF
python3 "$(dirname "$0")/../tools/zforge.py" "$OUT/zforge" >/dev/null
for f in "$OUT/zforge"/*.png; do
	# The IDAT data without the zlib header and Adler-32: the stream.
	python3 - "$f" "$Z/$(basename "$f" .png)" <<'PYEOF'
import struct, sys
b = open(sys.argv[1], 'rb').read()
off, z = 8, b''
while off + 8 <= len(b):
    n, t = struct.unpack('>I4s', b[off:off + 8])
    if t == b'IDAT':
        z += b[off + 8:off + 8 + n]
    off += 12 + n
open(sys.argv[2], 'wb').write(b'\x07\x00' + z[2:-4])
PYEOF
done
rm -rf "$OUT/zforge"

# counts: documents written by mfweights itself (-f counts), and cut.
C=$OUT/counts
mkdir -p "$C"
if [ -x "$B/mfweights" ]; then
	"$B/mfweights" -q -f counts -o "$C/a.json" "$P/gray8.png" \
	    "$P/pal4.png" || :
	"$B/mfweights" -q -f counts -o "$C/b.json" -c 8 "$P/gray8.png" \
	    "$P/const.png" "$OUT/tiff/u8.tif" || :
	[ -f "$C/a.json" ] && head -c 200 "$C/a.json" >"$C/cut.json"
fi
printf '{}' >"$C/empty.json"

# tables: a selector byte (0 map, 1 colors, 2 names), then the file.
TB=$OUT/tables
mkdir -p "$TB"
printf '\000from,to\n# merge\n0,0\n1,1\n\n2,1\n255,255\n' >"$TB/map"
printf '\000' | cat - "$(dirname "$0")/../../data/maps/cityscapes-trainid.csv" \
    >"$TB/map-city"
printf '\001r,g,b,class,name\n0,0,0,0,background\n128,64,128,1,road\n' \
    >"$TB/colors"
printf '\001#000000,0\n#ff0000,1,"red, dark"\n' >"$TB/colors-hex"
printf '\002sky\nroad, wet\n"car"\n' >"$TB/names"
printf '\002["sky", "road", "car\\u00e9"]\n' >"$TB/names-json"

# list: a mode byte (even: newline, odd: NUL), then a --files-from list.
L=$OUT/list
mkdir -p "$L"
printf '\000a.png\nb.png\n\nsub_c.tif\n' >"$L/nl"
printf '\001a.png\000b.png\000\000c.png' >"$L/nul"
printf '\000.\n..\n' >"$L/dots"

# records: a mode byte (even: one per-image file, odd: two, split at the
# first newline past the middle), then --per-image lines written by
# mfweights itself: one walk, its two shards, and lines out of order.
R=$OUT/records
mkdir -p "$R"
if [ -x "$B/mfweights" ]; then
	for s in 1 2; do
		"$B/mfweights" -q -c 8 --keep-going --shard $s/2 \
		    --per-image "$R/s$s" -f counts -o /dev/null "$P/gray8.png" \
		    "$P/pal4.png" "$P/const.png" "$OUT/tiff/u8.tif" || :
	done
	"$B/mfweights" -q -c 8 --keep-going --per-image "$R/w" -f counts \
	    -o /dev/null "$P/gray8.png" "$P/pal4.png" "$P/const.png" \
	    "$OUT/tiff/u8.tif" || :
	if [ -f "$R/s1" ] && [ -f "$R/s2" ] && [ -f "$R/w" ]; then
		{ printf '\000'; cat "$R/w"; } >"$R/one"
		{ printf '\001'; cat "$R/s1" "$R/s2"; } >"$R/shards"
		{ printf '\001'; cat "$R/s2" "$R/s1"; } >"$R/swapped"
		{ printf '\001'; cat "$R/w" "$R/w"; } >"$R/twice"
	fi
	rm -f "$R/s1" "$R/s2" "$R/w"
fi
printf '\000{"path":"a","path_hex":"61","index":0,"width":1,"height":1,"pixels_ignored":0,"pixels_nodata":0,"counts":{"0":1}}\n' >"$R/min"

# opts: argument vectors, one argument a line.
O=$OUT/opts
mkdir -p "$O"
printf -- '-c\n19\n-i\n255\n--map\nm.csv\nx.png\n' >"$O/run"
printf -- '--format\ncsv\n--method\nenet\n--enet-k\n1.5\n-j\n3\nx\n' >"$O/methods"
printf -- 'merge\na.json\nb.json\n' >"$O/merge"
printf -- '--max-pixels\n99999999999999999999\n--precision\n-1\nd\n' >"$O/nums"
printf -- '-0\n--files-from\nl\n--ignore\n1,2,3\n--names\nn\n' >"$O/list"
printf -- 'split\n--help\n' >"$O/help"

# GDAL: the allowed formats with a signature, from a PNG and a TIFF.
G=$OUT/gdal
cp "$P/gray8.png" "$P/pal4.png" "$G/"
cp "$T/u8.tif" "$T/tile-deflate.tif" "$T/f32.tif" "$G/"
command -v gdal_translate >/dev/null || exit 0
"$MKPNG" "$OUT/src.png" -w 23 -h 17 --classes 5
"$MKTIFF" "$OUT/src16.tif" --width 23 --height 17 --bits 16 --classes 5
gt() {
	gdal_translate -q "$@" 2>/dev/null || :
}
gt -of HFA "$OUT/src.png" "$G/a.img"
gt -of HFA -co COMPRESSED=YES "$OUT/src16.tif" "$G/b.img"
gt -of JP2OpenJPEG -co REVERSIBLE=YES -co QUALITY=100 "$OUT/src.png" \
    "$G/a.jp2"
gt -of JP2OpenJPEG -co REVERSIBLE=YES -co QUALITY=100 -co CODEC=J2K \
    "$OUT/src16.tif" "$G/b.j2k"
gt -of BMP "$OUT/src.png" "$G/a.bmp"
gt -of GIF "$OUT/src.png" "$G/a.gif"
gt -of netCDF "$OUT/src.png" "$G/a.nc"
gt -of netCDF -co FORMAT=NC4 "$OUT/src16.tif" "$G/b.nc"
gt -of PCIDSK "$OUT/src.png" "$G/a.pix"
gt -of ERS "$OUT/src.png" "$G/a.ers"
gt -of VRT "$OUT/src.png" "$G/a.vrt"
rm -f "$OUT/src.png" "$OUT/src16.tif" "$G"/*.aux.xml
# ERS keeps its pixels in a side file: the header alone is the seed.
rm -f "$G/a"
exit 0
