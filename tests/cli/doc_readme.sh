# doc_readme: README.md keeps its promises.  The two commands for a fresh
# Debian 12 machine are there, verbatim; every --option it names exists
# in src/main.c; every `make TARGET` it names exists in the Makefile; the
# exit statuses are listed; and its reference example holds: the counts
# of its 16,000-mask example, fed to `mfweights merge` as a counts document, give the
# weights it quotes.  (Its console commands run in doc_examples.)
# suites: plain
README=$SRC/README.md
[ -f "$README" ] || die "no $README"

grep -Fqx 'sh tools/setup.sh && make sample' "$README" ||
    die "README lacks the line: sh tools/setup.sh && make sample"
grep -Fqx 'sh tools/setup.sh && make check' "$README" ||
    die "README lacks the line: sh tools/setup.sh && make check"

# The examples type `mfweights`: the quick start puts it on PATH (make
# install) before the first of them.
first=$(grep -n '^\$ mfweights ' "$README" | head -1 | cut -d: -f1)
inst=$(grep -nx 'make install' "$README" | head -1 | cut -d: -f1)
[ -n "$inst" ] && [ -n "$first" ] && [ "$inst" -lt "$first" ] ||
    die "README types mfweights (line $first) before 'make install'"

# Options: all real (--update is tests/run.sh's own flag).
sed -n 's/^[[:space:]]*{"\([a-z0-9][a-z0-9-]*\)",.*/\1/p' \
    "$SRC/src/main.c" | sort -u >code.long
# Recipes in ```sh blocks use other programs' options (parallel, sbatch).
awk '/^```sh$/ { skip = 1; next } /^```/ { skip = 0 } !skip' "$README" |
    grep -o -- '--[a-z][a-z0-9-]*' | sed 's/^--//' | sort -u |
    grep -vx update >readme.long || :
[ -s readme.long ] || die "README names no option"
comm -23 readme.long code.long >unknown
[ ! -s unknown ] || die "README names unknown options: $(tr '\n' ' ' \
    <unknown)"

# make targets.
grep -o 'make [a-z][a-z-]*' "$README" | sed 's/^make //' | sort -u \
    >targets
while read -r t; do
	grep -q "^$t:" "$SRC/Makefile" || die "README names 'make $t', \
which the Makefile lacks"
done <targets

# Exit statuses: one table row each.
for s in 0 1 2 3 4 '130, 143'; do
	grep -q "^| $s |" "$README" || die "README lacks exit status $s"
done

# The reference example: P, I and T of 16000 images of 512 x 512.
cat >ref.json <<'EOF'
{"mfweights_counts": 1, "classes": 3, "classes_given": true,
 "ignore_values": [], "band": 0, "nodata": true, "decoder": "auto",
 "map": null, "colors": null, "images": 16000, "skipped_files": 0,
 "pixels_total": 4194303999, "pixels_ignored": 0, "pixels_nodata": 0,
 "pixels_out_of_range": 0,
 "pixels": [3139143220, 832395811, 222764968],
 "images_with_class": [16000, 15412, 14356],
 "image_pixels": [4194304000, 4040163328, 3763339264],
 "skipped": []}
EOF
for want in 'P = \[3139143220, 832395811, 222764968\]' \
    'I = \[16000, 15412, 14356\]' '\[0.74843007, 0.20603024, 0.05919343\]' \
    '\[0.27528322, 1, 3.48062665\]' '\[0.28, 1, 3.48\]'; do
	tr '\n' ' ' <"$README" | grep -q "$want" ||
	    die "README lacks the reference numbers $want"
done
run "$MFW" merge ref.json --precision 8 -f list
expect_rc 0
eq "$(cat out)" "[0.27528322, 1, 3.48062665]" "reference weights"
run "$MFW" merge ref.json --precision 2 -f list
expect_rc 0
eq "$(cat out)" "[0.28, 1, 3.48]" "reference weights, 2 decimals"
run "$MFW" merge ref.json -f csv
expect_rc 0
eq "$(cut -d, -f6 out | tr '\n' ' ')" \
    "frequency 0.7484300661087037 0.20603023774587362 0.059193432314477615 " \
    "reference frequencies"
