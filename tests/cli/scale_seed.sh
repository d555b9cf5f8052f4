# scale_seed: data/seed-counts.json is the counts document of the seed
# data set (README): 16000 images of 512 x 512, three classes, nothing
# ignored.  Its numbers are consistent (P sums to the 16000 x 262144
# pixels, T = I x 262144), and `mfweights merge` on it prints the weights
# [0.27528322, 1, 3.48062665] to 8 digits, [0.28, 1, 3.48] to 2.  It is
# a version 1 document (no provenance): merged alone, with a warning.
# suites: plain
command -v jq >/dev/null || skip "jq not installed"

SEED=$DATA/seed-counts.json
[ -f "$SEED" ] || die "no $SEED"
eq "$(js '[.mfweights_counts, .classes, .classes_given, .images]' "$SEED")" \
    '[1,3,true,16000]' "header"
eq "$(js '.pixels' "$SEED")" '[3139143221,832395811,222764968]' "P"
eq "$(js '.images_with_class' "$SEED")" '[16000,15412,14356]' "I"
eq "$(js '.image_pixels' "$SEED")" '[4194304000,4040163328,3763339264]' "T"
eq "$(js '[.ignore_values, .pixels_ignored, .pixels_nodata,
    .pixels_out_of_range, .skipped_files, .skipped]' "$SEED")" \
    '[[],0,0,0,0,[]]' "nothing ignored or skipped"
# Integer checks in awk would lose digits: sh arithmetic is 64-bit.
eq "$((3139143221 + 832395811 + 222764968))" "$(js .pixels_total "$SEED")" \
    "sum of P"
eq "$((16000 * 512 * 512))" "$(js .pixels_total "$SEED")" "16000 x 512 x 512"
eq "$((15412 * 262144)) $((14356 * 262144))" \
    "$(jq -r '.image_pixels[1:] | map(tostring) | join(" ")' "$SEED")" \
    "T = I x 262144"

run "$MFW" merge "$SEED"
expect_rc 0
eq "$(js .weights)" '[0.27528321884695195,1,3.480626645390226]' "weights"
eq "$(js .images)" 16000 "images"
run "$MFW" merge --precision 8 -f list "$SEED"
expect_rc 0
eq "$(cat out)" "[0.27528322, 1, 3.48062665]" "weights, 8 digits"
run "$MFW" merge --precision 2 --format list "$SEED"
expect_rc 0
eq "$(cat out)" "[0.28, 1, 3.48]" "weights, 2 digits"
printf '[0.28, 1, 3.48]\n' >want
same out want
# From stdin, and twice over (every count doubled): the same weights.
set +e
"$MFW" merge --precision 8 -f list - <"$SEED" >out 2>err
rc=$?
set -e
expect_rc 0
eq "$(cat out)" "[0.27528322, 1, 3.48062665]" "weights from stdin"
# A version 1 document has no provenance: merged alone with a warning,
# refused beside another (it could be counted twice) and as the source
# of a counts document (the result would look checked).
has err 'warning: a counts document of version 1'
run "$MFW" merge --precision 8 -f list "$SEED" "$SEED"
expect_rc 3
[ ! -s out ] || die "a version 1 document merged twice"
has err 'can be merged only alone'
run "$MFW" merge -f counts "$SEED"
expect_rc 3
[ ! -s out ] || die "a version 1 document became a counts document"
