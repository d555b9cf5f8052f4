# bad_files: recognised PNGs that cannot be counted (truncated at several
# structural points, CRC or Adler-32 flipped, corrupt deflate data, IEND
# missing, IHDR width 0, RGB and RGBA) are bad files: exit 3, stdout
# empty.  Each is named on stderr as "mfweights: PATH: REASON" when given
# alone; 17 of them in one walk are told in at most a dozen lines (the
# first ones named, the rest grouped by fault), and --keep-going lists
# every one in the output.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"

mkdir d
"$MK" good.png -w 64 -h 48 --classes 4
cp good.png d/0good.png
size=$(wc -c <good.png | tr -d ' ')
# Truncations: signature only, inside IHDR, after IHDR, inside the first
# IDAT, half the file, IEND missing, IEND's CRC cut short.
for n in 8 20 33 50 $((size / 2)) $((size - 12)) $((size - 1)); do
	head -c $n good.png >d/trunc$n.png
done
for k in crc ihdr-crc adler deflate width0 noiend; do
	"$MK" d/$k.png -w 64 -h 48 --classes 4 --corrupt $k
done
"$MK" d/rgb.png -w 16 -h 16 --type rgb
"$MK" d/rgba.png -w 16 -h 16 --type rgba
"$MK" d/rgb16.png -w 16 -h 16 --type rgb --depth 16
# An interlaced file with its image data cut short.
"$MK" adam.png -w 37 -h 23 --interlace
head -c 60 adam.png >d/adam7trunc.png

bad=$(cd d && ls | grep -v 0good)
nbad=$(echo "$bad" | wc -l | tr -d ' ')

# In a walk: the first bad files named, the rest grouped, stdout empty.
run "$MFW" --classes 4 d
expect_rc 3
[ ! -s out ] || die "exit 3 with output on stdout"
[ "$(wc -l <err)" -le 12 ] || die "$(wc -l <err) lines on stderr"
has err 'd/adam7trunc\.png: .'
has err 'd/adler\.png: .'
has err 'd/rgb\.png: .*[Rr][Gg][Bb].*--colors'
has err "no weights printed: $nbad bad files; --keep-going .* the other 1$"
hasnt err 0good
run "$MFW" --classes 4 --keep-going d
expect_rc 1
for f in $bad; do
	eq "$(f=d/$f jq '[.skipped[] | select(.path == env.f)] | length' out)" \
	    1 "d/$f listed"
done
# No library prints by itself: every stderr line is ours.
if grep -v '^mfweights: ' err >/dev/null; then
	cat err >&2
	die "stderr has lines not from mfweights"
fi

# With -j1 as well (the inline path).
run "$MFW" -j1 --classes 4 d
expect_rc 3
[ ! -s out ] || die "-j1: output on stdout"
cp err j1err
run "$MFW" -j3 --classes 4 d
same err j1err

# As explicit arguments, each alone and all together.
for f in $bad; do
	run "$MFW" --classes 4 good.png "d/$f"
	[ "$rc" -eq 3 ] || die "d/$f: exit $rc, expected 3"
	[ ! -s out ] || die "d/$f: output on stdout"
	has err "^mfweights: d/$f: ."
done
cd d
# shellcheck disable=SC2086
run "$MFW" --classes 4 $bad 0good.png
expect_rc 3
[ "$(wc -l <err)" -le 12 ] || die "explicit: $(wc -l <err) lines on stderr"
has err " $(echo "$bad" | head -1): ."
