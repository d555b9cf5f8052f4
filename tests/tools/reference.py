#!/usr/bin/env python3
"""reference.py: an independent oracle for mfweights, in plain Python.

It shares no code with mfweights or libpng: PNG files are parsed here with
the standard library only (zlib), every filter and Adam7 undone by hand,
and the median-frequency weights computed straight from the definition
(Eigen & Fergus 2015, as README.md defines it):

    P[c] = pixels of class c;  I[c] = images containing c;
    T[c] = counted (non-ignored) pixels of the images containing c;
    freq[c] = P[c] / T[c];  median over the classes present and not
    ignored (an even count takes the mean of the two middle values);
    weight[c] = median / freq[c];  an absent class gets weight 0.

Usage:
    reference.py --hist FILE.png       print "value count" lines
    reference.py [--classes N] [--ignore V]... PATH...
                                       print the counts and weights as JSON
    reference.py --sampling METHOD [--temperature T] [--min-pixels M]
                 [--repeat-threshold t] [--ignore V]... PATH...
                                       print one {"path", "weight"} JSON
                                       line per mask, in walk order

The sampling weights follow their published code, written out here from
the papers' definitions rather than from mfweights' sources:
    rare-class (DAFormer, Hoyer et al. 2022, uda_dataset.py): f_c = pixels
        of c / counted pixels; P(c) = softmax((1 - f_c) / T) over the
        classes that have an image with more than M pixels of c; draw c,
        then uniformly one of those images: w_i = sum of P(c) / |S_c|.
    repeat-factor (LVIS, Gupta et al. 2019; detectron2's
        RepeatFactorTrainingSampler): f_c = images with c / images;
        r_c = max(1, sqrt(t / f_c)); w_i = max of r_c over c in i, or 1.
    inverse: K classes present; w_i = sum over c in i of 1 / (K I_c).

Directories are walked in byte-wise sorted order; files without the PNG
signature and non-regular files are passed over, symbolic links inside a
walk are not followed.  Only what the bundled sample and the tests need
is supported: gray 1-16 bit, palette, gray+alpha (gray counted).
"""
import json
import math
import os
import stat
import struct
import sys
import zlib

