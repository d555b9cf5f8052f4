#!/usr/bin/env python3
"""rgbify.py IN.png OUT.png COLORS.csv [rgba]

Write the colour-coded twin of an 8-bit gray, non-interlaced, filter-none
index mask (as `mkpng --filter none` writes it): each label L becomes the
colour of row "r,g,b,L" of COLORS.csv.  Standard library only, so it
shares no code with mfweights or libpng.
"""
import struct
import sys
import zlib


def chunks(data):
    pos = 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + n]
        pos += 12 + n


def chunk(kind, body):
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def main(argv):
    src, dst, table = argv[1], argv[2], argv[3]
    alpha = len(argv) > 4 and argv[4] == "rgba"
    colour = {}
    for line in open(table):
        f = line.strip().split(",")
        if len(f) >= 4 and f[0].isdigit():
            colour[int(f[3])] = bytes(int(x) for x in f[:3])
    data = open(src, "rb").read()
    idat = b""
    for kind, body in chunks(data):
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, il = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype == 0 and il == 0, "8-bit gray only"
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    out = bytearray()
    for y in range(h):
        row = raw[y * (w + 1):(y + 1) * (w + 1)]
        assert row[0] == 0, "filter none only"
        out.append(0)
        for lab in row[1:]:
            out += colour[lab]
            if alpha:
                out.append(255)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6 if alpha else 2, 0, 0, 0)
    with open(dst, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                chunk(b"IDAT", zlib.compress(bytes(out))) +
                chunk(b"IEND", b""))


if __name__ == "__main__":
    main(sys.argv)
