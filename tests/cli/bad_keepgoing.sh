# bad_keepgoing: with --keep-going, bad files are skipped (exit 1) and the
# output equals a run over the good files only, apart from the skipped
# list; every skipped file is listed, in walk order, with its reason.  A
# bad file's partial counts never leak into the totals.
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir all good
i=0
while [ $i -lt 12 ]; do
	"$MK" good/g$i.png -w $((30 + i * 5)) -h 40 --classes 5 --seed $i \
	    --sprinkle 255
	i=$((i + 1))
done
cp good/* all/
# Bad files whose first rows decode fine before the error: a decoder that
# counted as it went and did not discard would change the totals.
"$MK" big.png -w 300 -h 200 --classes 5 --seed 99 --level 0
size=$(wc -c <big.png | tr -d ' ')
head -c $((size - 30)) big.png >all/g3-trunc.png
"$MK" all/g5-adler.png -w 300 -h 200 --classes 5 --corrupt adler
"$MK" all/g7-noiend.png -w 300 -h 200 --classes 5 --corrupt noiend
"$MK" all/g8-rgb.png -w 30 -h 30 --type rgb
"$MK" all/g9-label.png -w 30 -h 30 --values 0,1,9
mkdir all/sub
"$MK" all/sub/crc.png -w 30 -h 30 --corrupt crc
echo 'not a mask' >all/notes.txt

for j in 1 2; do
	run "$MFW" -j $j --classes 5 --ignore 255 --keep-going all
	expect_rc 1
	mv out kg.$j
	has err '^mfweights: all/g3-trunc\.png: '
	has err '^mfweights: all/sub/crc\.png: '
	run "$MFW" -j $j --classes 5 --ignore 255 good
	expect_rc 0
	mv out good.$j
	jq -S 'del(.skipped, .skipped_files)' kg.$j >a.$j
	jq -S 'del(.skipped, .skipped_files)' good.$j >b.$j
	same a.$j b.$j
done
same kg.1 kg.2

eq "$(js '.skipped_files' kg.1)" 6 "skipped_files"
eq "$(js '[.skipped[].path]' kg.1)" \
    '["all/g3-trunc.png","all/g5-adler.png","all/g7-noiend.png","all/g8-rgb.png","all/g9-label.png","all/sub/crc.png"]' \
    "skipped paths, in walk order"
eq "$(js '[.skipped[] | .reason | length > 0] | all' kg.1)" true "reasons"
eq "$(js '.images' kg.1)" 12 "images"
eq "$(js '.skipped' good.1)" "[]" "good run skipped list"
