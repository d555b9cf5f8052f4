# core_names: awkward file names (newline, quotes, backslash, control
# characters, invalid UTF-8, non-ASCII UTF-8) are counted when good and,
# when bad, listed in valid JSON: RFC 8259 escapes, U+FFFD for each
# invalid byte plus "path_hex" with the exact bytes.  On stderr each
# message stays on one line.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

mkdir good bad
"$MK" m.png -w 20 -h 10 --classes 3
"$MK" crc.png -w 20 -h 10 --classes 3 --corrupt crc
nl='
'
tab=$(printf '\t')
esc=$(printf '\033')
del=$(printf '\177')
ff=$(printf '\377')
bad_utf=$(printf 'x\303(y\377.png')	# C3 28: a lead byte without its tail
i=0
for n in "new${nl}line.png" "quote\"d.png" "single'q.png" \
    "back\\slash.png" "tab${tab}and${esc}esc${del}.png" \
    "ctl$(printf '\001\037').png" "utf-ü-€-😀.png" "inv${ff}alid.png" \
    "$bad_utf" "-dash.png" " space.png"; do
	cp m.png "good/$n"
	cp crc.png "bad/$n"
	i=$((i + 1))
done
count=$i

# Good files: all counted.
run "$MFW" --classes 3 good
expect_rc 0
eq "$(js .images)" "$count" "good files with awkward names"

# Bad files: valid JSON naming each one.
run "$MFW" --classes 3 --keep-going good bad
expect_rc 1
jq . out >/dev/null || die "invalid JSON"
eq "$(js '.skipped | length')" "$count" "skipped"
for n in "new${nl}line.png" "quote\"d.png" "single'q.png" \
    "back\\slash.png" "tab${tab}and${esc}esc${del}.png" \
    "ctl$(printf '\001\037').png" "utf-ü-€-😀.png" "-dash.png" \
    " space.png"; do
	# Valid UTF-8: the path reads back exactly, with no path_hex.
	n="bad/$n" jq -e '[.skipped[] | select(.path == env.n)
	    | has("path_hex") | not] == [true]' out >/dev/null ||
	    die "skipped path $(printf '%s' "$n" | od -c | head -2)"
done
# Raw bytes of the JSON: no control character survives unescaped.
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037]')" out; then
	die "raw control characters in the JSON"
fi
# Invalid UTF-8: U+FFFD per invalid byte, and the bytes in hex.
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
for n in "inv${ff}alid.png" "$bad_utf"; do
	h=$(hex "bad/$n")
	h=$h jq -e '[.skipped[] | select(.path_hex != null
	    and (.path_hex | ascii_downcase) == env.h)] | length == 1' \
	    out >/dev/null || die "no path_hex $h"
done
eq "$(js '[.skipped[] | select(.path_hex != null)] | length')" 2 \
    "entries with path_hex"
eq "$(js '[.skipped[].path | select(test("inv\ufffdalid"))] | length')" 1 \
    "U+FFFD for \\377"
eq "$(js '[.skipped[].path | select(test("x\ufffd\\(y\ufffd"))] | length')" \
    1 "U+FFFD for C3 and FF"

# stderr: one line per bad file, each a whole message.
run "$MFW" --classes 3 bad
expect_rc 3
eq "$(grep -c "^mfweights: '\{0,1\}bad/" err)" "$count" "messages naming a file"
if grep -v '^mfweights: ' err >/dev/null; then
	cat err >&2
	die "a message spans several lines"
fi
