# arc_bad: hostile archives give one clear reason per member or per
# archive, never write a file, and stay within bounded memory: a ".."
# or absolute member name, link members (passed over, with a notice), an
# encrypted member, a zip bomb (by its headers, and one whose headers
# lie), a member over the size limit, a tar whose sizes lie, a truncated
# zip, a file that looks compressed but holds no tar.  Also: an archive
# of 1,100 members stored in reverse name order gives the --per-image
# lines of the same archive stored in order (several walk-order passes).
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v python3 >/dev/null || skip "python3 not installed"
command -v jq >/dev/null || skip "jq not installed"
MKARC="python3 $SRC/tests/tools/mkarc.py"
TIME=/usr/bin/time
{ [ -x "$TIME" ] && ! sanitized; } || TIME=""

"$MK" ok.png -w 30 -h 20 --classes 4 --seed 3
"$MFW" -q -c 4 ok.png >ok.want
for k in dotdot absolute symlink hardlink bomb liar big tarlie trunc \
    encrypted sorted reversed; do
	$MKARC $k $k.arc ok.png
done
printf 'not a tar, but gzip' | gzip >notar.gz
ls >before

# bad NAME RC PATTERN: mfweights -c 4 --keep-going on NAME exits RC and
# says PATTERN; peak memory under 64 MiB.
bad() {
	if [ -n "$TIME" ]; then
		run "$TIME" -f 'peak %M' "$MFW" -c 4 --keep-going "$1"
		rss=$(sed -n 's/^peak //p' err)
		[ "$rss" -lt 65536 ] || die "$1: peak RSS $rss KiB"
	else
		run "$MFW" -c 4 --keep-going "$1"
	fi
	expect_rc "$2"
	has err "$3"
	if [ "$2" -eq 1 ]; then
		# The good member is counted, exactly.
		jq -c 'del(.skipped, .skipped_files, .images)' out >got
		jq -c 'del(.skipped, .skipped_files, .images)' ok.want >want
		same got want
	fi
}

bad dotdot.arc 1 \
    '^mfweights: dotdot.arc//../evil.png: member name with a ".." component: not read$'
bad absolute.arc 1 \
    '^mfweights: absolute.arc///tmp/evil.png: member with an absolute name: not read$'
bad symlink.arc 0 \
    '^mfweights: notice: symlink.arc: 1 link member passed over (links in an archive are not followed)$'
bad hardlink.arc 0 'hardlink.arc: 1 link member passed over'
bad encrypted.arc 1 \
    '^mfweights: encrypted.arc//secret.png: encrypted member: mfweights reads no passwords; decrypt the archive first$'
bad bomb.arc 1 \
    '^mfweights: bomb.arc//bomb.png: member of 67108864 bytes, over the 16 MiB limit for an archive member: unpack the archive, or name the member by its GDAL /vsizip/ or /vsitar/ path$'
bad liar.arc 1 \
    '^mfweights: liar.arc//bomb.png: member inflates past 16777216 bytes, over the 16 MiB limit'
bad big.arc 1 '^mfweights: big.arc//big.png: member of 20971520 bytes, over'
bad tarlie.arc 3 \
    '^mfweights: tarlie.arc: damaged or truncated archive, at member 2: Truncated'
bad trunc.arc 3 \
    '^mfweights: trunc.arc: damaged or truncated archive, at member 3: Truncated'
bad notar.gz 3 '^mfweights: notar.gz: cannot read archive: '
# Without --keep-going a bad member is a bad file: no weights.
run "$MFW" -c 4 dotdot.arc
expect_rc 3
eq "$(wc -c <out | tr -d ' ')" 0 "stdout of a failed run"

# Several passes in walk order, bounded lines held.
"$MFW" -q -c 4 -o s.json --per-image s.jsonl sorted.arc
"$MFW" -q -c 4 -j 3 -o r.json --per-image r.jsonl reversed.arc
sed 's/sorted.arc/X/' s.jsonl >s.lines
sed 's/reversed.arc/X/' r.jsonl >r.lines
same s.lines r.lines
eq "$(wc -l <s.lines | tr -d ' ')" 1100 lines
eq "$(jq -r .path r.jsonl | sed -n 1100p)" "reversed.arc//m1099.png" last
same s.json r.json

rm -f out err got want s.* r.*
ls | grep -v '^after$' >after
same after before
