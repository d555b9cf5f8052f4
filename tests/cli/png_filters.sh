# png_filters: every row filter, IDAT split into many tiny chunks,
# compression levels 0..9 and ancillary chunks (gAMA, tEXt) leave the
# counts exactly as mkpng wrote them; one run over all of them adds up.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

bad=0
check() {
	name=$1
	shift
	"$MK" "d/$name.png" "$@" --hist >"$name.hist" ||
	    die "mkpng $name $*"
	cat "$name.hist" >>all.hist
	run "$MFW" --classes 256 "d/$name.png"
	if [ "$rc" -ne 0 ]; then
		echo "$name ($*): exit $rc: $(head -3 err)" >&2
		bad=$((bad + 1))
		return 0
	fi
	got=$(js .pixels)
	want=$(vec 256 "$name.hist")
	if [ "$got" != "$want" ]; then
		echo "$name ($*): pixels differ from mkpng --hist" >&2
		bad=$((bad + 1))
	fi
}

mkdir d
: >all.hist
for f in none sub up avg paeth all; do
	check f8-$f -w 61 -h 47 --classes 7 --filter $f --sprinkle 255
	check f16-$f -w 61 -h 47 --depth 16 --classes 7 --filter $f
	check f2-$f -w 61 -h 47 --depth 2 --filter $f
	check fp-$f -w 61 -h 47 --type palette --filter $f --trns
	check fga-$f -w 61 -h 47 --type graya --filter $f
	check fi-$f -w 61 -h 47 --interlace --filter $f --classes 9
done
# IDAT split into many small chunks (6 bytes is libpng's minimum).
check idat6 -w 120 -h 90 --idat 6 --classes 5
check idat6-adam7 -w 37 -h 23 --idat 6 --interlace --sprinkle 255
check idat7-16 -w 50 -h 50 --idat 7 --depth 16 --filter paeth
check idat100 -w 200 -h 150 --idat 100 --type palette --level 9
# Compression levels, ancillary chunks.
for l in 0 1 6 9; do
	check level$l -w 100 -h 80 --level $l --classes 8 --seed $l
done
check ancillary -w 100 -h 80 --gama --text --classes 4
check ancillary-pal -w 100 -h 80 --type palette --gama --text --trns

# All of them in one walk: the sum of the histograms.
run "$MFW" -c 256 d
expect_rc 0
eq "$(js .pixels)" "$(vec 256 all.hist)" "walk pixels"
eq "$(js .images)" "$(ls d | wc -l | tr -d ' ')" "walk images"
[ $bad -eq 0 ] || die "$bad filter/chunk checks failed"
