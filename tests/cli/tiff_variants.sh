# tiff_variants: every TIFF layout a mask may come in gives exactly the
# histogram mktiff wrote: 1/2/4/8/16/32-bit samples, strips (one for the
# whole image, several, one row each) and tiles (edge tiles clipped), every
# codec Debian's libtiff writes for integers (none, LZW, Deflate, PackBits,
# ZSTD, LZMA) with and without a predictor, BigTIFF, big-endian, planar
# separate with --band, palette (indices), MinIsWhite (raw values),
# gray+alpha (gray counted), signed samples with --ignore, float samples
# holding whole numbers.  A directory of all of them gives the same bytes
# with -j1 and -j2.
# shellcheck disable=SC2086 # $s holds several options on purpose
# shellcheck disable=SC2154 # rc is set by run (tests/lib.sh)
# suites: plain asan
MK=$B/mktiff
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

bad=0
mkdir all
# check NAME N "MFWEIGHTS-OPTIONS" MKTIFF-OPTIONS...: write all/NAME.tif,
# count it with --classes N and the options, compare with the histogram.
check() {
	name=$1 n=$2 mo=$3
	shift 3
	"$MK" "all/$name.tif" "$@" --hist >"$name.hist" ||
	    die "mktiff $name $*"
	run "$MFW" --classes "$n" $mo "all/$name.tif"
	if [ "$rc" -ne 0 ]; then
		echo "$name ($*): exit $rc: $(head -3 err)" >&2
		bad=$((bad + 1))
		return 0
	fi
	got=$(js .pixels)
	want=$(vec "$n" "$name.hist")
	if [ "$got" != "$want" ]; then
		echo "$name ($*): pixels $got, expected $want" >&2
		bad=$((bad + 1))
	fi
	got=$(js '[.images, .pixels_total]')
	want=$(awk '{ s += $2 } END { printf "[1,%s]\n", s }' "$name.hist")
	if [ "$got" != "$want" ]; then
		echo "$name ($*): [images, pixels_total] $got," \
		    "expected $want" >&2
		bad=$((bad + 1))
	fi
}

# codec I: the codecs in turn.
codec() {
	case $(($1 % 6)) in
	0) echo none ;; 1) echo lzw ;; 2) echo deflate ;;
	3) echo packbits ;; 4) echo zstd ;; *) echo lzma ;;
	esac
}

# Bit depths x layouts, the codec turning with each case.
i=0
for bits in 1 2 4 8 16; do
	n=$((bits < 4 ? 1 << bits : 11))
	for lay in "--rows 0" "--rows 5" "--rows 1" "--tile 16" \
	    "--tile 32x16"; do
		i=$((i + 1))
		z=$(codec $i)
		s="--width 37 --height 23 --bits $bits --classes $n --seed $i"
		check v$i $n "" $s $lay --compress $z
	done
done

s="--width 45 --height 31"
check bigtiff 7 "" $s --classes 7 --bigtiff --tile 16 --compress deflate
check bigend16 300 "" $s --bits 16 --classes 300 --big-endian --rows 4
check pred16 300 "" $s --bits 16 --classes 300 --compress lzw \
    --predictor 2 --rows 0
check big-pred 9 "" $s --classes 9 --bigtiff --big-endian --compress zstd \
    --predictor 2 --tile 16
check u32 5 "" $s --bits 32 --classes 5 --compress deflate --tile 16x32
check u64 5 "" $s --bits 64 --classes 5 --rows 7
check f32 6 "" $s --float --bits 32 --classes 6 --compress deflate \
    --predictor 3
check f64 6 "" $s --float --bits 64 --classes 6 --tile 16
check palette4 16 "" $s --photometric palette --bits 4 --classes 16
check palette8 200 "" $s --photometric palette --classes 200 --tile 16 \
    --compress lzw
check miniswhite1 2 "" $s --photometric miniswhite --bits 1 --classes 2 \
    --compress packbits
check alpha8 5 "" $s --alpha --classes 5
check alpha16sep 5 "" $s --alpha --bits 16 --separate --classes 5 --tile 16
for b in 1 2 3; do
	check sep$b 6 "--band $b" $s --spp 3 --separate --band $b --classes 6 \
	    --compress deflate --rows 6
	check contig$b 6 "--band $b" $s --spp 3 --band $b --classes 6 \
	    --tile 16 --compress lzma
	check rgb$b 6 "--band $b" $s --photometric rgb --band $b --classes 6
done
# Signed: values -2..2; the negative ones are ignored.
check i16 3 "--ignore -2,-1" $s --bits 16 --signed --classes 5 \
    --compress zstd --tile 16
check i8 3 "--ignore -2,-1" $s --bits 8 --signed --classes 5
[ $bad -eq 0 ] || die "$bad variants counted wrongly"

# The same values in signed files: their negative pixels are reported.
run "$MFW" --classes 3 --ignore -2,-1 all/i8.tif
want=$(awk '$1 < 0 { s += $2 } END { print s }' i8.hist)
eq "$(js .pixels_ignored)" "$want" "ignored pixels of i8"

# A folder of all of them: byte-identical with one and two threads.  The
# files with extra bands are left out (they need --band).
mkdir one
for f in all/*.tif; do
	case $f in
	*/sep*|*/contig*|*/rgb*|*/i8*|*/i16*) ;;
	*) ln "$f" one/ ;;
	esac
done
run "$MFW" --classes 300 -j1 one
expect_rc 0
mv out j1.out
run "$MFW" --classes 300 -j2 one
expect_rc 0
same j1.out out
n=0
for f in one/*; do n=$((n + 1)); done
eq "$(jq .images j1.out)" "$n" "images"
