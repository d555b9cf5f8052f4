# gdal_split: a large raster read through GDAL (ERDAS Imagine, 64x64
# blocks; ER Mapper, one-row blocks) is split across the workers' helpers
# in bands of whole block rows and counted exactly as
# one helper counts it: -j1, -j2 and -j3 give byte-identical output, equal
# to the counts of the TIFF it was made from, alone and among small
# masks.  With -j2 a single such operand is opened by two helpers.
# shellcheck disable=SC2154 # rc is set by run (tests/lib.sh)
MK=$B/mktiff
[ -x "$MK" ] || skip "no $MK"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"

gt() { GDAL_PAM_ENABLED=NO gdal_translate -q "$@"; }

# 4100 x 4100 is over the split threshold (16 Mpx).
"$MK" src.tif --width 4100 --height 4100 --tile 256 --compress deflate \
    --classes 6 --seed 7
mkdir g
gt -of HFA -co COMPRESSED=YES src.tif g/big.img
gt -of ERS src.tif g/big.ers
run "$MFW" -j1 --classes 6 -f counts src.tif
expect_rc 0
want=$(js .pixels)

for f in big.img big.ers; do
	for j in 1 2 3; do
		run "$MFW" -j$j --classes 6 -f json "g/$f"
		expect_rc 0
		mv out "$f.j$j"
	done
	same "$f.j1" "$f.j2"
	same "$f.j1" "$f.j3"
	eq "$(js .pixels "$f.j1")" "$want" "$f pixels"
done

# Among small masks, both rasters: the same counts with any -j.
"$MK" g/s1.tif --width 30 --height 20 --classes 6 --seed 1
"$MK" g/s2.tif --width 25 --height 20 --classes 6 --seed 2
for j in 1 2 3; do
	run "$MFW" -j$j --classes 6 -f counts g
	expect_rc 0
	mv out dir.j$j
done
same dir.j1 dir.j2
same dir.j1 dir.j3

# A single operand with -j2: two helpers open it.
if command -v strace >/dev/null &&
    strace -f -o /dev/null true 2>/dev/null; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -e trace=openat -o tr "$MFW" -j2 -q --classes 6 \
	    g/big.img >/dev/null
	n=$(awk '/big\.img/ && !/ENOENT/ { print $1 }' tr | sort -u | wc -l)
	# The main process opens it too.
	[ "$n" -ge 3 ] || die "only $n processes opened the file"
fi
exit 0
