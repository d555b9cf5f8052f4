# core_regen: data/make-sample.sh still describes the bundled sample:
# regenerated in the scratch directory, its histogram list equals the one
# data/README.md quotes, the masks have the same pixels (same mfweights
# output as data/expected.json; the PNG bytes themselves may differ with
# another zlib) and the same file names.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"

sh "$DATA/make-sample.sh" "$MK" "$PWD/gen" >hist.txt ||
    die "make-sample.sh failed"
sed -n '/^## Each file/,/^## Totals/p' "$DATA/README.md" |
    sed -n '/^```$/,/^```$/p' | sed '1d;$d' >readme.txt
same hist.txt readme.txt
(cd gen/masks && find . | LC_ALL=C sort) >gen.list
(cd "$DATA/masks" && find . | LC_ALL=C sort) >data.list
same gen.list data.list
run "$MFW" gen/masks --classes 4 --ignore 255
expect_rc 0
same out "$DATA/expected.json"
