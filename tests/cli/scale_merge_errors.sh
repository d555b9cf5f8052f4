# scale_merge_errors: `mfweights merge` refuses parts it cannot sum
# exactly: parts counted with other ignore values, band, nodata rule,
# number of classes, label map or colour table, and counts files that are
# corrupt, truncated, of another version or missing.  Each time: exit 3,
# nothing on stdout, and a message naming the file and what is wrong.
# suites: plain asan
command -v jq >/dev/null || skip "jq not installed"

M=$DATA/masks
"$MFW" -q --shard 1/2 -f counts -c 4 -i 255 "$M" >p1.json
"$MFW" -q --shard 2/2 -f counts -c 4 -i 255 "$M" >p2.json
run "$MFW" merge p1.json p2.json
expect_rc 0
mv out good.json

# refused FILE PATTERN: merging p1.json with FILE fails naming PATTERN.
refused() {
	run "$MFW" merge p1.json "$1"
	expect_rc 3
	[ ! -s out ] || die "$1: output on stdout"
	has err "^mfweights: $1: "
	has err "$2"
	# In either order.
	run "$MFW" merge "$1" p1.json
	expect_rc 3
	[ ! -s out ] || die "$1 first: output on stdout"
	has err "$2"
}

"$MFW" -q --shard 2/2 -f counts -c 4 -i 255,254 "$M" >ign.json
refused ign.json 'ignore values (--ignore) differ'
"$MFW" -q --shard 2/2 -f counts -c 4 -i 255 --band 1 "$M" >band.json
refused band.json 'band (--band) differs'
"$MFW" -q --shard 2/2 -f counts -c 4 -i 255 --no-nodata "$M" >nd.json
refused nd.json 'nodata rule (--no-nodata) differs'
"$MFW" -q --shard 2/2 -f counts -c 5 -i 255 "$M" >cls.json
refused cls.json 'number of classes (--classes) differs'
"$MFW" -q --shard 2/2 -f counts -i 255 "$M" >inf.json
refused inf.json 'classes'
printf '0,0\n1,1\n2,2\n3,3\n255,255\n' >map.csv
"$MFW" -q --shard 2/2 -f counts -c 4 -i 255 --map map.csv "$M" >map.json
refused map.json 'label map (--map) differs'
# Two maps that differ in one line.
printf '0,0\n1,1\n2,3\n3,2\n255,255\n' >map2.csv
"$MFW" -q --shard 1/2 -f counts -c 4 -i 255 --map map2.csv "$M" >mapb.json
run "$MFW" merge mapb.json map.json
expect_rc 3
has err 'label map (--map) differs'

# Several bad parts: each is named, in one run.
run "$MFW" merge p1.json ign.json band.json p2.json
expect_rc 3
[ ! -s out ] || die "output on stdout"
has err '^mfweights: ign\.json: '
has err '^mfweights: band\.json: '
hasnt err 'p2\.json'

# Corrupt documents.
head -c 300 p2.json >trunc.json
refused trunc.json 'not a counts document'
printf 'garbage\n' >garbage.json
refused garbage.json 'not a counts document'
: >empty.json
refused empty.json 'not a counts document'
"$MFW" -q "$M" -c 4 -i 255 >weights.json
refused weights.json 'not a counts document of version 2'
jq '.mfweights_counts = 3' p2.json >v3.json
refused v3.json 'version 2'
# Version 1 (no provenance) only alone.
jq '.mfweights_counts = 1' p2.json >v1.json
refused v1.json 'version 1, which does not say which shard'
for k in tool_version shards list_fingerprint list_files files \
    options_fingerprint; do
	jq "del(.$k)" p2.json >no-$k.json
	refused no-$k.json "\"$k\""
done
jq '.pixels[1] = -5' p2.json >neg.json
refused neg.json '"pixels"\[1\]'
jq '.pixels[1] = 1.5' p2.json >frac.json
refused frac.json '"pixels"\[1\]'
jq '.images_with_class = [1, 2]' p2.json >short.json
refused short.json 'images_with_class'
jq 'del(.image_pixels)' p2.json >noT.json
refused noT.json 'image_pixels'
jq 'del(.ignore_values)' p2.json >noign.json
refused noign.json 'ignore_values'
jq '.images = "12"' p2.json >str.json
refused str.json 'images'
jq '.skipped = [{"path": "x.png"}]' p2.json >skip.json
refused skip.json 'skipped'
# A key given twice is refused (the JSON is ambiguous).
sed 's/"images": /"images": 1, "images": /' p2.json >dup.json
refused dup.json 'not a counts document'
# Sums past 64 bits (jansson reads integers up to 2^63 - 1; jq would
# turn them into floats, so sed).
sed 's/"pixels_total": [0-9]*/"pixels_total": 9223372036854775807/' \
    p2.json >big.json
has big.json 9223372036854775807
sed 's/"pixels_total": [0-9]*/"pixels_total": 9223372036854775807/' \
    p1.json >big1.json
run "$MFW" merge big.json big1.json
expect_rc 3
[ ! -s out ] || die "overflow: output on stdout"
has err 'overflow'

run "$MFW" merge p1.json no-such.json
expect_rc 3
[ ! -s out ] || die "missing file: output on stdout"
has err 'no-such\.json'

# Usage: merge needs a file.
run "$MFW" merge
expect_rc 2
has err 'no counts file'

# A good merge is still good after all that.
run "$MFW" merge p2.json p1.json
expect_rc 0
same out good.json
