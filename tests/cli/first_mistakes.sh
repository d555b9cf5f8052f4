# first_mistakes: the other first mistakes, each answered with the file,
# the reason and a fix that works, stdout empty, in a few lines:
#  - a path that does not exist: said so, exit 3, no talk of bad files;
#  - JPEG masks: "lossy JPEG: label masks must be lossless (PNG, TIFF)",
#    alone and in a walk (a notice naming one, then no mask found);
#  - the photo folder given for the mask folder: photographs, said so,
#    told apart from colour-coded masks, which get --colors;
#  - instance ids without --classes: refused with a hint, not a
#    33,001-row answer; one far outlier: --ignore offered;
#  - absent classes in ranges, never "..., ..., ...".
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
command -v $PY >/dev/null || skip "python3 not installed"

run "$MFW" -c 4 no/such/dir
expect_rc 3
[ ! -s out ] || die "output on stdout"
has err '^mfweights: no/such/dir: .*[Nn]o such file or directory'
hasnt err 'keep-going'
hasnt err 'bad file'
eq "$(wc -l <err | tr -d ' ')" 1 "lines for a missing path"

# JPEG: the SOI marker and a JFIF APP0 segment are what is probed.
mkdir jpg
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15; do
	printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000' \
	    >jpg/img$i.jpg
done
run "$MFW" -c 4 jpg/img01.jpg
expect_rc 3
has err '^mfweights: jpg/img01\.jpg: lossy JPEG: label masks must be lossless (PNG, TIFF)$'
run "$MFW" -c 4 jpg
expect_rc 3
[ ! -s out ] || die "output on stdout"
eq "$(cat err)" "mfweights: no mask files found: 15 files passed over, such as jpg/img01.jpg: lossy JPEG: label masks must be lossless (PNG, TIFF)" \
    "a folder of JPEGs"
run "$MFW" -q -c 4 jpg
expect_rc 3
has err 'lossy JPEG'
# A folder of text: said what it holds.
mkdir txt
echo hello >txt/a.txt
run "$MFW" -q txt
expect_rc 3
has err '^mfweights: no mask files found: txt/a\.txt passed over\|1 file passed over, such as txt/a\.txt'

# Many JPEGs named one by one: grouped.
run "$MFW" -c 4 jpg/*.jpg
expect_rc 3
[ "$(wc -l <err)" -le 8 ] || die "$(wc -l <err) lines"
has err '^mfweights: 15 files like jpg/img01\.jpg: lossy JPEG'
# Beside PNG masks the JPEGs are passed over with the notice, and the
# masks counted.
"$MK" jpg/m.png -w 8 -h 8 --values 0,1,2,3
run "$MFW" -c 4 jpg
expect_rc 0
has err 'notice: 15 files passed over, such as jpg/img01\.jpg: lossy JPEG'

# Photographs: smooth shading and noise, thousands of colours.
mkdir photos
$PY - photos <<'PYEOF'
import random, struct, sys, zlib
random.seed(1)
def write(path, w, h, fn):
    rows = []
    for y in range(h):
        r = bytearray([0])
        for x in range(w):
            r += bytes(fn(x, y))
        rows.append(bytes(r))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(
            ">I", zlib.crc32(t + d) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(
            ">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(
            b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
c = lambda v: max(0, min(255, int(v)))
for i in range(14):
    write("%s/0001TP_%06d.png" % (sys.argv[1], i), 96, 64,
          lambda x, y: (c(40 + x + random.randint(-3, 3)),
                        c(80 + y + x // 3 + random.randint(-3, 3)),
                        c(150 - y + random.randint(-3, 3))))
PYEOF
run "$MFW" -c 11 photos/0001TP_000000.png
expect_rc 3
has err '^mfweights: photos/0001TP_000000\.png: a photograph, not a label mask'
hasnt err -- '--colors'
run "$MFW" -c 11 photos
expect_rc 3
[ "$(wc -l <err)" -le 12 ] || die "$(wc -l <err) lines"
has err '14 files like photos/0001TP_000000\.png: a photograph'
# A colour-coded mask is not a photograph: --colors is the advice.
"$MK" cmask.png -w 64 -h 48 --type rgb
run "$MFW" -c 4 cmask.png
expect_rc 3
has err -- '--colors'
hasnt err photograph

# Instance ids without --classes: refused, with the hint that works.
mkdir inst
for i in 1 2 3; do
	"$MK" inst/i$i.png -w 20 -h 10 --depth 16 \
	    --values 0,1,$((26000 + i)),$((24000 + i)),$((33000 + i))
done
run "$MFW" inst
expect_rc 3
[ ! -s out ] || die "output on stdout"
has err 'no --classes given and labels run up to 33003 .*instance ids.*--include.*--classes 33004'
[ "$(wc -l <err)" -le 3 ] || die "$(wc -l <err) lines"
run "$MFW" inst --classes 33004 -q
expect_rc 0
# One far outlier (a nodata-like value): --ignore it.
mkdir outl
"$MK" outl/a.png -w 10 -h 10 --depth 16 --values 0,1,2,5000
run "$MFW" outl
expect_rc 3
has err 'largest label is 5000, far above the others (0\.\.2): .*pass --ignore 5000'
run "$MFW" outl --ignore 5000
expect_rc 0
eq "$(js .classes)" 3 "classes after --ignore"

# Absent classes: ranges, never a run of "...".
run "$MFW" -c 300 -i 255 "$DATA/masks"
expect_rc 0
has err 'notice: classes 4\.\.254, 256\.\.299 absent from every image: weight 0$'
hasnt err '\.\.\., \.\.\.'
