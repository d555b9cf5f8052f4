#!/usr/bin/python3
"""bench/gen.py: write the seeded data sets of `make bench`.

    gen.py CACHEDIR [SET...]

Each set is a directory CACHEDIR/NAME with a file NAME.done written last,
so an interrupted run is redone and a finished one is kept.  Every image
is a pure function of (set, index), so the sets are the same on every
machine.  The shapes aim at what real masks look like to a PNG or
DEFLATE encoder: smooth blob boundaries, long runs, a few classes.

    gray3     2,000 x 512x512 8-bit gray PNG, classes 0/1/2 near
              75/20/5 %, class 2 absent from ~10 % (Pillow, zlib level 6)
    street    1,000 x 480x360 8-bit gray PNG, 12 values, road scenes
    palette   500 x 500x375 8-bit palette PNG, 21 classes + 255 borders
    geotiff   200 x 2048x2048 8-bit GeoTIFF, 256x256 DEFLATE tiles
    gray16    200 x 1024x1024 16-bit gray PNG, 300 classes
    small     20,000 x 64x64 8-bit gray PNG made as gray3's: per-file
              costs (open, walk, start of a decode)
    mixed     one 20000x20000 8-bit GeoTIFF, 256x256 DEFLATE tiles, land
              cover of 8 classes (000-big.tif, sorted first), next to
              10,000 x 256x256 8-bit gray PNG made as gray3's
              (s00000.png...); not in `make bench`'s default sets

The mixed set also gets two copies (not links: mfweights tracks files
with several links) for bench.py: mixed-small, the PNGs alone, and
mixed-last, all of it with the big file named zzz-big.tif, sorted last.
"""
import multiprocessing
import os
import shutil
import sys

import numpy as np
from PIL import Image

SETS = {
    # name: (count, width, height)
    "gray3": (2000, 512, 512),
    "street": (1000, 480, 360),
    "palette": (500, 500, 375),
    "geotiff": (200, 2048, 2048),
    "gray16": (200, 1024, 1024),
    "small": (20000, 64, 64),
    "mixed": (10001, 256, 256),  # the PNGs; file 0 is BIG x BIG
}
SEEDS = {"gray3": 1, "street": 2, "palette": 3, "geotiff": 4, "gray16": 5,
         "mixed": 6, "small": 7}
BIG = 20000
BIGNAME = "000-big.tif"