SIG = b"\x89PNG\r\n\x1a\n"
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
         (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(data, pos, rows, rowbytes, bpp):
    """Undo the filters of `rows` rows starting at data[pos]."""
    out = []
    prev = bytearray(rowbytes)
    for _ in range(rows):
        ftype = data[pos]
        cur = bytearray(data[pos + 1:pos + 1 + rowbytes])
        if len(cur) != rowbytes:
            raise ValueError("image data too short")
        pos += 1 + rowbytes
        for i in range(rowbytes):
            a = cur[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                cur[i] = (cur[i] + a) & 255
            elif ftype == 2:
                cur[i] = (cur[i] + b) & 255
            elif ftype == 3:
                cur[i] = (cur[i] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                cur[i] = (cur[i] + paeth(a, b, c)) & 255
            elif ftype != 0:
                raise ValueError("bad filter type %d" % ftype)
        out.append(cur)
        prev = cur
    return out, pos


def first_samples(row, width, depth, channels):
    """The first channel's sample of each pixel of a row."""
    if depth == 16:
        step = 2 * channels
        return [row[i] << 8 | row[i + 1] for i in range(0, width * step, step)]
    if depth == 8:
        return list(row[0:width * channels:channels])
    mask = (1 << depth) - 1
    vals = []
    for x in range(width):
        bit = x * depth
        vals.append(row[bit // 8] >> (8 - depth - bit % 8) & mask)
    return vals


def png_hist(path):
    """The histogram {value: count} of a PNG's labels."""
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:8] != SIG:
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos + 8 <= len(buf):
        length, ctype = struct.unpack(">I4s", buf[pos:pos + 8])
        body = buf[pos + 8:pos + 8 + length]
        crc = buf[pos + 8 + length:pos + 12 + length]
        if len(crc) != 4 or struct.unpack(">I", crc)[0] != \
                zlib.crc32(ctype + body):
            raise ValueError("%s: CRC error" % ctype.decode("latin-1"))
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat += body
        elif ctype == b"IEND":
            break
        pos += 12 + length
    else:
        raise ValueError("no IEND")
    width, height, depth, colour, _, _, interlace = ihdr
    channels = {0: 1, 3: 1, 4: 2}.get(colour)
    if channels is None:
        raise ValueError("colour type %d is not a mask" % colour)
    data = zlib.decompress(idat)
    bpp = max(1, channels * depth // 8)
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    hist, pos = {}, 0
    for x0, y0, dx, dy in passes:
        pw = (width - x0 + dx - 1) // dx if width > x0 else 0
        ph = (height - y0 + dy - 1) // dy if height > y0 else 0
        if pw == 0 or ph == 0:
            continue
        rows, pos = unfilter(data, pos, ph, (pw * channels * depth + 7) // 8,
                             bpp)
        for row in rows:
            for v in first_samples(row, pw, depth, channels):
                hist[v] = hist.get(v, 0) + 1
    return hist


def walk(path, top):
    """Yield the mask files under path, sorted byte-wise."""
    st = os.stat(path) if top else os.lstat(path)
    if stat.S_ISDIR(st.st_mode):
        for name in sorted(os.listdir(os.fsencode(path))):
            yield from walk(os.path.join(os.fsencode(path), name), False)
    elif stat.S_ISREG(st.st_mode):
        with open(path, "rb") as f:
            if f.read(8) == SIG:
                yield path


def median(vals):
    vals = sorted(vals)
    n = len(vals)
    if n % 2:
        return vals[n // 2]
    return (vals[n // 2 - 1] + vals[n // 2]) / 2


def sampling_weights(hists, ignore, method, temp, min_px, thresh):
    """Per-image weights from the histograms (ignored values left out)."""
    stats = [{v: n for v, n in h.items() if v not in ignore} for h in hists]
    if method == "rare-class":
        overall = {}
        for s in stats:
            for c, n in s.items():
                overall[c] = overall.get(c, 0) + n
        total = sum(overall.values())
        with_class = {c: [i for i, s in enumerate(stats) if s.get(c, 0) >
                          min_px] for c in overall}
        drawn = [c for c in overall if with_class[c]]
        logits = {c: (1 - overall[c] / total) / temp for c in drawn}
        top = max(logits.values())
        expo = {c: math.exp(z - top) for c, z in logits.items()}
        norm = sum(expo.values())
        prob = {c: e / norm for c, e in expo.items()}
        w = [0.0] * len(stats)
        for c in drawn:
            for i in with_class[c]:
                w[i] += prob[c] / len(with_class[c])
        return w
    freq = {}
    for s in stats:
        for c in s:
            freq[c] = freq.get(c, 0) + 1
    if method == "repeat-factor":
        rep = {c: max(1.0, math.sqrt(thresh / (n / len(stats))))
               for c, n in freq.items()}
        return [max([rep[c] for c in s], default=1.0) for s in stats]
    if method == "inverse":
        k = len(freq)
        return [sum(1 / (k * freq[c]) for c in s) for s in stats]
    raise ValueError("unknown method " + method)


def main(argv):
    if len(argv) == 2 and argv[0] == "--hist":
        for v, n in sorted(png_hist(argv[1]).items()):
            print(v, n)
        return 0
    classes, ignore, paths = None, set(), []
    method, temp, min_px, thresh = None, 0.01, 3000, 0.001
    it = iter(argv)
    for a in it:
        if a == "--sampling":
            method = next(it)
        elif a == "--temperature":
            temp = float(next(it))
        elif a == "--min-pixels":
            min_px = int(next(it))
        elif a == "--repeat-threshold":
            thresh = float(next(it))
        elif a in ("-c", "--classes"):
            classes = int(next(it))
        elif a in ("-i", "--ignore"):
            ignore.update(int(v) for v in next(it).split(","))
        else:
            paths.append(a)
    files = [f for p in paths for f in walk(p, True)]
    hists = [png_hist(f) for f in files]
    if method is not None:
        w = sampling_weights(hists, ignore, method, temp, min_px, thresh)
        for f, x in zip(files, w):
            print(json.dumps({"path": os.fsdecode(f), "weight": x}))
        return 0
    if classes is None:
        classes = 1 + max(v for h in hists for v in h if v not in ignore)
    P, I, T = [0] * classes, [0] * classes, [0] * classes
    total = ignored = 0
    for h in hists:
        counted = sum(n for v, n in h.items() if v not in ignore)
        total += sum(h.values())
        ignored += sum(n for v, n in h.items() if v in ignore)
        for v, n in h.items():
            if v in ignore:
                continue
            if v >= classes:
                raise ValueError("label %d >= %d" % (v, classes))
            P[v] += n
            I[v] += 1
            T[v] += counted
    freq = [P[c] / T[c] if T[c] else 0.0 for c in range(classes)]
    med = median([freq[c] for c in range(classes) if P[c]])
    out = {
        "classes": classes,
        "images": len(hists),
        "pixels_total": total,
        "pixels_counted": total - ignored,
        "pixels_ignored": ignored,
        "pixels": P,
        "images_with_class": I,
        "image_pixels": T,
        "share": [p / sum(P) for p in P],
        "frequency": freq,
        "median_frequency": med,
        "weights": [med / freq[c] if P[c] else 0 for c in range(classes)],
        "absent": [c for c in range(classes)
                   if not P[c] and c not in ignore],
        "ignored": sorted(v for v in ignore if v < classes),
    }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
