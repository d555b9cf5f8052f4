# tiff_split: a large TIFF is split across workers and
# counted exactly as one worker counts it: tiled, stripped (whole strips,
# 8.6 MB DEFLATE strips read whole, LZW ones read row by row), planar
# separate with --band, 16-bit with nodata, --map and --per-image give
# the histogram mktiff wrote and byte-identical output with -j1, -j2 and
# -j3.  A file with two corrupt tiles fails with the same reason whatever
# the threads (the first bad tile in file order), its partial counts
# never reach the totals, and the good files' counts are unchanged.  With
# -j2 a single TIFF operand is read by two threads.
# shellcheck disable=SC2086 # $opts holds several options on purpose
# shellcheck disable=SC2154 # rc is set by run (tests/lib.sh)
MK=$B/mktiff
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# Each is at least 16 Mpx (the split threshold) and cut into several
# parts of about 4 Mpx.
mkdir big
"$MK" big/tiled.tif --width 4300 --height 4100 --tile 256x128 \
    --compress deflate --classes 7 --seed 1 --hist >tiled.hist
"$MK" big/strips.tif --width 4100 --height 4200 --rows 9 \
    --compress lzw --predictor 2 --classes 5 --seed 2 --hist >strips.hist
"$MK" big/rows.tif --width 4100 --height 4100 --rows 2100 \
    --compress lzw --classes 4 --seed 3 --hist >rows.hist
"$MK" big/whole.tif --width 4100 --height 4100 --rows 2100 \
    --compress deflate --classes 4 --seed 6 --hist >whole.hist
"$MK" big/sep.tif --width 4096 --height 4200 --rows 64 --separate \
    --spp 3 --band 2 --compress deflate --classes 6 --seed 4 \
    --hist >sep.hist
"$MK" big/u16.tif --width 4097 --height 4099 --bits 16 --tile 512 \
    --compress zstd --classes 300 --nodata 7 --seed 5 --hist >u16.hist

# check NAME N OPTIONS: -j1, -j2, -j3 agree byte for byte and with mktiff.
check() {
	for j in 1 2 3; do
		run "$MFW" -j$j --classes "$2" $3 -f json "big/$1.tif"
		expect_rc 0
		mv out "$1.j$j"
	done
	same "$1.j1" "$1.j2"
	same "$1.j1" "$1.j3"
	eq "$(js .pixels "$1.j1")" "$(vec "$2" "$1.hist")" "$1 pixels"
}
check tiled 7 ""
check strips 5 ""
check rows 4 ""
check whole 4 ""
check sep 6 "--band 2"
# Label 7 is the file's nodata: counted as nodata, not as a class.
for j in 1 2 3; do
	run "$MFW" -j$j --classes 300 -f counts big/u16.tif
	expect_rc 0
	mv out u16.j$j
done
same u16.j1 u16.j2
same u16.j1 u16.j3
eq "$(js '.pixels[7]' u16.j1)" 0 "nodata pixels counted as class 7"
eq "$(js .pixels_nodata u16.j1)" "$(awk '$1 == 7 { print $2 }' u16.hist)" \
    "u16 nodata"

# --map and --per-image over the whole directory.
printf '0,0\n1,0\n2,1\n3,1\n4,2\n5,2\n6,2\n' >m.csv
for j in 1 2 3; do
	run "$MFW" -j$j --map m.csv --classes 3 --per-image pi.j$j \
	    big/tiled.tif big/strips.tif
	expect_rc 0
	mv out map.j$j
done
same map.j1 map.j2
same map.j1 map.j3
same pi.j1 pi.j2
same pi.j1 pi.j3

# Two corrupt tiles, at 40 % and 75 % of the file.
cp big/tiled.tif bad.tif
size=$(wc -c <bad.tif)
for at in $((size * 40 / 100)) $((size * 75 / 100)); do
	head -c 64 /dev/zero | tr '\0' '\377' |
	    dd of=bad.tif bs=1 seek="$at" conv=notrunc 2>/dev/null
done
mkdir mix
cp bad.tif mix/a.tif
cp big/strips.tif mix/b.tif
for j in 1 2 3; do
	run "$MFW" -j$j --classes 7 mix
	expect_rc 3
	eq "$(wc -c <out | tr -d ' ')" 0 "stdout of a failed run"
	mv err bad.err$j
	run "$MFW" -j$j --classes 7 --keep-going -f counts mix
	expect_rc 1
	mv out kg.j$j
done
has bad.err1 "a.tif: "
same bad.err1 bad.err2
same bad.err1 bad.err3
same kg.j1 kg.j2
same kg.j1 kg.j3
run "$MFW" --classes 7 -f counts big/strips.tif
expect_rc 0
eq "$(js .pixels kg.j1)" "$(js .pixels)" "good file's counts"

# A single TIFF operand with -j2 is read by two threads.
if command -v strace >/dev/null &&
    strace -f -o /dev/null true 2>/dev/null; then
	# LeakSanitizer cannot run under ptrace.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -e trace=pread64 -o tr "$MFW" -j2 -q big/tiled.tif \
	    >/dev/null
	n=$(awk '/pread64/ { print $1 }' tr | sort -u | wc -l)
	[ "$n" -ge 2 ] || die "one thread read the file ($n)"
fi
exit 0
