#!/usr/bin/env python3
"""zforge.py OUTDIR: write PNGs whose DEFLATE streams are malformed in the
ways libdeflate 1.14 accepts and zlib refuses (and a few that both refuse,
and valid controls), every one with right chunk CRCs and a right Adler-32
of the data the stream decodes to.

Each file is an 8-bit gray W x H PNG.  OUTDIR/EXPECT gets one line per
file: NAME VERDICT, where VERDICT is "ok" if zlib inflates the image data
as libpng drives it (Python's zlib, one row per call, the window that the
zlib header declares) into exactly the image's bytes, else "bad".  The
forms (RFC 1951 and zlib 1.2.13's inflate.c and inftrees.c):

  hlit287, hlit288    a dynamic header declaring 287 or 288 literal/length
                      codes (zlib: "too many length or distance symbols")
  hdist31, hdist32    31 or 32 distance codes (idem)
  rep-overrun-17/18   a zero-length repeat running past the last code
  rep-overrun-16      a copy repeat running past the last code
  rep16-first         a copy repeat with no length before it
  cl-one              a code-length code of one one-bit code
  cl-incomplete       an incomplete code-length code
  ll-over, d-over     over-subscribed literal/length, distance codes
  ll-incomplete       an incomplete literal/length code
  d-incomplete        an incomplete distance code, longest code 2 bits
  eob-one-bit1        a literal/length code of the end-of-block code alone
                      (one bit), sent as the unused codeword '1'
  eob-one-bit0        the same sent as '0' (valid)
  d-one-bit1          a one-code distance code, a match sent with '1'
  d-one-bit0          the same sent with '0' (valid)
  d-empty-match       no distance codes, and a match
  no-eob              no end-of-block code
  fixed-286, -287     fixed block literal/length symbols 286, 287
  fixed-d30, -d31     fixed block distance symbols 30, 31 (32769+ back)
  stored-nlen         a stored block whose NLEN is not ~LEN
  btype3              block type 3
  window-far          a 256-byte window (CINFO 0) and a match 1000 back
  window-near         the same window, matches within it (valid)
  ok-dynamic, ok-fixed, ok-stored, ok-mixed   valid controls
"""
import os
import struct
import sys
import zlib

W, H = 256, 160
ROW = W + 1
RAW = ROW * H
LEXT = [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0]
LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43,
         51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
DEXT = [0, 0, 0, 0] + [i // 2 for i in range(2, 30)] + [14, 14]
DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257,
         385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
         16385, 24577, 32769, 49153]
ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]


class Bits:
    """DEFLATE bit writer: values first bit first, Huffman codes reversed."""

    def __init__(self):
        self.acc, self.n, self.out = 0, 0, bytearray()

    def put(self, v, k):
        self.acc |= (v & ((1 << k) - 1)) << self.n
        self.n += k
        while self.n >= 8:
            self.out.append(self.acc & 0xff)
            self.acc >>= 8
            self.n -= 8

    def code(self, c, k):
        self.put(int(format(c, '0%db' % k)[::-1], 2) if k else 0, k)

    def align(self):
        if self.n:
            self.put(0, 8 - self.n)

    def done(self):
        self.align()
        return bytes(self.out)


def canon(lens):
    """Canonical codes of lens (over-subscribed codes wrap: no matter)."""
    count = [0] * 17
    for n in lens:
        count[n] += 1
    count[0] = 0
    nxt, c = [0] * 17, 0
    for k in range(1, 17):
        c = (c + count[k - 1]) << 1
        nxt[k] = c
    out = []
    for n in lens:
        out.append(nxt[n] if n else None)
        if n:
            nxt[n] += 1
    return out


def complete(n):
    """Code lengths of a complete code of n symbols."""
    k = max(1, (n - 1).bit_length())
    a = (1 << k) - n
    return [k - 1] * a + [k] * (n - a)


def fixed_lens():
    return [8] * 144 + [9] * 112 + [7] * 24 + [8] * 8, [5] * 32


