# perf_pngdiff: the PNG fast path (decode_pngfast.c) through the CLI.
# The fast path and libpng are compared file by file in
# tests/unit/test_pngfast.c; here mkpng's files that exercise the fast
# path's own code (rows past the 16-byte blocks and past the one-pass
# limit, runs of identical rows, noise rows long enough for the
# sub-histograms, 1-byte IDAT chunks, an image above the 64 MiB cap that
# must go to libpng) give exactly mkpng's histogram, with -j1 and -j2
# alike, and damaged files get libpng's verdict and words.
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

bad=0
check() {
	name=$1 n=$2
	shift 2
	"$MK" "d/$name.png" "$@" --hist >"$name.hist" || die "mkpng $name $*"
	cat "$name.hist" >>all.hist
	run "$MFW" -j1 --classes "$n" "d/$name.png"
	if [ "$rc" -ne 0 ]; then
		echo "$name ($*): exit $rc: $(head -3 err)" >&2
		bad=$((bad + 1))
		return 0
	fi
	if [ "$(js .pixels)" != "$(vec "$n" "$name.hist")" ]; then
		echo "$name ($*): pixels differ from mkpng --hist" >&2
		bad=$((bad + 1))
	fi
}

mkdir d
: >all.hist
for f in none sub up avg paeth all; do
	check w4099-$f 256 -w 4099 -h 9 --filter $f --classes 5 --seed 3
	check noise-$f 256 -w 5000 -h 4 --filter $f --classes 2 \
	    --sprinkle 1 --rate 500
	check n16-$f 1000 -w 777 -h 12 --depth 16 --classes 999 \
	    --sprinkle 998 --rate 300 --filter $f
	check p4-$f 16 -w 1001 -h 7 --type palette --depth 4 --classes 16 \
	    --filter $f
done
check wide 256 -w 70001 -h 3 --classes 7 --filter all
check rows 256 -w 300 -h 500 --const 9 --filter up
check idat1 256 -w 200 -h 150 --idat 6 --level 9 --classes 6
check g1 2 -w 333 -h 77 --depth 1 --classes 2 --filter paeth
check g2 4 -w 65 -h 65 --depth 2 --classes 4 --filter avg
# 8200 x 8200 decodes to more than 64 MiB: libpng streams it.
check big 256 -w 8200 -h 8200 --const 3

run "$MFW" -j2 -c 1000 d
expect_rc 0
eq "$(js .pixels)" "$(vec 1000 all.hist)" "-j2 walk pixels"
run "$MFW" -j1 -c 1000 -f counts d
cp out j1
run "$MFW" -j2 -c 1000 -f counts d
same out j1
[ $bad -eq 0 ] || die "$bad fast-path checks failed"

# Damage: the fast path defers to libpng, whose words are reported.
for c in crc:"IDAT: CRC error" ihdr-crc:"IHDR: CRC error" \
    adler:"IDAT: incorrect data check" width0:"Invalid IHDR data" \
    noiend:"Read Error"; do
	kind=${c%%:*} msg=${c#*:}
	"$MK" "c-$kind.png" -w 61 -h 40 --corrupt "$kind" ||
	    die "mkpng --corrupt $kind"
	run "$MFW" -c 4 "c-$kind.png"
	expect_rc 3
	has err "c-$kind.png: invalid PNG: $msg"
	[ -s out ] && die "$kind: output printed"
done
# Truncated anywhere: refused, never counted.
"$MK" t.png -w 50 -h 30 --classes 3 --filter paeth
size=$(wc -c <t.png)
i=8
while [ "$i" -lt "$size" ]; do
	head -c "$i" t.png >tr.png
	run "$MFW" -c 3 tr.png
	[ "$rc" -eq 3 ] || die "truncated at $i: exit $rc"
	i=$((i + 37))
done
