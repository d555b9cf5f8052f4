# preset_list: mfweights --dataset list names every built-in preset (the
# files of data/datasets), sorted, with what it reads; each preset loads,
# names its sources, and says what the manual and the README say of it.
# suites: plain
command -v jq >/dev/null || skip "jq not installed"

run "$MFW" --dataset list; expect_rc 0
want=$(cd "$SRC/data/datasets" && ls *.json | sed 's/\.json$//' | LC_ALL=C sort)
eq "$(cut -d' ' -f1 out | tr '\n' ' ')" "$(echo $want) " "listed names"
for n in cityscapes camvid camvid-32 voc2012 ade20k coco-stuff loveda \
    deepglobe potsdam vaihingen mapillary-v1.2 nyuv2-13 nyuv2-40; do
	grep -q "^$n  *[A-Z]" out || die "$n is not listed with a description"
done
# No operand needed, and stdout alone: the completions read it.
test ! -s err || die "stderr not empty: $(cat err)"

mkdir empty
for f in "$SRC"/data/datasets/*.json; do
	n=$(basename "$f" .json)
	eq "$(jq -r .name "$f")" "$n" "$f: name"
	[ "$(jq '.sources | length' "$f")" -ge 1 ] || die "$f: no sources"
	jq -e '.sources | all(test("https?://|arXiv|Letters|VOCdevkit"))' \
	    "$f" >/dev/null || die "$f: a source without an address"
	# It loads: an empty folder is then "no mask", not a usage error.
	run "$MFW" -q --dataset "$n" empty; expect_rc 3
	has err 'no mask'
	grep -q "$n" "$SRC/doc/presets.md" || die "doc/presets.md lacks $n"
done

# An unknown name is a usage error that says where the names are.
run "$MFW" --dataset nosuch empty; expect_rc 2
has err "no preset 'nosuch'"
has err 'mfweights --dataset list'
run "$MFW" --dataset 'Bad Name' empty; expect_rc 2
has err 'not a preset name'
# Presets belong to a count, not to merge.
run "$MFW" merge --dataset cityscapes x.json; expect_rc 2
has err '--dataset belongs to a count'
# Names are lower case; any case is taken.
run "$MFW" -q --dataset CityScapes empty; expect_rc 3
has err 'no mask'