class Stream:
    """A zlib stream being forged, and the bytes it decodes to."""

    def __init__(self, cinfo=7):
        self.b = Bits()
        self.data = bytearray()
        cmf = cinfo << 4 | 8
        flg = 31 - (cmf << 8) % 31
        self.hdr = bytes([cmf, flg])

    def block_head(self, final, btype):
        self.b.put(final, 1)
        self.b.put(btype, 2)

    def dynamic(self, final, ll, dl, hlit=None, hdist=None, seq=None,
                cl=None):
        """A dynamic header for lengths ll, dl; seq: code-length symbols
        as (sym, extra) pairs (default: one per length); cl: the
        code-length code's 19 lengths (default: complete)."""
        self.block_head(final, 2)
        hlit = len(ll) if hlit is None else hlit
        hdist = len(dl) if hdist is None else hdist
        if seq is None:
            seq = [(n, 0) for n in list(ll) + list(dl)]
        if cl is None:
            cl = [4] * 13 + [5] * 6
        self.b.put(hlit - 257, 5)
        self.b.put(hdist - 1, 5)
        self.b.put(15, 4)
        for s in ORDER:
            self.b.put(cl[s], 3)
        cc = canon(cl)
        for s, x in seq:
            self.b.code(cc[s], cl[s])
            if s == 16:
                self.b.put(x, 2)
            elif s == 17:
                self.b.put(x, 3)
            elif s == 18:
                self.b.put(x, 7)
        self.ll, self.dl = ll, dl
        self.lc, self.dc = canon(ll), canon(dl)

    def fixed(self, final):
        self.block_head(final, 1)
        self.ll, self.dl = fixed_lens()
        self.lc, self.dc = canon(self.ll), canon(self.dl)

    def sym(self, s, code=None):
        """Literal/length symbol s (code: an explicit codeword)."""
        self.b.code(self.lc[s] if code is None else code, self.ll[s])

    def lit(self, v):
        self.sym(v)
        self.data.append(v)

    def eob(self, code=None):
        self.sym(256, code)

    def match(self, length, dist, dsym=None, dcode=None, dbits=None):
        ls = max(i for i in range(29) if LBASE[i] <= length)
        if length == 258:
            ls = 28
        self.sym(257 + ls)
        self.b.put(length - LBASE[ls], LEXT[ls])
        ds = dsym if dsym is not None else max(
            i for i in range(30) if DBASE[i] <= dist)
        k = self.dl[ds] if dbits is None else dbits
        self.b.code(self.dc[ds] if dcode is None else dcode, k)
        self.b.put(dist - DBASE[ds], DEXT[ds])
        for _ in range(length):
            self.data.append(self.data[-dist] if dist <= len(self.data)
                             else 0)

    def stored(self, final, payload, nlen=None):
        self.block_head(final, 0)
        self.b.align()
        n = len(payload)
        self.b.put(n, 16)
        self.b.put((~n & 0xffff) if nlen is None else nlen, 16)
        for v in payload:
            self.b.put(v, 8)
        self.data += payload

    def fill(self, upto=RAW):
        """Zero bytes up to upto, as literals and distance-1 matches."""
        if not self.data:
            self.lit(0)
        while len(self.data) < upto:
            n = min(258, upto - len(self.data))
            if n >= 3:
                self.match(n, 1)
            else:
                self.lit(0)

    def zlib(self, data=None):
        d = bytes(self.data if data is None else data)
        return self.hdr + self.b.done() + struct.pack(
            '>I', zlib.adler32(d))


def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack(
        '>I', zlib.crc32(t + d))


def png(z):
    ihdr = struct.pack('>IIBBBBB', W, H, 8, 0, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) +
            chunk(b'IDAT', z) + chunk(b'IEND', b''))


def verdict(z):
    """zlib's verdict as libpng asks it: one row per call, the window
    of the header."""
    try:
        d = zlib.decompressobj(0)
        got, rest = 0, z
        while got < RAW:
            out = d.decompress(rest, min(ROW, RAW - got))
            rest = d.unconsumed_tail
            if not out:
                return 'bad'
            got += len(out)
        # libpng wants the stream to end with the image.
        d.decompress(rest, 1)
        if not d.eof or d.unused_data or d.unconsumed_tail:
            return 'bad'
        return 'ok'
    except zlib.error:
        return 'bad'


def std():
    return complete(286), complete(30)


