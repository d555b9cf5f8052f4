#!/bin/sh
# tests/bad/make-bad.sh BUILD [OUTDIR]: write the hostile-file corpus.
#
# Every file is a malformed or hostile mask: PNG, TIFF and the GDAL
# formats, each with one fault (truncation at a structural point, bad CRC
# or Adler-32, zero or huge dimensions, length bombs, fields out of
# range, loops, offsets outside the file, ...).  The files are small and
# committed in tests/bad, so that the replay drivers and the checks need
# no generator; this script is how they were made (run it again after a
# change and commit the result).  OUTDIR defaults to this directory.
#
# MANIFEST, rewritten here, gives for each file the exit status of
# `mfweights FILE` with default options (3, or 0 for a file that turns
# out to be a valid mask) and an extended grep pattern (case-insensitive)
# for the reason on stderr; tests/cli/bad_corpus.sh checks both.  The
# pattern is exactly 'not a mask' or 'VRT' for the files that a directory
# walk passes over instead of reporting (no known signature, a VRT).
# Needs BUILD/mkpng, BUILD/mktiff, python3 and gdal_translate.
set -eu
B=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "${2:-$HERE}" && pwd)
cd "$OUT"
rm -f -- *.png *.tif *.img *.jp2 *.j2k *.bmp *.gif *.nc *.pix *.ers *.vrt \
    *.h5 MANIFEST
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mfw-bad.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >MANIFEST <<'EOF'
# tests/bad/MANIFEST: written by make-bad.sh.  One file per line:
#   NAME  STATUS  PATTERN
# STATUS is the exit status of `mfweights NAME` alone, with default
# options; PATTERN (the rest of the line, grep -Ei) must match the
# message naming the file on stderr.  A walk passes over the files whose
# PATTERN is exactly 'not a mask' or 'VRT'; it reports all the others.
EOF
# expect NAME STATUS PATTERN
expect() {
	[ -f "$1" ] || { echo "make-bad.sh: $1 was not written" >&2; exit 1; }
	printf '%s %s %s\n' "$1" "$2" "$3" >>MANIFEST
}

# ---------------------------------------------------------------------
# PNG, from libpng-made files and from chunks written here.
"$B/mkpng" "$tmp/g.png" -w 64 -h 48 --classes 4 --seed 3
size=$(wc -c <"$tmp/g.png" | tr -d ' ')
# Truncations at each structural point of a one-IDAT file: in the
# signature, in IHDR's length, type, data and CRC, after IHDR, in the
# IDAT header, mid-IDAT, in the IDAT CRC, before IEND, in IEND's CRC.
for cut in 0:empty 5:sig 8:sigonly 10:ihdr-len 14:ihdr-type 20:ihdr-data \
    31:ihdr-crc 33:after-ihdr 37:idat-len 45:idat-early \
    $((size / 2)):mid-idat $((size - 14)):idat-crc \
    $((size - 12)):before-iend $((size - 1)):iend-crc; do
	n=${cut%%:*}
	head -c "$n" "$tmp/g.png" >"png-trunc-${cut#*:}.png"
done
expect png-trunc-empty.png 3 'not a mask'
expect png-trunc-sig.png 3 'not a mask'
for k in sigonly ihdr-len ihdr-type ihdr-data ihdr-crc after-ihdr \
    idat-len idat-early mid-idat idat-crc before-iend iend-crc; do
	expect "png-trunc-$k.png" 3 'invalid PNG|truncat|read error'
done
"$B/mkpng" png-crc-idat.png -w 64 -h 48 --classes 4 --corrupt crc
expect png-crc-idat.png 3 'CRC'
"$B/mkpng" png-crc-ihdr.png -w 64 -h 48 --classes 4 --corrupt ihdr-crc
expect png-crc-ihdr.png 3 'CRC'
"$B/mkpng" png-adler.png -w 64 -h 48 --classes 4 --corrupt adler
expect png-adler.png 3 'adler|checksum'
"$B/mkpng" png-deflate.png -w 64 -h 48 --classes 4 --corrupt deflate
expect png-deflate.png 3 'invalid PNG'
"$B/mkpng" png-noiend.png -w 64 -h 48 --classes 4 --corrupt noiend
expect png-noiend.png 3 'invalid PNG|read error'
"$B/mkpng" png-rgb.png -w 8 -h 8 --type rgb
expect png-rgb.png 3 'RGB'
"$B/mkpng" png-rgba16.png -w 8 -h 8 --type rgba --depth 16
expect png-rgba16.png 3 'RGB'
"$B/mkpng" "$tmp/a7.png" -w 37 -h 23 --interlace --classes 3
head -c 80 "$tmp/a7.png" >png-adam7-trunc.png
expect png-adam7-trunc.png 3 'invalid PNG|read error'

