# A part with no countable mask is still a part: it writes a counts
# document (images 0) and the merge equals one run.  An unreadable file
# list is fatal, never a skipped file.  Inconsistent documents are refused.
# suites: plain
run "$MFW" -q -c 4 -i 255 "$DATA/masks"; expect_rc 0; mv out full.json
for k in $(seq 1 40); do
	"$MFW" -q -c 4 -i 255 --shard $k/40 -f counts -o p$k.json "$DATA/masks"
done
eq "$(jq .images p40.json)" 0 "empty shard"
run "$MFW" merge p*.json; expect_rc 0
same out full.json

# Every file of a shard skipped: exit 1 with the document.
mkdir m
"$B/mkpng" m/a.png -w 8 -h 8 --values 0,1
"$B/mkpng" m/b.png -w 8 -h 8 --values 0,1
head -c 50 m/b.png >m/t && mv m/t m/b.png
run "$MFW" -q -c 2 --keep-going --shard 2/2 -f counts m; expect_rc 1
mv out s2.json
eq "$(jq '[.images, .skipped_files]' -c s2.json)" '[0,1]'
"$MFW" -q -c 2 --keep-going --shard 1/2 -f counts -o s1.json m
run "$MFW" merge s1.json s2.json; expect_rc 1
mv out merged.json
run "$MFW" -q -c 2 --keep-going m; expect_rc 1
same out merged.json
has err 'b.png'
# Only empty parts: nothing to weigh.
run "$MFW" merge p40.json; expect_rc 3; has err 'shards missing: 1-39/40'
run "$MFW" merge --allow-partial p40.json; expect_rc 3
has err 'no mask was counted'
# ... but they make a counts document: a branch of a tree of merges.
run "$MFW" merge -f counts p38.json p39.json p40.json; expect_rc 0
eq "$(jq -c '[.shards, .images, .files]' out)" '["38-40/40",0,0]' "empty branch"

# An unreadable --files-from is fatal even with --keep-going.
run "$MFW" -q -c 4 --keep-going --files-from nolist "$DATA/masks"
expect_rc 3
test ! -s out || die "stdout not empty"
has err 'nolist: cannot open file list'

# Counts that cannot come from a run are refused.
"$MFW" -q -c 4 -i 255 -f counts -o c.json "$DATA/masks"
jq '.pixels_ignored += 5' c.json >bad1.json
run "$MFW" merge c.json bad1.json; expect_rc 3; has err 'bad1.json: inconsistent'
jq '.images_with_class[0] = 999' c.json >bad2.json
run "$MFW" merge bad2.json; expect_rc 3; has err 'class 0'
