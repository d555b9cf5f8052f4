# png_variants: every PNG layout a mask may come in gives exactly the
# histogram mkpng wrote: gray 1/2/4/8/16-bit (raw values, never rescaled),
# palette 1/2/4/8-bit with and without tRNS (indices, never colours),
# gray+alpha (gray counted, alpha not), Adam7 at odd sizes down to 1x1.
# shellcheck disable=SC2086 # $s holds several options on purpose
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# check NAME N MKPNG-OPTIONS...: write NAME.png and its histogram; one
# run below counts them all (-c 65536: every value of every depth is a
# class) and each file's --per-image line must be its histogram.  (One
# run, not one per file: the sanitizer suites pay a start-up per run.)
check() {
	name=$1
	shift 2
	"$MK" "$name.png" "$@" --hist >"$name.hist" || die "mkpng $name $*"
	echo "$name $*" >>made
}
: >made

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

run "$MFW" -q -c 65536 -o /dev/null --per-image lines ./*.png
[ "$rc" -eq 0 ] || { head -5 err >&2; die "exit $rc"; }
# Each line against its histogram: the classes and counts, the size.
python3 - made lines <<'PYEOF' || die "variant checks failed"
import json, sys
made = [l.split(" ", 1) for l in open(sys.argv[1]).read().splitlines()]
recs = {}
for l in open(sys.argv[2]):
    r = json.loads(l)
    recs[r["path"]] = r
bad = 0
for name, opts in made:
    want = {}
    for l in open(name + ".hist"):
        v, n = l.split()
        if int(n):
            want[v] = int(n)
    r = recs.get("./" + name + ".png")
    if r is None:
        print("%s (%s): not counted" % (name, opts), file=sys.stderr)
        bad += 1
        continue
    if r["counts"] != want or r["pixels_ignored"] or r["pixels_nodata"]:
        print("%s (%s): counts %s, expected %s" % (name, opts,
              r["counts"], want), file=sys.stderr)
        bad += 1
    if r["width"] * r["height"] != sum(want.values()):
        print("%s (%s): %dx%d, histogram of %d pixels" % (name, opts,
              r["width"], r["height"], sum(want.values())), file=sys.stderr)
        bad += 1
print("%d variants, %d wrong" % (len(made), bad), file=sys.stderr)
sys.exit(bad > 0)
PYEOF
eq "$(wc -l <lines)" "$(wc -l <made)" "per-image lines"
