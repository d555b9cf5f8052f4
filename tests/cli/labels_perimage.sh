# --per-image: one JSON line per counted image, in walk order, summing
# exactly to the totals; bad files have no line.
mkdir m
for i in 0 1 2 3 4 5 6 7 8 9; do
	"$B/mkpng" m/f$i.png -w $((10 + i)) -h 7 --classes 4 --seed $i --sprinkle 255
done
head -c 60 m/f5.png >t.png && mv t.png m/f5.png
run "$MFW" -q -c 4 -i 255 --keep-going -j 3 --per-image lines.jsonl m
expect_rc 1
eq "$(wc -l <lines.jsonl | tr -d ' ')" 9 lines
eq "$(jq -r .path lines.jsonl | tr '\n' ' ')" \
    "m/f0.png m/f1.png m/f2.png m/f3.png m/f4.png m/f6.png m/f7.png m/f8.png m/f9.png " order
for c in 0 1 2 3; do
	eq "$(jq -s "map(.counts[\"$c\"] // 0) | add" lines.jsonl)" \
	    "$(js ".pixels[$c]")" "class $c sum"
done
eq "$(jq -s 'map(.pixels_ignored) | add' lines.jsonl)" "$(js .pixels_ignored)"
eq "$(jq -s 'map(.width * .height) | add' lines.jsonl)" "$(js .pixels_total)"
# -j1 and -j2 write the same lines.
run "$MFW" -q -c 4 -i 255 --keep-going -j 1 --per-image one.jsonl m
same lines.jsonl one.jsonl
run "$MFW" -q -c 4 --per-image - m/f0.png; expect_rc 2
