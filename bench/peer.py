#!/usr/bin/python3
"""bench/peer.py: the way users count mask pixels today, for `make bench`.

    peer.py pil|cv2|gdal NPROC DIR

Decodes every file of DIR with the named library, adds numpy.bincount of
each image into one histogram and the per-image presence of each value,
as the usual class-weight script does, and prints one JSON line
{"pixels_total": N, "hist": {value: count}, "images_with": {...}} so that
bench.py can check the counts against mfweights'.  NPROC > 1 uses a
multiprocessing.Pool; files are sent in chunks of 16.
"""
import json
import multiprocessing
import os
import sys

import numpy as np

MODE = None


def load(path):
    if MODE == "pil":
        from PIL import Image
        with Image.open(path) as im:
            return np.asarray(im)
    if MODE == "cv2":
        import cv2
        a = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        if a is None:
            raise RuntimeError("cv2.imread failed: " + path)
        return a
    from osgeo import gdal
    gdal.UseExceptions()
    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray()


def count(path):
    a = load(path)
    if a.ndim != 2:
        # A colour-converted image: not the labels.  Count channel 0 so
        # that the mismatch shows in bench.py's check.
        a = a[..., 0]
    h = np.bincount(a.ravel())
    return h


def init(mode):
    global MODE
    MODE = mode


def main():
    mode, nproc, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    init(mode)
    files = sorted(os.path.join(d, f) for f in os.listdir(d))
    total = np.zeros(65536, np.int64)
    present = np.zeros(65536, np.int64)

    def add(h):
        total[:len(h)] += h
        present[:len(h)] += h > 0

    if nproc > 1:
        with multiprocessing.Pool(nproc, init, (mode,)) as pool:
            for h in pool.imap_unordered(count, files, chunksize=16):
                add(h)
    else:
        for f in files:
            add(count(f))
    nz = np.nonzero(total)[0]
    print(json.dumps({
        "pixels_total": int(total.sum()),
        "hist": {str(int(v)): int(total[v]) for v in nz},
        "images_with": {str(int(v)): int(present[v]) for v in nz},
    }))


if __name__ == "__main__":
    main()
