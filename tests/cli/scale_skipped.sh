# scale_skipped: with --keep-going, bad files (truncated PNGs, a corrupt
# CRC, an out-of-range label) are skipped in whichever shard holds them;
# the merged output lists them in the same order as one run, with the
# same reasons, and exits 1 as one run does.  Without --keep-going a
# shard holding a bad file fails (exit 3, no document).
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir -p set/x set/y
i=0
while [ $i -lt 24 ]; do
	d=set/x
	[ $((i % 2)) -eq 0 ] && d=set/y
	"$MK" "$d/m$i.png" -w $((20 + i)) -h $((12 + i % 5)) --classes 4 \
	    --seed $i --sprinkle 255
	i=$((i + 1))
done
"$MK" big.png -w 300 -h 200 --classes 4 --seed 99 --level 0
size=$(wc -c <big.png | tr -d ' ')
head -c $((size - 30)) big.png >set/x/m10-trunc.png
head -c 60 big.png >set/y/m3-trunc.png
"$MK" set/y/m7-crc.png -w 30 -h 30 --corrupt crc
"$MK" set/x/m19-label.png -w 30 -h 30 --values 0,1,9

run "$MFW" -q --keep-going -c 4 -i 255 set
expect_rc 1
mv out single.json
eq "$(js .skipped_files single.json)" 4 "skipped files of one run"
eq "$(jq -r '.skipped[].path' single.json | tr '\n' ' ')" \
    "set/x/m10-trunc.png set/x/m19-label.png set/y/m3-trunc.png \
set/y/m7-crc.png " "skipped paths"
"$MFW" -q --keep-going -c 4 -i 255 -f csv set >single.csv || [ $? -eq 1 ]

for n in 2 3 7; do
	k=1 parts=""
	while [ $k -le $n ]; do
		run "$MFW" -q --keep-going --shard $k/$n -f counts -c 4 -i 255 \
		    set
		[ "$rc" -le 1 ] || { cat err >&2; die "shard $k/$n: exit $rc"; }
		# A shard exits 1 exactly when it skipped a file.
		if [ "$(js .skipped_files)" -gt 0 ]; then expect_rc 1; else
			expect_rc 0
		fi
		mv out p$k-$n
		parts="$parts p$k-$n"
		k=$((k + 1))
	done
	# shellcheck disable=SC2086
	run "$MFW" merge $parts
	expect_rc 1
	same out single.json
	# shellcheck disable=SC2086
	run "$MFW" merge -f csv $parts
	expect_rc 1
	same out single.csv
done

# Without --keep-going a shard that meets a bad file prints no counts.
bad=0
for k in 1 2 3; do
	run "$MFW" -q --shard $k/3 -f counts -c 4 -i 255 set
	if [ "$rc" -eq 3 ]; then
		bad=$((bad + 1))
		[ ! -s out ] || die "shard $k/3: output despite a bad file"
	else
		expect_rc 0
	fi
done
[ $bad -ge 1 ] || die "no shard refused its bad file"
