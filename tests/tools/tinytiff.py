#!/usr/bin/env python3
"""tinytiff.py OUT.tif u8|u64|f64 VALUE [NODATA]

A 2x1 one-strip little-endian TIFF whose two samples are VALUE, with an
optional GDAL_NODATA text: values mktiff cannot write (2^63 as UInt64,
9223372036854775808.0 as Float64, a nodata text that is no number).
Standard library only."""
import struct
import sys

out, kind, val = sys.argv[1], sys.argv[2], sys.argv[3]
nodata = sys.argv[4] if len(sys.argv) > 4 else None
data = (struct.pack('<QQ', int(val), int(val)) if kind == 'u64' else
        struct.pack('<dd', float(val), float(val)) if kind == 'f64' else
        bytes([int(val), int(val)]))
bits = 8 if kind == 'u8' else 64
fmt = 3 if kind == 'f64' else 1
tags = [(256, 3, 1, 2), (257, 3, 1, 1), (258, 3, 1, bits), (259, 3, 1, 1),
        (262, 3, 1, 1), (273, 4, 1, 0), (277, 3, 1, 1), (278, 3, 1, 1),
        (279, 4, 1, len(data)), (339, 3, 1, fmt)]
extra = b''
if nodata is not None:
    tags.append((42113, 2, len(nodata) + 1, 0))
n = len(tags)
ifd_len = 2 + 12 * n + 4
dpos = 8 + ifd_len
ndpos = dpos + len(data)
out_tags = []
for t, ty, c, v in tags:
    if t == 273:
        v = dpos
    if t == 42113:
        raw = nodata.encode() + b'\0'
        if len(raw) <= 4:
            out_tags.append(struct.pack('<HHI', t, ty, c) + raw.ljust(4, b'\0'))
            continue
        v = ndpos
    if ty == 3:
        out_tags.append(struct.pack('<HHIHH', t, ty, c, v, 0))
    else:
        out_tags.append(struct.pack('<HHII', t, ty, c, v))
ifd = struct.pack('<H', n) + b''.join(out_tags) + struct.pack('<I', 0)
body = b'II*\0' + struct.pack('<I', 8) + ifd + data
if nodata is not None and len(nodata) + 1 > 4:
    body += nodata.encode() + b'\0'
open(out, 'wb').write(body)
