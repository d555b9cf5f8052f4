# plot_browser: a --plot picture as a browser shows it.  Headless
# Chromium (installed when missing, as root) takes a 1000x700 screenshot
# of the sample's SVG; the PNG is decoded here and must hold each panel's
# bar colour over the area the SVG gives its bars (so the browser drew
# them where they belong), text pixels, and mostly white.  Looking at the
# screenshot is a manual step: README.md, "A picture".  Slow and not about
# memory or threads: skipped under the sanitizers.
# suites: plain
need_pkgs chromium fonts-dejavu-core
ln -s "$DATA" data
printf 'road\nsidewalk\nbuilding\ncar\n' >names.txt
run "$MFW" data/masks -c 4 -i 255 --names names.txt --plot p.svg
expect_rc 0

mkdir profile
set +e
timeout 120 chromium --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$PWD/profile" \
    --screenshot="$PWD/shot.png" --window-size=1000,700 \
    "file://$PWD/p.svg" >chromium.log 2>&1
rc=$?
set -e
[ "$rc" -eq 0 ] && [ -s shot.png ] ||
    { tail -5 chromium.log >&2; die "chromium: exit $rc, no screenshot"; }

python3 - shot.png p.svg >&2 <<'PY'
import struct, sys, zlib
import xml.etree.ElementTree as ET

def decode(path):
    """8-bit RGB or RGBA, not interlaced: what Chromium writes."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, lace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6) and lace == 0, (depth, ctype)
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, px = bytearray(stride), {}
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        for x in range(w):
            rgb = bytes(line[x * bpp:x * bpp + 3])
            px[rgb] = px.get(rgb, 0) + 1
        prev = line
    return w, h, px

w, h, px = decode(sys.argv[1])
assert (w, h) == (1000, 700), (w, h)
NS = "{http://www.w3.org/2000/svg}"
colours = {"a": (0x4c, 0x72, 0xb0), "b": (0x55, 0xa8, 0x68),
           "c": (0xc4, 0x4e, 0x52)}
area = {k: 0.0 for k in colours}
nbars = {k: 0 for k in colours}
for r in ET.parse(sys.argv[2]).getroot().iter(NS + "rect"):
    k = r.get("class")
    if k in area and int(r.get("y")) + 12 <= h:
        area[k] += float(r.get("width")) * 12
        nbars[k] += 1
for k, rgb in colours.items():
    got = px.get(bytes(rgb), 0)
    # A bar's last column is a blend when its width is fractional.
    assert abs(got - area[k]) <= 12 * nbars[k] + 0.02 * area[k], \
        "bar colour %s: %d pixels on screen, the SVG's bars cover %.0f" % (
            rgb, got, area[k])
    print("bars %s: %d pixels, SVG %.0f" % (rgb, got, area[k]))
white = px.get(b"\xff\xff\xff", 0)
dark = sum(n for rgb, n in px.items() if max(rgb) < 0x60)
assert white > w * h // 2, "not mostly white: %d" % white
assert dark > 500, "hardly any text drawn: %d dark pixels" % dark
print("white %d, dark %d" % (white, dark))
PY
