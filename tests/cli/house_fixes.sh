# house_fixes: defects found by reading the code, each pinned down.
#  - --map keeps what a file was: the notice about masks of several bit
#    depths sees the file's depth with --map as without it.  It fires
#    only when the deeper masks hold labels above 255 (8-bit labels
#    scaled up), not for 16-bit masks of small labels, nor once --map
#    has scaled them back.
#  - --ignore has one rule for empty values: ",1", "1," and "1,,2" are
#    all refused.
#  - -o - with --per-image - would mix both on stdout: refused.
#  - A system error inside a worker (out of file descriptors) stops the
#    run: exit 4, nothing on stdout, an existing -o file kept, one
#    message, not one per remaining file.
#  - merge blames the document it compared with, names the count that
#    overflows, and does not take a part with no ignore values for "not
#    read yet".
command -v jq >/dev/null || skip "jq not installed"
mkdir d
"$B/mkpng" d/a8.png -w 16 -h 16 --values 0,1,2 || die mkpng
"$B/mkpng" d/b16.png -w 16 -h 16 --depth 16 --values 0,1,2 || die mkpng
run "$MFW" -c 3 d
expect_rc 0
hasnt err 'bit depths'
"$B/mkpng" d/b16.png -w 16 -h 16 --depth 16 --values 0,257,514 || die mkpng
printf '0,0\n1,1\n2,2\n257,1\n514,2\n' >map.csv
run "$MFW" -c 515 d
expect_rc 0
has err 'several bit depths were counted (8, 16 bits), the deeper ones with labels up to 514'
run "$MFW" -c 3 --map map.csv d
expect_rc 0
hasnt err 'bit depths'
printf '0,0\n1,1\n2,2\n257,257\n514,514\n' >map.csv
run "$MFW" -c 515 --map map.csv d
expect_rc 0
has err 'several bit depths were counted (8, 16 bits)'
"$B/mkpng" d/b16.png -w 16 -h 16 --depth 16 --values 0,1,2 || die mkpng

for v in ,1 1, 1,,2 ''; do
	run "$MFW" -c 3 -i "$v" d
	expect_rc 2
	has err "^mfweights: --ignore: invalid value '$v'"
	[ ! -s out ] || die "-i '$v': output on stdout"
done
run "$MFW" -c 3 -i 1,2 d
expect_rc 0

run "$MFW" -c 3 -o - --per-image - d
expect_rc 2
[ ! -s out ] || die "-o - --per-image -: output on stdout"
has err 'per-image - needs --output FILE'

# Out of descriptors in a worker: 40 files, 4 descriptors, the fourth
# held by the --per-image file, so every open in a worker fails.
mkdir many
i=0
while [ $i -lt 40 ]; do
	cp d/a8.png many/m$i.png
	i=$((i + 1))
done
echo keep >old.json
run sh -c 'ulimit -n 4 && exec "$0" -q -j 2 -c 3 -o old.json \
    --per-image p.jsonl many/*' "$MFW"
expect_rc 4
[ ! -s out ] || die "system error: output on stdout"
eq "$(cat old.json)" keep "old.json after a system error"
[ ! -e p.jsonl ] || die "a partial --per-image file"
has err 'Too many open files'
[ "$(wc -l <err)" -le 1 ] || die "a message per file: $(wc -l <err) lines"
if ls -a | grep '^\.mfweights-' >&2; then die "temporary file left"; fi
# The walk out of descriptors: a system error too, not a bad directory.
run sh -c 'ulimit -n 4 && exec "$0" -q -j 2 -c 3 --per-image p.jsonl many' \
    "$MFW"
expect_rc 4
has err 'many: cannot read directory: Too many open files'
[ ! -e p.jsonl ] || die "a partial --per-image file"

# merge: the reference is the first document read whole.
"$MFW" -q -f counts -c 3 d >p.json
"$MFW" -q -f counts -c 3 -i 2 d >q.json
run "$MFW" merge missing.json p.json q.json
expect_rc 3
has err "^mfweights: q.json: cannot be merged with p.json: "
hasnt err 'with missing.json'
# No ignore values in the reference, some in the next: still compared.
run "$MFW" merge p.json q.json
expect_rc 3
has err 'ignore values (--ignore) differ'
# The count that overflows is named (two shards: one given twice is
# refused as such).
for k in 1 2; do
	"$MFW" -q -f counts -c 3 --shard $k/2 d |
	    sed 's/"pixels_out_of_range": [0-9]*/"pixels_out_of_range": 9223372036854775000/' \
		>big$k.json
done
run "$MFW" merge big1.json big2.json
expect_rc 3
has err '"pixels_out_of_range" overflows'
