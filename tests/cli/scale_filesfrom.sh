# scale_filesfrom: --files-from FILE (or - for stdin), newline- or
# NUL-separated (-0, from find -print0).  Relative paths resolve from the
# working directory, the order given is kept (checked through the order
# of the --per-image lines, which follow the walk), a directory in the
# list is walked there, a file listed twice is counted once, and the
# counts equal a walk over the same files.  Names with spaces and a
# newline pass with -0.  Shards of a list merge to the run over it.
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir -p t/a t/b "t/with space"
i=0
while [ $i -lt 20 ]; do
	case $((i % 3)) in
	0) d=t/a ;;
	1) d=t/b ;;
	2) d="t/with space" ;;
	esac
	"$MK" "$d/m$i.png" -w $((16 + i)) -h 12 --classes 4 --seed $i \
	    --sprinkle 255
	i=$((i + 1))
done
nl='
'
"$MK" "t/b/new${nl}line.png" -w 20 -h 20 --classes 4 --seed 77

run "$MFW" -q -c 4 -i 255 --per-image walk.jsonl t
expect_rc 0
mv out walk.json
eq "$(wc -l <walk.jsonl | tr -d ' ')" 21 "files walked"

# Newline-separated, in reverse order, from a file and from stdin: same
# counts as the walk, the per-image lines in the order of the list.  The
# file with a newline in its name cannot be listed this way: leave it out.
find t -name '*.png' ! -name 'new*' | sort -r >list.txt
run "$MFW" -q -c 4 -i 255 --files-from list.txt --per-image nl.jsonl
expect_rc 0
mv out nl.json
jq -r .path nl.jsonl >nl.paths
same nl.paths list.txt
# Counts: the walk's minus the one file left out.
eq "$(js .images nl.json)" 20 "images from the list"
set +e
"$MFW" -q -c 4 -i 255 --files-from - --per-image stdin.jsonl <list.txt \
    >stdin.json 2>err
rc=$?
set -e
expect_rc 0
same stdin.json nl.json
same stdin.jsonl nl.jsonl

# NUL-separated, every file: equals the walk.
find t -name '*.png' -print0 >list0
set +e
"$MFW" -q -c 4 -i 255 --files-from - -0 --per-image z.jsonl <list0 >z.json \
    2>err
rc=$?
set -e
expect_rc 0
same z.json walk.json
eq "$(wc -l <z.jsonl | tr -d ' ')" 21 "per-image lines with -0"
has z.jsonl 'new\\nline\.png'
# The order of find, whatever it is.
tr '\0' '\n' <list0 | grep -v '^line\.png$' | sed 's/new$/new\\nline.png/' \
    >want0
jq -r '.path | gsub("\n"; "\\n")' z.jsonl >got0
same got0 want0
run "$MFW" -q -c 4 -i 255 --null --files-from list0
expect_rc 0
same out walk.json

# Relative paths resolve from the working directory.
mkdir sub
(cd sub && find ../t -name '*.png' ! -name 'new*' | sort >../rel.txt)
(cd sub && "$MFW" -q -c 4 -i 255 --files-from ../rel.txt \
    --per-image ../rel.jsonl >../rel.json) || die "relative run failed"
same rel.json nl.json
eq "$(head -1 rel.jsonl | jq -r .path)" "$(head -1 rel.txt)" "path as given"

# A directory in the list is walked where it stands; blank lines are
# passed over; a file listed twice is counted once (with a notice).
printf '%s\n' "t/b/m1.png" "" "t/a" "t/b/m1.png" "t/with space/m2.png" \
    >mixed.txt
run "$MFW" -c 4 -i 255 --files-from mixed.txt --per-image mixed.jsonl
expect_rc 0
has err 'already counted'
{ echo t/b/m1.png; find t/a -name '*.png' | sort;
  echo "t/with space/m2.png"; } >want.mixed
jq -r .path mixed.jsonl >got.mixed
same got.mixed want.mixed

# PATH operands come first, then the list.
run "$MFW" -q -c 4 -i 255 --files-from list.txt --per-image ops.jsonl \
    "t/b/new${nl}line.png"
expect_rc 0
same out walk.json
eq "$(head -1 ops.jsonl | jq -r .path)" "t/b/new${nl}line.png" \
    "operand first"

# Shards of a list, merged, equal the run over the list.
k=1 parts=""
while [ $k -le 3 ]; do
	"$MFW" -q -c 4 -i 255 --files-from - -0 --shard $k/3 -f counts \
	    <list0 >p$k || die "shard $k/3 of the list failed"
	parts="$parts p$k"
	k=$((k + 1))
done
# shellcheck disable=SC2086
run "$MFW" merge $parts
expect_rc 0
same out walk.json

# A path that does not exist is a bad file: exit 3, or 1 and listed.
printf 't/a/m0.png\nt/nope.png\n' >gone.txt
run "$MFW" -q -c 4 -i 255 --files-from gone.txt
expect_rc 3
[ ! -s out ] || die "output despite a missing file"
has err 't/nope\.png'
run "$MFW" -q -c 4 -i 255 --keep-going --files-from gone.txt
expect_rc 1
eq "$(js '[.skipped[].path]')" '["t/nope.png"]' "missing file listed"

# A list that cannot be opened; -0 without a list.
run "$MFW" -q -c 4 --files-from no-such-list
[ "$rc" -ge 3 ] || die "missing list: exit $rc"
[ ! -s out ] || die "missing list: output"
has err 'no-such-list'
run "$MFW" -q -c 4 -0 t
expect_rc 2
# An empty list finds nothing.
run "$MFW" -q -c 4 --files-from /dev/null
expect_rc 3