python3 - <<'PYEOF'
import struct, zlib

def chunk(typ, data, crc=None, length=None):
    if crc is None:
        crc = zlib.crc32(typ + data) & 0xffffffff
    if length is None:
        length = len(data)
    return struct.pack('>I', length) + typ + data + struct.pack('>I', crc)

SIG = b'\x89PNG\r\n\x1a\n'
def ihdr(w, h, bd=8, ct=0, comp=0, filt=0, il=0):
    return chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, bd, ct, comp, filt, il))
def raw(w, h, f=lambda x, y: (x // 4 + y // 3) % 4):
    return b''.join(b'\0' + bytes(f(x, y) for x in range(w)) for y in range(h))
def idat(data, level=9):
    return chunk(b'IDAT', zlib.compress(data, level))
IEND = chunk(b'IEND', b'')
def png(name, *chunks):
    open(name, 'wb').write(SIG + b''.join(chunks))

W, H = 16, 8
good = idat(raw(W, H))
# Zero and huge dimensions, each with a tiny IDAT.
png('png-width0.png', ihdr(0, H), good, IEND)
png('png-height0.png', ihdr(W, 0), good, IEND)
png('png-width-2g.png', ihdr(0x7fffffff, 1), good, IEND)
png('png-width-2g-16bit.png', ihdr(0x7fffffff, 1, bd=16, ct=4), good, IEND)
png('png-height-2g.png', ihdr(1, 0x7fffffff), good, IEND)
png('png-100000x100000.png', ihdr(100000, 100000), good, IEND)
png('png-70000x70000.png', ihdr(70000, 70000), good, IEND)
png('png-width-2g-1row.png', ihdr(0x7fffffff, 2),
    idat(b'\0' * 100000), IEND)
png('png-width-over-2g.png', ihdr(0x80000000, 1), good, IEND)
# Found by fuzz_png in seconds: 1,946,157,080 x 2, 8-bit gray, 116 bytes;
# libpng allocates and clears row buffers of the declared width.
open('png-fuzz-width-oom.png', 'wb').write(bytes.fromhex(
    '89504e470d0a1a0a0000000d49484452740000180000000208000000016a1b655d'
    '000000374944415408995d8c410e003008c22aff7f000000000000000000800000'
    '000000000000000000000000000000000000000000000000000000000000830a6b'
    'a50000000049454efc6bf85b3cae426082'))
# Chunk-length bombs: an ancillary chunk and an IDAT declaring 2 GiB.
png('png-chunklen-text.png', ihdr(W, H),
    chunk(b'tEXt', b'a\0b', length=0x7fffffff), good, IEND)
png('png-chunklen-idat.png', ihdr(W, H),
    chunk(b'IDAT', zlib.compress(raw(W, H)), length=0x7fffffff), IEND)
png('png-chunklen-over.png', ihdr(W, H),
    chunk(b'IDAT', zlib.compress(raw(W, H)), length=0x80000000), IEND)
# The 72-byte sPLT bomb of LIBRARIES.md: IHDR, gAMA, an sPLT declaring
# 1,560,281,094 bytes.
d = SIG + ihdr(1, 1) + chunk(b'gAMA', struct.pack('>I', 45455))
d += struct.pack('>I', 1560281094) + b'sPLT' + b'x\0' + b'\x08' + b'\0' * 7
open('png-splt-bomb.png', 'wb').write(d)
# IHDR fields out of range.
png('png-bitdepth3.png', ihdr(W, H, bd=3), good, IEND)
png('png-colortype5.png', ihdr(W, H, ct=5), good, IEND)
png('png-interlace2.png', ihdr(W, H, il=2), good, IEND)
png('png-filter1.png', ihdr(W, H, filt=1), good, IEND)
png('png-compression1.png', ihdr(W, H, comp=1), good, IEND)
png('png-palette16.png', ihdr(W, H, bd=16, ct=3), good, IEND)
# IDAT data longer and shorter than the image, none, empty.
png('png-idat-long.png', ihdr(W, H), idat(raw(W, H * 3)), IEND)
png('png-idat-short.png', ihdr(W, H), idat(raw(W, H // 2)), IEND)
png('png-idat-none.png', ihdr(W, H), IEND)
png('png-idat-empty.png', ihdr(W, H), chunk(b'IDAT', b''), IEND)
png('png-idat-rowbyte.png', ihdr(W, H), idat(raw(W, H)[:-1]), IEND)
png('png-idat-badfilter.png', ihdr(W, H),
    idat(raw(W, H).replace(b'\0', b'\x07', 1)), IEND)
# Chunk order: no IHDR, two IHDRs, palette type without PLTE, PLTE too
# long, PLTE with a bad CRC, an ancillary chunk with a bad CRC.
png('png-no-ihdr.png', good, IEND)
png('png-two-ihdr.png', ihdr(W, H), ihdr(W, H), good, IEND)
png('png-palette-no-plte.png', ihdr(W, H, ct=3), good, IEND)
png('png-plte-long.png', ihdr(W, H, ct=3),
    chunk(b'PLTE', bytes(range(256)) * 3 + b'\0\0\0'), good, IEND)
png('png-crc-plte.png', ihdr(W, H, ct=3),
    chunk(b'PLTE', bytes(12), crc=0x12345678), good, IEND)
png('png-crc-ancillary.png', ihdr(W, H),
    chunk(b'tEXt', b'Title\0x', crc=0x12345678), good, IEND)
png('png-crc-iend.png', ihdr(W, H), good, chunk(b'IEND', b'', crc=1))
# An unknown critical chunk.
png('png-critical-unknown.png', ihdr(W, H), chunk(b'ABCD', b'1234'),
    good, IEND)
# Many tiny IDAT chunks, the last one truncated.
z = zlib.compress(raw(W, H))
png('png-idat-split-trunc.png', ihdr(W, H),
    *[chunk(b'IDAT', z[i:i + 1]) for i in range(len(z))])
PYEOF
expect png-width0.png 3 'invalid PNG|zero'
expect png-height0.png 3 'invalid PNG|zero'
expect png-width-2g.png 3 'invalid PNG|row'
expect png-width-2g-16bit.png 3 'invalid PNG|row'
expect png-height-2g.png 3 'invalid PNG|read error'
expect png-100000x100000.png 3 'max-pixels'
expect png-70000x70000.png 3 'invalid PNG|read error'
expect png-width-2g-1row.png 3 'invalid PNG|row'
expect png-width-over-2g.png 3 'invalid PNG'
expect png-fuzz-width-oom.png 3 'invalid PNG|row'
expect png-chunklen-text.png 3 'invalid PNG|read error'
expect png-chunklen-idat.png 3 'invalid PNG|read error'
expect png-chunklen-over.png 3 'invalid PNG'
expect png-splt-bomb.png 3 'invalid PNG|read error'
expect png-bitdepth3.png 3 'invalid PNG'
expect png-colortype5.png 3 'invalid PNG'
expect png-interlace2.png 3 'invalid PNG'
expect png-filter1.png 3 'invalid PNG'
expect png-compression1.png 3 'invalid PNG'
expect png-palette16.png 3 'invalid PNG'
expect png-idat-long.png 3 'invalid PNG|too much'
expect png-idat-short.png 3 'invalid PNG|not enough'
expect png-idat-none.png 3 'invalid PNG'
expect png-idat-empty.png 3 'invalid PNG'
expect png-idat-rowbyte.png 3 'invalid PNG'
expect png-idat-badfilter.png 3 'invalid PNG|filter'
expect png-no-ihdr.png 3 'invalid PNG'
expect png-two-ihdr.png 3 'invalid PNG'
expect png-palette-no-plte.png 3 'invalid PNG|PLTE'
expect png-plte-long.png 3 'invalid PNG'
expect png-crc-plte.png 3 'CRC'
expect png-crc-ancillary.png 0 '.'
expect png-crc-iend.png 3 'CRC'
expect png-critical-unknown.png 3 'invalid PNG|unknown'
expect png-idat-split-trunc.png 3 'invalid PNG|read error'

# ---------------------------------------------------------------------
# TIFF, from a writer here (every field under control) and mktiff.
python3 - <<'PYEOF'
import struct, zlib

SHORT, LONG, ASCII, LONG8 = 3, 4, 2, 16
def tiff(name, entries, blobs=b'', be=False, next_ifd=0, ifd_first=False,
         trunc=None, big=False):
    """entries: (tag, type, [values]); a value 'D+k' is offset k in blobs.
    blobs come after the header, or after the IFD with ifd_first."""
    e = '>' if be else '<'
    hdr = (b'MM' if be else b'II')
    hlen = 16 if big else 8
    if ifd_first:
        ifd_off = hlen
        isz, inline = (20, 8) if big else (12, 4)
        fsz = {SHORT: 2, LONG: 4, ASCII: 1, LONG8: 8}
        ext = sum((fsz[t] * len(v) + 1) & ~1 for _, t, v in entries
                  if fsz[t] * len(v) > inline)
        data_at = ifd_off + (8 if big else 2) + len(entries) * isz + \
            (8 if big else 4) + ext
    else:
        data_at = hlen
        ifd_off = data_at + len(blobs)
        ifd_off += ifd_off & 1
    if big:
        head = hdr + struct.pack(e + 'HHHQ', 43, 8, 0, ifd_off)
    else:
        head = hdr + struct.pack(e + 'HI', 42, ifd_off)
    entries = sorted(entries, key=lambda t: t[0])
    isz = 20 if big else 12
    n = len(entries)
    extra_at = ifd_off + (8 if big else 2) + n * isz + (8 if big else 4)
    extra = b''
    ents = b''
    for tag, typ, vals in entries:
        vals = [data_at + int(v[2:]) if isinstance(v, str) else v
                for v in vals]
        fmt = {SHORT: 'H', LONG: 'I', ASCII: 'B', LONG8: 'Q'}[typ]
        payload = b''.join(struct.pack(e + fmt, v) for v in vals)
        inline = 8 if big else 4
        if len(payload) <= inline:
            field = payload.ljust(inline, b'\0')
        else:
            off = extra_at + len(extra)
            extra += payload + (b'\0' if len(payload) & 1 else b'')
            field = struct.pack(e + ('Q' if big else 'I'), off)
        if big:
            ents += struct.pack(e + 'HHQ', tag, typ, len(vals)) + field
        else:
            ents += struct.pack(e + 'HHI', tag, typ, len(vals)) + field
    ifd = struct.pack(e + ('Q' if big else 'H'), n) + ents + \
        struct.pack(e + ('Q' if big else 'I'), next_ifd)
    if ifd_first:
        body = (head + ifd + extra).ljust(data_at, b'\0') + blobs
    else:
        body = (head + blobs).ljust(ifd_off, b'\0') + ifd + extra
    if trunc is not None:
        body = body[:trunc]
    open(name, 'wb').write(body)
    return ifd_off

W, H = 16, 8
pix = bytes((x // 4 + y) % 4 for y in range(H) for x in range(W))
def base(w=W, h=H, rps=H, offs=None, counts=None, comp=1, bps=8, spp=1,
         photo=1, extra=()):
    ns = (h + rps - 1) // rps if rps else 1
    offs = offs if offs is not None else ['D+%d' % (i * w * rps)
                                          for i in range(ns)]
    counts = counts if counts is not None else [
        w * min(rps, h - i * rps) * spp * bps // 8 for i in range(ns)]
    ents = [(256, LONG, [w]), (257, LONG, [h]), (258, SHORT, [bps] * spp),
            (259, SHORT, [comp]), (262, SHORT, [photo]),
            (273, LONG, offs), (277, SHORT, [spp]), (278, LONG, [rps]),
            (279, LONG, counts)]
    tags = {t[0] for t in extra}
    return [t for t in ents if t[0] not in tags] + list(extra)

tiff('tiff-good.tif', base(), pix)
# Truncated header, IFD, strip.
d = open('tiff-good.tif', 'rb').read()
open('tiff-trunc-header.tif', 'wb').write(d[:6])
open('tiff-trunc-ifd.tif', 'wb').write(d[:len(pix) + 8 + 2 + 12 * 3])
open('tiff-trunc-ifd-count.tif', 'wb').write(d[:len(pix) + 8 + 1])
# The strip data cut: the IFD first, the pixels after it.
tiff('tiff-trunc-strip.tif', base(), pix, ifd_first=True,
     trunc=8 + 2 + 9 * 12 + 4 + len(pix) // 2)
# IFD loops: IFD 0 pointing to itself; IFD 0 -> IFD 1 -> IFD 0.
o = tiff('tiff-ifd-loop-self.tif', base(), pix)
tiff('tiff-ifd-loop-self.tif', base(), pix, next_ifd=o)
o = tiff('tiff-ifd-loop-first.tif', base(), pix)
raw = bytearray(open('tiff-ifd-loop-first.tif', 'rb').read())
raw += b'\0' * (len(raw) & 1)
nxt = o + 2 + 9 * 12
one = bytearray(raw[o:nxt + 4])
raw[nxt:nxt + 4] = struct.pack('<I', len(raw))
one[-4:] = struct.pack('<I', o)
raw += one
open('tiff-ifd-loop-first.tif', 'wb').write(raw)
# Offsets outside the file: a strip, a tile, a huge one.
tiff('tiff-strip-offset-outside.tif', base(offs=[100000]), pix)
tiff('tiff-strip-offset-huge.tif', base(offs=[0xfffffff0]), pix)
tile = bytes(16 * 16)
tiles = [(256, LONG, [W]), (257, LONG, [H]), (258, SHORT, [8]),
         (259, SHORT, [1]), (262, SHORT, [1]), (277, SHORT, [1]),
         (322, LONG, [16]), (323, LONG, [16])]
tiff('tiff-tile-offset-outside.tif',
     tiles + [(324, LONG, [1 << 20]), (325, LONG, [256])], tile)
tiff('tiff-tile-good.tif', tiles + [(324, LONG, ['D+0']),
     (325, LONG, [256])], tile)
# Strip byte count 0, strip count short, StripOffsets missing.
tiff('tiff-stripbytes0.tif', base(counts=[0]), pix)
tiff('tiff-stripbytes0-lzw.tif', base(counts=[0], comp=5), pix)
tiff('tiff-strips-missing.tif', base(rps=2, offs=['D+0'], counts=[32]),
     pix)
tiff('tiff-no-stripoffsets.tif',
     [t for t in base() if t[0] != 273], pix)
tiff('tiff-stripbytes-huge.tif', base(counts=[0x7ffffff0]), pix)
# Tiles larger than the image: 256x256 tiles over 16x8 (valid), and
# 65536x65536 tiles (4 GiB each).
z = zlib.compress(bytes(256 * 256))
tiff('tiff-tile-larger.tif',
     [(256, LONG, [W]), (257, LONG, [H]), (258, SHORT, [8]),
      (259, SHORT, [8]), (262, SHORT, [1]), (277, SHORT, [1]),
      (322, LONG, [256]), (323, LONG, [256]),
      (324, LONG, ['D+0']), (325, LONG, [len(z)])], z)
tiff('tiff-tile-4g.tif',
     [(256, LONG, [W]), (257, LONG, [H]), (258, SHORT, [8]),
      (259, SHORT, [8]), (262, SHORT, [1]), (277, SHORT, [1]),
      (322, LONG, [65536]), (323, LONG, [65536]),
      (324, LONG, ['D+0']), (325, LONG, [len(z)])], z)
# Huge declared dimensions: over the default --max-pixels, and just under
# it with one tiny deflate strip (ends when the data runs out).
tiff('tiff-100000x100000.tif', base(w=100000, h=100000, offs=['D+0'],
     counts=[len(pix)], rps=100000), pix)
z = zlib.compress(bytes(70000 * 4))
tiff('tiff-70000x70000.tif', base(w=70000, h=70000, rps=70000, comp=8,
     offs=['D+0'], counts=[len(z)]), z)
tiff('tiff-width0.tif', base(w=0), pix)
# Strips aliasing one compressed strip: 32768 x 32768 (1.07e9 pixels)
# from a file of 9 KB, with a pattern that no run-length shortcut skips.
# A valid file: only --max-pixels bounds the time of such a file.
rps = 256
z = zlib.compress(bytes([0, 1, 2, 3, 1, 0, 3, 2]) * (32768 * rps // 8), 9)
tiff('tiff-alias-strips.tif', base(w=32768, h=32768, rps=rps, comp=8,
     offs=['D+0'] * 128, counts=[len(z)] * 128), z)
# Fields out of range.
tiff('tiff-bits3.tif', base(bps=3), pix)
tiff('tiff-bits0.tif', base(bps=0), pix)
tiff('tiff-spp0.tif', base(extra=[(277, SHORT, [0])]), pix)
tiff('tiff-spp-huge.tif', base(extra=[(277, SHORT, [65535])]), pix)
tiff('tiff-rps0.tif', base(rps=0, offs=['D+0'], counts=[len(pix)]), pix)
tiff('tiff-comp-unknown.tif', base(comp=12345), pix)
tiff('tiff-ojpeg.tif', base(comp=6), pix)
tiff('tiff-sampleformat-complex.tif',
     base(extra=[(339, SHORT, [5])]), pix)
# A corrupt deflate strip and a truncated LZW one.
zz = bytearray(zlib.compress(pix))
zz[5] ^= 0xff
tiff('tiff-deflate-corrupt.tif', base(comp=8, counts=[len(zz)]), bytes(zz))
tiff('tiff-lzw-garbage.tif', base(comp=5, counts=[20]), b'\xff' * 20)
# A tag count far over the file size; an IFD of 65535 entries.
tiff('tiff-tagcount-huge.tif', base(extra=[(273, LONG, ['D+0'] * 2)]), pix)
raw = bytearray(open('tiff-tagcount-huge.tif', 'rb').read())
o = struct.unpack('<I', raw[4:8])[0]
for i in range(struct.unpack('<H', raw[o:o + 2])[0]):
    p = o + 2 + 12 * i
    if struct.unpack('<H', raw[p:p + 2])[0] == 273:
        raw[p + 4:p + 8] = struct.pack('<I', 0x3fffffff)
open('tiff-tagcount-huge.tif', 'wb').write(raw)
raw = bytearray(open('tiff-good.tif', 'rb').read())
o = struct.unpack('<I', raw[4:8])[0]
raw[o:o + 2] = struct.pack('<H', 65535)
open('tiff-ifd-65535.tif', 'wb').write(raw)
# BigTIFF: truncated, and an IFD offset beyond the file.
tiff('tiff-big-trunc.tif', base(), pix, big=True, trunc=40)
open('tiff-big-ifd-outside.tif', 'wb').write(
    b'II' + struct.pack('<HHHQ', 43, 8, 0, 1 << 40))
open('tiff-bad-version.tif', 'wb').write(b'II' + struct.pack('<HI', 44, 8))
PYEOF
rm -f tiff-good.tif tiff-tile-good.tif
expect tiff-trunc-header.tif 3 'TIFF'
expect tiff-trunc-ifd.tif 3 'TIFF'
expect tiff-trunc-ifd-count.tif 3 'TIFF'
expect tiff-trunc-strip.tif 3 'read error|short|strip'
expect tiff-ifd-loop-self.tif 0 '.'
expect tiff-ifd-loop-first.tif 0 '.'
expect tiff-strip-offset-outside.tif 3 'read error'
expect tiff-strip-offset-huge.tif 3 'read error'
expect tiff-tile-offset-outside.tif 3 'read error'
expect tiff-stripbytes0.tif 3 'strip'
expect tiff-stripbytes0-lzw.tif 3 'strip'
expect tiff-strips-missing.tif 3 'TIFF|strip'
expect tiff-no-stripoffsets.tif 3 'TIFF|StripOffsets'
expect tiff-stripbytes-huge.tif 3 'strip'
expect tiff-tile-larger.tif 0 '.'
expect tiff-tile-4g.tif 3 'tile'
expect tiff-100000x100000.tif 3 'max-pixels'
expect tiff-70000x70000.tif 3 'read error|short'
expect tiff-width0.tif 3 'zero'
expect tiff-alias-strips.tif 0 '.'
expect tiff-bits3.tif 3 'unsupported|bits'
expect tiff-bits0.tif 3 'unsupported|bits'
expect tiff-spp0.tif 3 'samples|TIFF'
expect tiff-spp-huge.tif 3 'band|samples|TIFF'
expect tiff-rps0.tif 3 'RowsPerStrip|TIFF'
expect tiff-comp-unknown.tif 3 'compression|TIFF'
expect tiff-ojpeg.tif 3 'JPEG'
expect tiff-sampleformat-complex.tif 3 'sample format'
expect tiff-deflate-corrupt.tif 3 'read error'
expect tiff-lzw-garbage.tif 3 'read error'
expect tiff-tagcount-huge.tif 0 '.'
expect tiff-ifd-65535.tif 3 'TIFF'
expect tiff-big-trunc.tif 3 'TIFF'
expect tiff-big-ifd-outside.tif 3 'TIFF'
expect tiff-bad-version.tif 3 'not a mask'

"$B/mktiff" tiff-jpeg.tif --width 32 --height 16 --compress jpeg
expect tiff-jpeg.tif 3 'JPEG'
"$B/mktiff" tiff-rgb.tif --width 8 --height 8 --photometric rgb --spp 3
expect tiff-rgb.tif 3 'RGB'
"$B/mktiff" "$tmp/t.tif" --width 64 --height 64 --compress lzw --tile 16
tsize=$(wc -c <"$tmp/t.tif" | tr -d ' ')
head -c $((tsize * 2 / 3)) "$tmp/t.tif" >tiff-tiled-trunc.tif
expect tiff-tiled-trunc.tif 3 'TIFF|read error'

# ---------------------------------------------------------------------
# GDAL formats.
if command -v gdal_translate >/dev/null; then
	"$B/mkpng" "$tmp/s.png" -w 64 -h 64 --classes 5
	gdal_translate -q -of HFA "$tmp/s.png" "$tmp/s.img"
	gdal_translate -q -of JP2OpenJPEG -co REVERSIBLE=YES \
	    -co QUALITY=100 "$tmp/s.png" "$tmp/s.jp2"
	gdal_translate -q -of BMP "$tmp/s.png" "$tmp/s.bmp"
	gdal_translate -q -of GIF "$tmp/s.png" "$tmp/s.gif"
	gdal_translate -q -of netCDF "$tmp/s.png" "$tmp/s.nc"
	gdal_translate -q -of PCIDSK "$tmp/s.png" "$tmp/s.pix"
	gdal_translate -q -of ERS "$tmp/s.png" "$tmp/s.ers"
	for f in img jp2 bmp gif nc pix; do
		n=$(wc -c <"$tmp/s.$f" | tr -d ' ')
		[ "$n" -lt 8192 ] || n=8192
		head -c $((n / 2)) "$tmp/s.$f" >"gdal-trunc.$f"
	done
	head -c 600 "$tmp/s.img" >gdal-trunc-header.img
	expect gdal-trunc.img 3 'GDAL|HFA'
	expect gdal-trunc-header.img 3 'GDAL|HFA'
	expect gdal-trunc.jp2 3 'GDAL|JP2'
	expect gdal-trunc.bmp 3 'GDAL|BMP'
	expect gdal-trunc.gif 3 'GDAL|GIF'
	expect gdal-trunc.nc 3 'GDAL|netCDF'
	expect gdal-trunc.pix 3 'GDAL|PCIDSK'
	TMP=$tmp python3 - <<'PYEOF'
import os, struct
tmp = os.environ['TMP']
# A JPEG 2000 file whose codestream is overwritten with junk.
d = bytearray(open(tmp + '/s.jp2', 'rb').read())
i = d.find(b'\xff\x4f\xff\x51')
for k in range(i + 60, len(d) - 2, 7):
    d[k] ^= 0x5a
open('gdal-corrupt.jp2', 'wb').write(d)
# A J2K codestream declaring a 2^31 x 2^31 image.
siz = struct.pack('>HHHIIIIIIIIH', 0xff51, 41, 0, 0x7fffffff, 0x7fffffff,
                  0, 0, 0x7fffffff, 0x7fffffff, 0, 0, 1) + b'\x07\x01\x01'
open('gdal-huge.j2k', 'wb').write(b'\xff\x4f' + siz + b'\xff\xd9')
# A BMP declaring 100000 x 100000 and one of 1 x 2^31.
def bmp(name, w, h, bpp=8):
    info = struct.pack('<IiiHHIIiiII', 40, w, h, 1, bpp, 0, 0, 2835,
                       2835, 0, 0)
    pal = bytes(1024)
    off = 14 + 40 + len(pal)
    hdr = b'BM' + struct.pack('<IHHI', off + 64, 0, 0, off)
    open(name, 'wb').write(hdr + info + pal + bytes(64))
bmp('gdal-bmp-100000x100000.bmp', 100000, 100000)
bmp('gdal-bmp-tall.bmp', 1, 0x7fffffff)
bmp('gdal-bmp-negwidth.bmp', -5, 5)
# A GIF with a 65535 x 65535 screen and no image data.
open('gdal-gif-huge.gif', 'wb').write(
    b'GIF89a' + struct.pack('<HHBBB', 65535, 65535, 0x80, 0, 0) +
    bytes(6) + b',' + struct.pack('<HHHHB', 0, 0, 65535, 65535, 0) +
    b'\x08\x01\x00\x00;')
# netCDF classic declaring a 2^31-1 x 2^31-1 byte variable, no data.
def nc_name(s):
    b = s.encode()
    return struct.pack('>I', len(b)) + b + b'\0' * (-len(b) % 4)
d = b'CDF\x01' + struct.pack('>I', 0)
d += struct.pack('>II', 10, 2)
d += nc_name('y') + struct.pack('>I', 0x7fffffff)
d += nc_name('x') + struct.pack('>I', 0x7fffffff)
d += struct.pack('>II', 0, 0)
d += struct.pack('>II', 11, 1) + nc_name('band')
d += struct.pack('>I', 2) + struct.pack('>II', 0, 1)
d += struct.pack('>II', 0, 0) + struct.pack('>I', 1)
d += struct.pack('>I', 0xfffffffc) + struct.pack('>I', len(d) + 8)
open('gdal-nc-huge.nc', 'wb').write(d)
# 16 bytes of netCDF classic header that make libnetcdf 4.9.0 free an
# uninitialised hash map (found by fuzz_gdal): the helper dies by SIGSEGV
# (or, with another memory layout, GDAL refuses the file).
open('gdal-nc-crash.nc', 'wb').write(
    bytes.fromhex('43444601020400000000000a01000081'))
# 14-byte headers after which fuzz_gdal timed out waiting for the helper
# (10 s; alone each one crashes it at once, as above): kept so that the
# replay runs them after the other files.
for i, h in enumerate(('4344460102a100000000000a0081',
                       '43444601020000000000000a0081',
                       '43444601020083000000000a0081')):
    open('gdal-nc-hang%d.nc' % (i + 1), 'wb').write(bytes.fromhex(h))
# HDF5: the signature and junk.
open('gdal-hdf5-junk.h5', 'wb').write(
    b'\x89HDF\r\n\x1a\n' + bytes(range(256)) * 4)
# An ER Mapper header whose data file is the helper's own protocol
# socket, and one whose data file is a directory.
hdr = open(tmp + '/s.ers').read()
for name, target in (('gdal-ers-fd3.ers', '/proc/self/fd/3'),
                     ('gdal-ers-dir.ers', '/')):
    h = hdr.replace('DatasetHeader Begin',
                    'DatasetHeader Begin\n\tDataFile\t= "%s"' % target, 1)
    open(name, 'w').write(h)
# A VRT referencing itself (read only with --allow-vrt).
open('gdal-self.vrt', 'w').write(
    '<VRTDataset rasterXSize="10" rasterYSize="10">\n'
    ' <VRTRasterBand dataType="Byte" band="1">\n'
    '  <SimpleSource><SourceFilename relativeToVRT="1">gdal-self.vrt'
    '</SourceFilename><SourceBand>1</SourceBand></SimpleSource>\n'
    ' </VRTRasterBand>\n</VRTDataset>\n')
PYEOF
	expect gdal-corrupt.jp2 3 'GDAL|JP2'
	expect gdal-huge.j2k 3 'GDAL|JP2|max-pixels'
	expect gdal-bmp-100000x100000.bmp 3 'max-pixels'
	expect gdal-bmp-tall.bmp 3 'GDAL|BMP|max-pixels'
	expect gdal-bmp-negwidth.bmp 3 'GDAL|BMP'
	expect gdal-gif-huge.gif 3 'GDAL|GIF'
	expect gdal-nc-huge.nc 3 'GDAL|netCDF|max-pixels'
	expect gdal-nc-crash.nc 3 'GDAL'
	expect gdal-nc-hang1.nc 3 'GDAL'
	expect gdal-nc-hang2.nc 3 'GDAL'
	expect gdal-nc-hang3.nc 3 'GDAL'
	expect gdal-hdf5-junk.h5 3 'GDAL|HDF5'
	expect gdal-ers-fd3.ers 3 'GDAL|ERS'
	expect gdal-ers-dir.ers 3 'GDAL|ERS'
	expect gdal-self.vrt 3 'VRT'
fi
rm -f ./*.aux.xml

# DEFLATE streams that libdeflate 1.14 accepts and zlib refuses, with
# right CRCs and Adler-32 (tests/tools/zforge.py; tests/cli/png_zlibdiff.sh
# has the valid controls): libpng's verdict, never a count.
python3 "$HERE/../tools/zforge.py" "$tmp/zforge"
while read -r name want; do
	case $want/$name in
	bad/stored-* | bad/btype3) ;;
	bad/*)
		cp "$tmp/zforge/$name.png" "png-zlib-$name.png"
		expect "png-zlib-$name.png" 3 'invalid PNG: IDAT'
		;;
	esac
done <"$tmp/zforge/EXPECT"
echo "make-bad.sh: $(grep -vc '^#' MANIFEST) files in $OUT"
