# core_sample: the README's first command on the bundled sample prints
# data/expected.json byte for byte; the walk passes over the text file
# silently; CSV has the header and one row per class; and, when python3 is
# there, tests/tools/reference.py (an independent PNG decoder and weight
# calculator) agrees on every count exactly and on every double.
# suites: plain asan
command -v jq >/dev/null || skip "jq not installed"

run "$MFW" "$DATA/masks" --classes 4 --ignore 255
expect_rc 0
same out "$DATA/expected.json"
hasnt err README.txt

eq "$(js '[.classes, .images, .pixels_total, .pixels_ignored]')" \
    "[4,32,244265,3312]" "totals"
eq "$(js .pixels)" "[168936,23654,21956,26407]" "P"
eq "$(js .images_with_class)" "[32,32,29,30]" "I"
eq "$(js .image_pixels)" "[240953,240953,216419,224242]" "T"
eq "$(js '[.absent, .ignored, .skipped]')" "[[],[],[]]" "lists"

# Same run, from inside the directory and with a trailing slash.
(cd "$DATA" && "$MFW" --classes 4 --ignore 255 masks/) >out2
same out2 "$DATA/expected.json"

run "$MFW" -f csv "$DATA/masks" --classes 4 --ignore 255
expect_rc 0
eq "$(head -1 out)" "class,pixels,images,image_pixels,share,frequency,weight" \
    "CSV header"
eq "$(wc -l <out | tr -d ' ')" 5 "CSV lines"
eq "$(sed -n 2p out | cut -d, -f1-4)" "0,168936,32,240953" "CSV row 0"
eq "$(sed -n 5p out | cut -d, -f1-4)" "3,26407,30,224242" "CSV row 3"

# The independent oracle, if python3 is installed.
if command -v python3 >/dev/null; then
	python3 "$SRC/tests/tools/reference.py" "$DATA/masks" --classes 4 \
	    --ignore 255 >ref.json
	for k in pixels images_with_class image_pixels pixels_total \
	    pixels_ignored absent ignored; do
		eq "$(js ".$k" "$DATA/expected.json")" "$(js ".$k" ref.json)" \
		    "reference $k"
	done
	# Doubles: equal to the last bit or within 1e-12 relative.
	jq -n --slurpfile a "$DATA/expected.json" --slurpfile b ref.json '
	    def close(x; y): (x == y) or
		(((x - y) | fabs) <= 1e-12 * ([x, y] | map(fabs) | max));
	    [$a[0], $b[0]] as [$a, $b]
	    | [range(4) as $i | close($a.weights[$i]; $b.weights[$i]),
	       close($a.frequency[$i]; $b.frequency[$i]),
	       close($a.share[$i]; $b.share[$i])]
	    + [close($a.median_frequency; $b.median_frequency)]
	    | all' >close.out
	eq "$(cat close.out)" true "reference doubles"
fi
