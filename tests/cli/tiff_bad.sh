# tiff_bad: truncated, corrupt and uncountable TIFFs are bad files: each
# is named on stderr with its reason, the run exits 3 with stdout empty; with --keep-going they are listed as skipped and the
# output is, apart from the skipped list, the output of a run over the good
# files only (no partial counts leak).  The hostile ones are hand-made with
# printf, directory first, so that a cut lands in the pixel data.
# shellcheck disable=SC2154 # rc is set by run (tests/lib.sh)
# suites: plain asan
MK=$B/mktiff
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# byte N: one byte; le16 N, le32 N: little-endian bytes.
byte() { printf '%b' "\\0$(printf %o "$(($1 & 255))")"; }
le16() { byte "$1"; byte $(($1 >> 8)); }
le32() { le16 $(($1 & 65535)); le16 $(($1 >> 16 & 65535)); }
# ent TAG TYPE COUNT VALUE: one IFD entry (TYPE 3 short, 4 long).
ent() {
	le16 "$1"
	le16 "$2"
	le32 "$3"
	if [ "$2" -eq 3 ]; then le16 "$4"; le16 0; else le32 "$4"; fi
}
# raw W H COMPRESSION OFFSET COUNT: an 8-bit gray TIFF header and IFD of
# one strip; the strip data (if any) follows at offset 122.
raw() {
	printf 'II*\000'
	le32 8
	le16 9
	ent 256 4 1 "$1"
	ent 257 4 1 "$2"
	ent 258 3 1 8
	ent 259 3 1 "$3"
	ent 262 3 1 1
	ent 273 4 1 "$4"
	ent 277 3 1 1
	ent 278 4 1 "$2"
	ent 279 4 1 "$5"
	le32 0
}
# px: 64 bytes of labels 0..3.
px() {
	i=0
	while [ $i -lt 16 ]; do printf '\000\001\002\003'; i=$((i + 1)); done
}
# zpx: px as a zlib stream of one stored block, Adler-32 included (75
# bytes).
zpx() {
	printf '\170\001\001\100\000\277\377'
	px
	a=1 b=0 i=0
	while [ $i -lt 64 ]; do
		a=$(((a + i % 4) % 65521))
		b=$(((b + a) % 65521))
		i=$((i + 1))
	done
	byte $((b >> 8)); byte $b; byte $((a >> 8)); byte $a
}

mkdir good bad
"$MK" good/g1.tif --width 40 --height 30 --classes 4 --seed 1 \
    --compress deflate --rows 0
"$MK" good/g2.tif --width 33 --height 17 --classes 4 --seed 2 --tile 16 \
    --compress lzw
{ raw 8 8 1 122 64; px; } >good/raw.tif
{ raw 8 8 8 122 75; zpx; } >good/rawz.tif

# The hand-made files are themselves good: 16 pixels of each label.
for f in raw rawz; do
	run "$MFW" --classes 4 good/$f.tif
	expect_rc 0
	eq "$(js .pixels)" "[16,16,16,16]" "$f.tif"
done

# Cut in the pixel data (Deflate and raw), and cut in the directory.
head -c 150 good/rawz.tif >bad/cut-data.tif
head -c 150 good/raw.tif >bad/cut-raw.tif
head -c 60 good/raw.tif >bad/cut-ifd.tif
head -c 300 good/g1.tif >bad/cut-end.tif
# Strip outside the file; strip of 0 bytes; strip longer than the file.
{ raw 8 8 1 100000 64; px; } >bad/outside.tif
{ raw 8 8 1 122 0; px; } >bad/count0.tif
{ raw 8 8 1 122 6400; px; } >bad/long.tif
# Zero width; huge image in a tiny file (raw and Deflate).
{ raw 0 8 1 122 64; px; } >bad/width0.tif
{ raw 50000 50000 1 122 64; px; } >bad/huge.tif
{ raw 50000 50000 8 122 64; px; } >bad/huge-deflate.tif
# Deflate data whose zlib header is broken.
cp good/g1.tif bad/zhead.tif
printf '\377\377' | dd of=bad/zhead.tif bs=1 seek=8 conv=notrunc 2>/dev/null
# Countable by no one: JPEG, RGB, three bands.
"$MK" bad/jpeg.tif --classes 4 --compress jpeg --rows 16
"$MK" bad/rgb.tif --classes 4 --photometric rgb
"$MK" bad/bands.tif --classes 4 --spp 3 --separate

nbad=0
for f in bad/*; do nbad=$((nbad + 1)); done

# Without --keep-going: exit 3, nothing on stdout, each fault told once,
# its first file named, in a dozen lines (--keep-going lists them all).
run "$MFW" --classes 4 good bad
expect_rc 3
[ ! -s out ] || die "stdout not empty"
[ "$(wc -l <err)" -le 12 ] || { cat err >&2; die "$(wc -l <err) lines"; }
hasnt err 'good/'
has err 'bad/cut-data.tif: read error in strip 0: '
has err 'bad/jpeg.tif: JPEG-compressed mask: lossy compression alters label'
has err 'bad/rgb.tif: RGB mask (expected a single-band index mask); use --band'
has err 'bad/bands.tif: multi-band image (3 bands); use --band to count one'
has err 'files like bad/count0.tif: invalid strip byte counts (truncated or corrupt'
has err '1 more file with 1 other fault'
has err 'bad/huge-deflate.tif: read error at row 0: '

# With --keep-going: the good files' output, the bad ones listed.
run "$MFW" --classes 4 good
expect_rc 0
jq -S 'del(.skipped, .skipped_files)' out >good.json
run "$MFW" --classes 4 --keep-going good bad
expect_rc 1
jq -S 'del(.skipped, .skipped_files)' out >kg.json
same good.json kg.json
eq "$(js .skipped_files)" "$nbad" "skipped_files"
eq "$(js '[.skipped[].path | select(startswith("bad/"))] | length')" \
    "$nbad" "skipped paths"
eq "$(js '[.skipped[] | select(.reason == "")] | length')" 0 "reasons"

# One bad file alone, named explicitly, with one and two threads.
for j in 1 2; do
	run "$MFW" --classes 4 -j$j bad/huge-deflate.tif
	expect_rc 3
	[ ! -s out ] || die "stdout not empty"
done
