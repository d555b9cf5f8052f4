# house_perimage_memory: --per-image behind a slow file keeps its memory
# bounded.  A 40000 x 40000 1-bit PNG (which no worker can share, about
# a second of decoding) sorts first; 3,000 small 16-bit masks of 1,000
# classes each follow, each giving a --per-image line of 10 KB.  Their
# lines are ready before the big file's and must wait for it, to be
# written in walk order: held without bound they take 30 MB (measured
# before perimg.c bounded them: 35 MB peak RSS, against 10.6 MB now);
# perimg.c stops the walk once 4 MiB of lines are held.  Peak RSS must
# stay under 24 MB, and the lines must come out complete, in walk order.
command -v python3 >/dev/null || skip "no python3"
[ -x /usr/bin/time ] || skip "no /usr/bin/time"
# suites: plain
mkdir m
"$B/mkpng" one.png -w 64 -h 64 --depth 16 --values "$(seq -s, 0 999)" ||
    die "mkpng"
# The big file is written here: mkpng takes seconds for 1.6 Gpx.
python3 - <<'PY' || die "python3"
import shutil, struct, zlib
def chunk(t, d):
    return (struct.pack(">I", len(d)) + t + d +
            struct.pack(">I", zlib.crc32(t + d) & 0xffffffff))
w = h = 40000
raw = (b"\0" * (1 + w // 8)) * h
with open("m/0000-big.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))
for i in range(3000):
    shutil.copyfile("one.png", "m/s%05d.png" % i)
PY
/usr/bin/time -f %M -o rss "$MFW" -q -j 2 --per-image lines.jsonl \
    -f counts m >out 2>err || { cat err >&2; die "run failed"; }
kb=$(tail -1 rss)
echo "peak RSS $kb KB"
eq "$(wc -l <lines.jsonl | tr -d ' ')" 3001 "per-image lines"
head -1 lines.jsonl | grep -q '"path": "m/0000-big.png"' ||
    die "the big file's line is not first"
sed 's/^{"path": "\([^"]*\)".*/\1/' lines.jsonl >paths
LC_ALL=C sort paths | cmp -s - paths || die "lines out of walk order"
[ "$kb" -lt 24576 ] || die "peak RSS $kb KB with --per-image"
