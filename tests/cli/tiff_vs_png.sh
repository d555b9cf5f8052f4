# tiff_vs_png: the same masks as PNG and as TIFF written by GDAL (an
# independent writer: IFD first, geo tags, GDAL's own strip sizes) in every
# layout masks come in give byte-identical output: stripped and tiled,
# none/LZW/Deflate/PackBits/ZSTD/LZMA, predictors, BigTIFF, planar
# separate with --band, 8 and 16-bit, palette.  GDAL is only the writer:
# every TIFF is read by the libtiff reader.
# shellcheck disable=SC2086 # $co holds several options on purpose
# shellcheck disable=SC2154 # rc is set by run (tests/lib.sh)
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"
GDAL_PAM_ENABLED=NO
export GDAL_PAM_ENABLED

mkdir png
i=0
for size in 64x48 300x37 17x129; do
	w=${size%x*} h=${size#*x}
	i=$((i + 1))
	"$MK" png/g8-$i.png -w "$w" -h "$h" --classes 6 --seed $i
	"$MK" png/p8-$i.png -w "$w" -h "$h" --type palette --classes 6 \
	    --seed $((i + 10))
	"$MK" png/g16-$i.png -w "$w" -h "$h" --depth 16 --classes 6 \
	    --seed $((i + 20))
done
run "$MFW" --classes 6 --decoder png png
expect_rc 0
mv out png.out

# to DIR CREATION-OPTIONS...: every PNG as a TIFF in DIR.
to() {
	d=$1
	shift
	mkdir "$d"
	for p in png/*.png; do
		b=$(basename "$p" .png)
		gdal_translate -q -of GTiff "$@" "$p" "$d/$b.tif" ||
		    die "gdal_translate $* $p"
	done
}

n=0
while read -r co; do
	n=$((n + 1))
	to t$n $co
	run "$MFW" --classes 6 t$n
	[ "$rc" -eq 0 ] || { cat err >&2; die "TIFF $co: exit $rc"; }
	cmp -s png.out out || { diff png.out out | head >&2; die "TIFF $co"; }
done <<'LIST'
-co COMPRESS=NONE
-co COMPRESS=LZW -co PREDICTOR=2
-co COMPRESS=DEFLATE -co BLOCKYSIZE=1
-co COMPRESS=PACKBITS -co BLOCKYSIZE=1000
-co COMPRESS=ZSTD -co TILED=YES -co BLOCKXSIZE=16 -co BLOCKYSIZE=32
-co COMPRESS=LZMA -co TILED=YES
-co COMPRESS=DEFLATE -co TILED=YES -co BIGTIFF=YES -co PREDICTOR=2
-co COMPRESS=LZW -co ENDIANNESS=BIG -co BLOCKYSIZE=7
-co COMPRESS=DEFLATE -co SPARSE_OK=FALSE -co NUM_THREADS=1 -co ZLEVEL=9
LIST

# Two copies of each mask as the bands of one planar-separate or
# contiguous TIFF: --band 2 counts the second copy.
for il in BAND PIXEL; do
	mkdir b$il
	for p in png/*.png; do
		b=$(basename "$p" .png)
		gdal_translate -q -of VRT -b 1 -b 1 "$p" "$b.vrt"
		gdal_translate -q -of GTiff -co INTERLEAVE=$il \
		    -co COMPRESS=DEFLATE "$b.vrt" "b$il/$b.tif"
	done
	run "$MFW" --classes 6 --band 2 b$il
	expect_rc 0
	same png.out out
	run "$MFW" --classes 6 b$il
	expect_rc 3
	has err 'multi-band image (2 bands'
done

# -j invariance across all the TIFF folders at once.
run "$MFW" --classes 6 -j1 t1 t2 t5 t7
expect_rc 0
mv out j1.out
run "$MFW" --classes 6 -j2 t1 t2 t5 t7
same j1.out out