def field(rng, w, h, cells):
    """Smooth noise in [0,1): random cells upsampled bicubically."""
    gw = max(2, cells)
    gh = max(2, cells * h // w)
    small = rng.random((gh, gw), dtype=np.float32)
    img = Image.fromarray(small, mode="F").resize((w, h), Image.BICUBIC)
    return np.asarray(img)


def above(f, share):
    """The pixels of f in its top `share` (quantile on a subsample)."""
    t = np.quantile(f[::4, ::4], 1.0 - share)
    return f > t


def gray3(rng, w, h):
    f1 = field(rng, w, h, 6) + 0.35 * field(rng, w, h, 24)
    f2 = field(rng, w, h, 10) + 0.25 * field(rng, w, h, 40)
    a = np.zeros((h, w), np.uint8)
    a[above(f1, rng.uniform(0.15, 0.27))] = 1
    if rng.random() >= 0.10:
        a[above(f2, rng.uniform(0.02, 0.08))] = 2
    return a


def street(rng, w, h):
    """Sky, skyline, road in perspective, sidewalks, poles, cars, people."""
    SKY, BUILD, WALL, FENCE, POLE, SIGN = 9, 2, 3, 4, 5, 6
    ROAD, WALK, VEG, TERRAIN, PERSON, CAR = 0, 1, 7, 8, 10, 11
    a = np.full((h, w), SKY, np.uint8)
    hz = int(h * rng.uniform(0.4, 0.55))
    x = 0
    while x < w:  # buildings of random width and height
        bw = int(rng.integers(20, 120))
        top = max(0, hz - int(rng.integers(30, hz)))
        a[top:hz, x:x + bw] = BUILD if rng.random() < 0.85 else WALL
        x += bw
    veg = above(field(rng, w, h, 8), 0.25)
    veg[hz:, :] = False
    veg[: hz // 3, :] = False
    a[veg] = VEG
    yy, xx = np.mgrid[hz:h, 0:w]
    t = (yy - hz + 1) / (h - hz)
    cx = w / 2 + rng.uniform(-0.15, 0.15) * w
    half = 8 + t * w * rng.uniform(0.4, 0.6)
    d = np.abs(xx - cx)
    ground = np.where(d < half, ROAD, np.where(d < half * 1.35, WALK,
                      TERRAIN)).astype(np.uint8)
    a[hz:, :] = ground
    if rng.random() < 0.5:
        a[hz - 12:hz, :] = FENCE
    for _ in range(int(rng.integers(1, 5))):  # poles and signs
        px = int(rng.integers(0, w - 6))
        pw = int(rng.integers(2, 6))
        top = int(rng.integers(h // 10, hz))
        a[top:hz + 20, px:px + pw] = POLE
        if rng.random() < 0.6:
            a[top:top + 12, max(0, px - 6):px + pw + 6] = SIGN
    for _ in range(int(rng.integers(0, 6))):  # cars
        cy = int(rng.integers(hz + 5, h - 10))
        s = (cy - hz) / (h - hz)
        cw, ch = int(30 + 140 * s), int(15 + 70 * s)
        x0 = int(cx + rng.uniform(-1, 1) * w * 0.3 * s - cw / 2)
        x0 = min(max(0, x0), w - 1)
        a[max(hz, cy - ch):cy, x0:x0 + cw] = CAR
    for _ in range(int(rng.integers(0, 8))):  # people
        py = int(rng.integers(hz + 5, h))
        s = (py - hz) / (h - hz)
        pw, ph = int(4 + 14 * s), int(12 + 60 * s)
        x0 = int(rng.integers(0, w - pw))
        a[max(0, py - ph):py, x0:x0 + pw] = PERSON
    return a


def voc_palette():
    """The usual PASCAL VOC colour map: bits of the index interleaved."""
    pal = []
    for i in range(256):
        r = g = b = 0
        c = i
        for j in range(8):
            r |= ((c >> 0) & 1) << (7 - j)
            g |= ((c >> 1) & 1) << (7 - j)
            b |= ((c >> 2) & 1) << (7 - j)
            c >>= 3
        pal += [r, g, b]
    return pal


def palette(rng, w, h):
    a = np.zeros((h, w), np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    for _ in range(int(rng.integers(1, 4))):
        cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        rx, ry = rng.uniform(0.1, 0.35) * w, rng.uniform(0.1, 0.4) * h
        e = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
        blob = (e + 0.6 * field(rng, w, h, 12)) < 1.0
        a[blob] = int(rng.integers(1, 21))
    # VOC's void band: 255 wherever a 5x5 neighbourhood holds two labels.
    edge = np.zeros((h, w), bool)
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            s = np.roll(np.roll(a, dy, 0), dx, 1)
            edge |= s != a
    a[edge] = 255
    return a


def geotiff_labels(rng, w, h):
    """Land cover: the largest of 8 smooth fields, at half resolution."""
    k, hw, hh = 8, w // 2, h // 2
    f = np.stack([field(rng, hw, hh, 6) + 0.3 * field(rng, hw, hh, 30)
                  for _ in range(k)])
    lab = np.argmax(f, axis=0).astype(np.uint8)
    return lab.repeat(2, axis=0).repeat(2, axis=1)


def gray16(rng, w, h):
    """300 classes: Voronoi cells of 120 seeds at quarter resolution."""
    qw, qh, n = w // 4, h // 4, 120
    sx = rng.uniform(0, qw, n).astype(np.float32)
    sy = rng.uniform(0, qh, n).astype(np.float32)
    labels = rng.integers(0, 300, n).astype(np.uint16)
    yy, xx = np.mgrid[0:qh, 0:qw].astype(np.float32)
    best = np.full((qh, qw), np.inf, np.float32)
    lab = np.zeros((qh, qw), np.uint16)
    for i in range(n):
        d = (xx - sx[i]) ** 2 + (yy - sy[i]) ** 2
        m = d < best
        best[m] = d[m]
        lab[m] = labels[i]
    return lab.repeat(4, axis=0).repeat(4, axis=1)


def big_grid(rng, n):
    """Land cover at a quarter of the resolution: n x n, 8 classes.

    The largest of 8 smooth fields, kept as a running argmax so that
    only two n x n float32 arrays live at a time."""
    best = None
    lab = np.zeros((n, n), np.uint8)
    for c in range(8):
        f = field(rng, n, n, 60) + 0.3 * field(rng, n, n, 300)
        if best is None:
            best = f
        else:
            m = f > best
            best = np.where(m, f, best)
            lab[m] = c
    return lab


def big_features(rng, size):
    """Full-resolution detail drawn over the land cover: buildings
    (small blocks) and roads (long thin strips), as (y0, y1, x0, x1, v)
    rows sorted by y0."""
    nb, nr = 80000, 600
    y = rng.integers(0, size, nb)
    x = rng.integers(0, size, nb)
    h = rng.integers(6, 40, nb)
    w = rng.integers(6, 40, nb)
    b = np.stack([y, y + h, x, x + w, np.full(nb, 6)], 1)
    y = rng.integers(0, size, nr)
    x = rng.integers(0, size, nr)
    ln = rng.integers(500, 6000, nr)
    wd = rng.integers(2, 6, nr)
    horiz = rng.random(nr) < 0.5
    r = np.stack([y, y + np.where(horiz, wd, ln), x,
                  x + np.where(horiz, ln, wd), np.full(nr, 7)], 1)
    f = np.concatenate([b, r]).clip(0, size)
    return f[np.argsort(f[:, 0], kind="stable")]


def write_big(rng, path):
    """The 20000x20000 GeoTIFF, written one row of tiles at a time so
    that generation stays within a few hundred MB."""
    from osgeo import gdal, osr
    gdal.UseExceptions()
    gdal.SetCacheMax(64 << 20)
    q, band = 4, 256
    grid = big_grid(rng, BIG // q)
    feat = big_features(rng, BIG)
    ds = gdal.GetDriverByName("GTiff").Create(
        path, BIG, BIG, 1, gdal.GDT_Byte,
        ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256",
         "COMPRESS=DEFLATE"])
    ds.SetGeoTransform([300000, 10, 0, 5800000, 0, -10])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    ds.SetProjection(srs.ExportToWkt())
    out = ds.GetRasterBand(1)
    k = 0
    live = []
    for y0 in range(0, BIG, band):
        y1 = min(BIG, y0 + band)
        a = grid[y0 // q:(y1 + q - 1) // q].repeat(q, 0).repeat(q, 1)
        a = a[:y1 - y0]
        while k < len(feat) and feat[k, 0] < y1:
            live.append(feat[k])
            k += 1
        live = [f for f in live if f[1] > y0]
        for fy0, fy1, fx0, fx1, v in live:
            a[max(fy0, y0) - y0:min(fy1, y1) - y0, fx0:fx1] = v
        out.WriteArray(a, 0, y0)
    ds = None


def write_one(args):
    name, i, path = args
    count, w, h = SETS[name]
    rng = np.random.default_rng([SEEDS[name], i])
    if name == "mixed" and i == 0:
        write_big(rng, path)
    elif name in ("gray3", "mixed", "small"):
        Image.fromarray(gray3(rng, w, h), "L").save(path, compress_level=6)
    elif name == "street":
        Image.fromarray(street(rng, w, h), "L").save(path, compress_level=6)
    elif name == "palette":
        im = Image.fromarray(palette(rng, w, h), "P")
        im.putpalette(voc_palette())
        im.save(path, compress_level=6)
    elif name == "gray16":
        Image.fromarray(gray16(rng, w, h)).save(path, compress_level=6)
    elif name == "geotiff":
        from osgeo import gdal, osr
        gdal.UseExceptions()
        a = geotiff_labels(rng, w, h)
        ds = gdal.GetDriverByName("GTiff").Create(
            path, w, h, 1, gdal.GDT_Byte,
            ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256",
             "COMPRESS=DEFLATE"])
        ds.SetGeoTransform([500000 + 20480 * i, 10, 0, 5600000, 0, -10])
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(32633)
        ds.SetProjection(srs.ExportToWkt())
        ds.GetRasterBand(1).WriteArray(a)
        ds = None


def mixed_views(cache, d):
    """mixed-small (the PNGs alone) and mixed-last (the big file sorted
    last), as copies."""
    for view in ("mixed-small", "mixed-last"):
        v = os.path.join(cache, view)
        shutil.rmtree(v, ignore_errors=True)
        os.makedirs(v)
        for f in sorted(os.listdir(d)):
            if f == BIGNAME:
                if view == "mixed-last":
                    shutil.copyfile(os.path.join(d, f),
                                    os.path.join(v, "zzz-big.tif"))
                continue
            shutil.copyfile(os.path.join(d, f), os.path.join(v, f))


def main():
    cache = sys.argv[1]
    names = sys.argv[2:] or list(SETS)
    for name in names:
        d = os.path.join(cache, name)
        done = d + ".done"
        if os.path.exists(done):
            continue
        os.makedirs(d, exist_ok=True)
        count = SETS[name][0]
        ext = ".tif" if name == "geotiff" else ".png"
        jobs = [(name, i, os.path.join(d, "%05d%s" % (i, ext)))
                for i in range(count)]
        if name == "mixed":  # the big file first: one worker takes it
            jobs = [(name, i, os.path.join(d, "s%05d.png" % (i - 1)))
                    for i in range(count)]
            jobs[0] = (name, 0, os.path.join(d, BIGNAME))
        print("bench: generating %s (%d files) in %s" % (name, count, d),
              file=sys.stderr, flush=True)
        with multiprocessing.Pool(2) as pool:
            for _ in pool.imap_unordered(write_one, jobs, chunksize=8):
                pass
        if name == "mixed":
            mixed_views(cache, d)
        with open(done, "w") as f:
            f.write("%d\n" % count)


if __name__ == "__main__":
    main()
