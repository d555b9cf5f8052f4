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