def cases():
    ll, dl = std()
    out = {}

    s = Stream()
    s.dynamic(1, ll, dl)
    s.fill()
    s.eob()
    out['ok-dynamic'] = s.zlib()

    s = Stream()
    s.fixed(1)
    s.fill()
    s.eob()
    out['ok-fixed'] = s.zlib()

    s = Stream()
    s.stored(0, bytes(30000))
    s.stored(1, bytes(RAW - 30000))
    out['ok-stored'] = s.zlib()

    s = Stream()
    s.stored(0, bytes(1000))
    s.fixed(0)
    s.fill(20000)
    s.eob()
    s.dynamic(1, ll, dl)
    s.fill()
    s.eob()
    out['ok-mixed'] = s.zlib()

    for n in (287, 288):
        s = Stream()
        s.dynamic(1, complete(n), dl)
        s.fill()
        s.eob()
        out['hlit%d' % n] = s.zlib()
    for n in (31, 32):
        s = Stream()
        s.dynamic(1, ll, complete(n))
        s.fill()
        s.eob()
        out['hdist%d' % n] = s.zlib()

    # Repeats past the last code: the declared distance code count is
    # 30, the sequence writes more zeros (or copies) at its end.
    base = [(n, 0) for n in ll + dl[:-2]] + [(dl[-2], 0)]
    for name, last in (('rep-overrun-17', (17, 0)),
                       ('rep-overrun-18', (18, 0)),
                       ('rep-overrun-16', (16, 0))):
        s = Stream()
        dl2 = dl[:-1] + [dl[-2]] if last[0] == 16 else dl[:-1] + [0]
        # dl2 keeps the code complete if the extra codes are ignored.
        s.dynamic(1, ll, dl2, seq=base + [last])
        s.fill()
        s.eob()
        out[name] = s.zlib()

    s = Stream()
    s.dynamic(1, ll, dl, seq=[(16, 0)] + [(n, 0) for n in ll[3:] + dl])
    s.fill()
    s.eob()
    out['rep16-first'] = s.zlib()

    s = Stream()
    s.dynamic(0, ll, dl)
    s.fill(RAW - 300)
    s.eob()
    cl = [0] * 19
    cl[8] = 1
    s.dynamic(1, [8] * 256 + [8], [1], seq=[(8, 0)] * 258, cl=cl)
    while len(s.data) < RAW:
        s.lit(0)
    s.eob()
    out['cl-one'] = s.zlib()

    s = Stream()
    s.dynamic(1, ll, dl, cl=[4] * 13 + [5] * 5 + [0])
    s.fill()
    s.eob()
    out['cl-incomplete'] = s.zlib()

    over = list(ll)
    over[0] = 1
    s = Stream()
    s.dynamic(1, over, dl)
    s.fill()
    s.eob()
    out['ll-over'] = s.zlib()
    s = Stream()
    s.dynamic(1, ll, [1] + dl[1:])
    s.fill()
    s.eob()
    out['d-over'] = s.zlib()
    inc = list(ll)
    inc[100] = 15
    s = Stream()
    s.dynamic(1, inc, dl)
    s.fill()
    s.eob()
    out['ll-incomplete'] = s.zlib()
    s = Stream()
    s.dynamic(1, ll, [2] + [0] * 29)
    s.fill()
    s.eob()
    out['d-incomplete'] = s.zlib()

    # The end-of-block code alone, one bit: a first block holds the data.
    for bit in (0, 1):
        s = Stream()
        s.dynamic(0, ll, dl)
        s.fill()
        s.eob()
        s.dynamic(1, [0] * 256 + [1], [0])
        s.eob(code=bit)
        out['eob-one-bit%d' % bit] = s.zlib()

    # One distance code of one bit; the match sent with codeword bit.
    for bit in (0, 1):
        s = Stream()
        s.dynamic(1, ll, [1])
        s.lit(0)
        while len(s.data) < RAW:
            s.match(min(258, RAW - len(s.data)), 1, dsym=0, dcode=bit)
        s.eob()
        out['d-one-bit%d' % bit] = s.zlib()

    s = Stream()
    s.dynamic(0, ll, dl)
    s.fill(RAW - 300)
    s.eob()
    s.dynamic(1, ll, [0])
    s.lit(0)
    s.match(3, 1, dsym=0, dcode=0, dbits=1)
    while len(s.data) < RAW:
        s.lit(0)
    s.eob()
    out['d-empty-match'] = s.zlib()

    noeob = list(ll)
    noeob[256] = 0
    noeob[255] = noeob[255] - 1 if noeob[255] > 1 else noeob[255]
    s = Stream()
    s.dynamic(1, noeob, dl)
    s.fill()
    out['no-eob'] = s.zlib()

    for sym in (286, 287):
        s = Stream()
        s.fixed(1)
        s.fill(RAW - 10)
        s.sym(sym)
        s.lit(0)
        while len(s.data) < RAW:
            s.lit(0)
        s.eob()
        out['fixed-%d' % sym] = s.zlib()
    for ds in (30, 31):
        s = Stream()
        s.fixed(1)
        s.fill(RAW - 300)
        s.match(258, DBASE[ds], dsym=ds)
        s.fill()
        s.eob()
        out['fixed-d%d' % ds] = s.zlib()

    s = Stream()
    s.stored(0, bytes(1000), nlen=0x1234)
    s.stored(1, bytes(RAW - 1000))
    out['stored-nlen'] = s.zlib()

    s = Stream()
    s.block_head(1, 3)
    s.data = bytearray(RAW)
    out['btype3'] = s.zlib()

    # A 256-byte window: matches 1000 back reach past it between rows.
    # Every byte is 0..4, a valid filter type wherever it lands.
    for name, dist in (('window-far', 1000), ('window-near', 200)):
        s = Stream(cinfo=0)
        s.dynamic(1, ll, dl)
        for i in range(dist):
            s.lit(i * 7 % 5)
        while len(s.data) < RAW:
            s.match(min(258, RAW - len(s.data)), dist)
        s.eob()
        out[name] = s.zlib()
    return out


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'EXPECT'), 'w') as e:
        for name, z in sorted(cases().items()):
            with open(os.path.join(d, name + '.png'), 'wb') as f:
                f.write(png(z))
            e.write('%s %s\n' % (name, verdict(z)))


if __name__ == '__main__':
    main()
