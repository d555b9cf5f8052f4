# core_threads: -j1 (inline, no threads) against -j2 and -j8 on a few
# dozen files of different sizes and layouts: byte-identical JSON and CSV.
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"

mkdir -p t/a t/b/c
i=0
while [ $i -lt 24 ]; do
	w=$((40 + i * 13)) h=$((30 + i * 7))
	case $((i % 6)) in
	0) o="--sprinkle 255" ;;
	1) o="--type palette --trns" ;;
	2) o="--depth 16" ;;
	3) o="--depth 4" ;;
	4) o="--type graya --sprinkle 255" ;;
	5) o="--interlace" ;;
	esac
	d=t/a
	[ $((i % 3)) -eq 0 ] && d=t/b/c
	# shellcheck disable=SC2086
	"$MK" "$d/m$i.png" -w $w -h $h --classes 6 --seed $i $o
	i=$((i + 1))
done
# Two large ones, so that workers really overlap.
"$MK" t/big1.png -w 1500 -h 1000 --classes 6 --seed 100 --sprinkle 255
"$MK" t/big2.png -w 1000 -h 1500 --classes 6 --seed 101 --depth 16

for fmt in json csv; do
	for j in 1 2 8; do
		"$MFW" -j $j -f $fmt --classes 6 --ignore 255 t "$DATA/masks" \
		    >"$fmt.$j" 2>"$fmt.$j.err" || die "-j $j -f $fmt failed"
	done
	same "$fmt.1" "$fmt.2"
	same "$fmt.1" "$fmt.8"
done
# The thread count does not change the notices either.
same json.1.err json.8.err
[ -s json.1 ] || die "empty output"
