# png_variants: every PNG layout a mask may come in gives exactly the
# histogram mkpng wrote: gray 1/2/4/8/16-bit (raw values, never rescaled),
# palette 1/2/4/8-bit with and without tRNS (indices, never colours),
# gray+alpha (gray counted, alpha not), Adam7 at odd sizes down to 1x1.
# shellcheck disable=SC2086 # $s holds several options on purpose
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

bad=0
# check NAME N MKPNG-OPTIONS...: write NAME.png, count it with --classes N.
check() {
	name=$1 n=$2
	shift 2
	"$MK" "$name.png" "$@" --hist >"$name.hist" || die "mkpng $name $*"
	run "$MFW" --classes "$n" "$name.png"
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
		echo "$name ($*): [images, pixels_total] $got, expected $want" >&2
		bad=$((bad + 1))
	fi
}

for il in none adam7; do
	o=
	[ $il = adam7 ] && o=--interlace
	for size in 37x23 1x1 1x9 9x1 3x3 64x48 130x7; do
		w=${size%x*} h=${size#*x}
		s="-w $w -h $h $o"
		# Gray: every depth; labels use the whole range of the depth.
		check g1-$il-$size 2 $s --depth 1 --classes 2
		check g2-$il-$size 4 $s --depth 2 --classes 4 --seed 2
		check g4-$il-$size 16 $s --depth 4 --classes 16 --seed 3
		check g8-$il-$size 256 $s --classes 6 --sprinkle 255 --seed 4
		check g16-$il-$size 700 $s --depth 16 --classes 5 \
		    --sprinkle 699 --rate 100 --seed 5
		# Palette, with and without tRNS: raw indices.
		check p1-$il-$size 2 $s --type palette --depth 1 --classes 2
		check p2-$il-$size 4 $s --type palette --depth 2 --trns \
		    --seed 6
		check p4-$il-$size 16 $s --type palette --depth 4 \
		    --classes 16 --seed 7
		check p8-$il-$size 256 $s --type palette --classes 9 \
		    --trns --sprinkle 255 --seed 8
		# Gray + alpha: gray counted, alpha (varying) not.
		check ga8-$il-$size 256 $s --type graya --sprinkle 255
		check ga16-$il-$size 300 $s --type graya --depth 16 \
		    --sprinkle 299 --seed 9
	done
done

# Values only a rescaling or gamma transform would change.
check g16-high 65536 -w 20 -h 10 --depth 16 --values 0,1,257,4000,65535
check g2-all 4 -w 31 -h 5 --depth 2 --values 3,2,1,0 --gama
check g8-gama 8 -w 16 -h 16 --values 1,2,3,4,5,6,7 --gama
# A palette whose colours would map indices 0..3 to other gray levels.
check p8-lum 256 -w 16 -h 16 --type palette --values 0,1,2,3,200,255 --trns

[ $bad -eq 0 ] || die "$bad variant checks failed"
