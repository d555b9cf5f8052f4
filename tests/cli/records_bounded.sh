# records_bounded: the per-image files that `mfweights sample` and
# `mfweights split` read back go through the one bounded reader (issue
# 12): a directory, a line over the 4 MiB limit, /dev/zero under a memory
# limit and a NUL byte are each one message naming the file and line and
# status 3, never a silent end of file; a one-line counts document longer
# than a record still counts as a document; good input, from a file or
# from standard input, gives the same bytes as before.
# suites: plain asan
"$B/mkpng" a.png -w 8 -h 8 --values 0,1 || die "mkpng"
"$B/mkpng" b.png -w 8 -h 8 --values 1 || die "mkpng"
head -c 40 a.png >bad.png
run "$MFW" -q -c 2 --keep-going --per-image r.jsonl -f counts -o c.json \
    a.png bad.png b.png
expect_rc 1
mkdir dir

samp() { "$MFW" sample --sampling inverse "$@"; }

# Good input: the weights, the same from standard input (its last line
# without a newline too) and from both at once.
run samp r.jsonl c.json
expect_rc 0
cp out good
eq "$(wc -l <good | tr -d ' ')" 2 "records"
run samp - <r.jsonl
expect_rc 0
same out good
printf '%s' "$(cat r.jsonl)" >nonl.jsonl
run samp - c.json <nonl.jsonl
expect_rc 0
same out good

# A directory (exit 4, a system error, before).
fails 3 '^mfweights: dir:1: cannot read: Is a directory$' samp r.jsonl dir
fails 3 'dir:1: cannot read: Is a directory' \
    "$MFW" split --ratios a=1,b=1 --prefix p- dir

# A record over the limit: valid JSON, counted before.
awk 'BEGIN { s = "a"; while (length(s) < 4200000) s = s s
	printf "{\"path\": \"%s\", \"index\": 3, \"width\": 8, \"height\": 8, ", s
	print "\"pixels_ignored\": 0, \"pixels_nodata\": 0, \"counts\": {\"1\": 64}}"
}' >long1
cat r.jsonl long1 >long.jsonl
fails 3 '^mfweights: long.jsonl:3: the line is longer than 4 MiB, the limit for a line$' \
    samp long.jsonl
# As the first line, and from standard input.
fails 3 'long1:1: the line is longer than 4 MiB' samp long1
fails 3 'standard input:3: the line is longer than 4 MiB' samp - <long.jsonl
fails 3 'long.jsonl:3: the line is longer than 4 MiB' \
    "$MFW" split --ratios a=1,b=1 --prefix p- long.jsonl
[ ! -e p-a.txt ] || die "a list written after a bad record"

# /dev/zero under a memory limit: taken as an empty file (exit 0, the
# records of the other file alone) before.  (A sanitizer build reserves
# terabytes: no limit there.)
lim="ulimit -v 300000 &&"
! sanitized || lim=
fails 3 '/dev/zero:1: the line is longer than 4 MiB' \
    sh -c "$lim"' exec "$@"' sh "$MFW" sample --sampling inverse \
    r.jsonl /dev/zero
fails 3 'standard input:1: the line is longer than 4 MiB' \
    sh -c "$lim"' exec "$@" </dev/zero' sh "$MFW" sample \
    --sampling inverse -

# A NUL byte: "not JSON" or "cut short" before.
{ head -1 r.jsonl; sed -n 2p r.jsonl | tr -d '\n'; printf '\0\n'; } \
    >nul.jsonl
fails 3 '^mfweights: nul.jsonl:2: a NUL byte: not a text file$' \
    samp nul.jsonl
{ cat r.jsonl; printf '\0'; } >nulend.jsonl
fails 3 'nulend.jsonl:3: a NUL byte' samp nulend.jsonl
hasnt err 'cut short'

# A counts document on one line, longer than a record: still a counts
# document, read and judged whole (its skipped path is 4.2 MB).
jq -c --rawfile p long1 '.skipped[0].path = ($p | .[0:4200000])' c.json \
    >one.json
[ "$(wc -c <one.json)" -gt 4200000 ] || die "one.json is short"
run samp r.jsonl one.json
expect_rc 0
same out good

# A pipe by name: its first line was read to tell its kind, then lost
# (or the reopening waited for a writer).  A file, or the pipe as "-".
mkfifo fifo
(cat r.jsonl >fifo &)
fails 3 'fifo: a pipe, and per-image files are read more than once' \
    samp fifo
cat r.jsonl | { fails 3 '/dev/stdin: a pipe' samp /dev/stdin; }
run samp /dev/stdin <r.jsonl
expect_rc 0
same out good

# An unreadable per-image file, as a user who cannot read it.
as_nobody records
cp "$OLDPWD/r.jsonl" .
cp r.jsonl closed.jsonl
chmod 000 closed.jsonl
[ -n "$as" ] || ! cat closed.jsonl >/dev/null 2>&1 || skip "cannot deny"
fails 3 "closed.jsonl: cannot read: Permission denied" \
    $as "$MFW" sample --sampling inverse r.jsonl closed.jsonl
