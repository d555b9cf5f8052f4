#!/usr/bin/env python3
"""tests/tools/mkcounts.py: write N counts documents, the shards 1..N of
one list of M masks, with seeded, consistent counts, for measuring
`mfweights merge` at scale (doc/scale.md).

    python3 tests/tools/mkcounts.py DIR N M [CLASSES] [SEED]

Each document is what `mfweights --shard K/N -f counts` writes for a
list of M masks of 512 x 512 in CLASSES classes (default 19), nothing
ignored or skipped: the provenance agrees across the shards (one list
fingerprint, one options fingerprint) and every sum holds, so merge
reads and checks them all as it would real ones.  DIR/list.txt names
the documents in shard order.
"""
import os
import random
import sys

PX = 512 * 512


def doc(k, n, m, classes, rnd):
    files = m // n + (1 if k <= m % n else 0)
    P, I, T = [0] * classes, [0] * classes, [0] * classes
    if files > 0:
        # Class 0 in every image, the others in some, as sums: the
        # counts of files images whatever they were.
        for c in range(1, classes):
            I[c] = rnd.randint(1, files)
            P[c] = rnd.randint(I[c], I[c] * PX // (2 * classes))
            T[c] = I[c] * PX
        I[0], T[0] = files, files * PX
        P[0] = files * PX - sum(P)

    def arr(v):
        return "[" + ", ".join(str(x) for x in v) + "]"
    return (
        '{\n  "mfweights_counts": 2,\n  "tool_version": "0.1.0",\n'
        '  "shards": "%d/%d",\n  "list_fingerprint": "5ca1ab1e00c0ffee",\n'
        '  "list_files": %d,\n  "files": %d,\n'
        '  "options_fingerprint": "0123456789abcdef",\n'
        '  "classes": %d,\n  "classes_given": true,\n'
        '  "ignore_values": [],\n  "band": 0,\n  "nodata": true,\n'
        '  "decoder": "auto",\n  "map": null,\n  "colors": null,\n'
        '  "images": %d,\n  "skipped_files": 0,\n  "pixels_total": %d,\n'
        '  "pixels_ignored": 0,\n  "pixels_nodata": 0,\n'
        '  "pixels_out_of_range": 0,\n  "pixels": %s,\n'
        '  "images_with_class": %s,\n  "image_pixels": %s,\n'
        '  "skipped": []\n}\n' %
        (k, n, m, files, classes, files, files * PX, arr(P), arr(I), arr(T)))


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    out, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    classes = int(sys.argv[4]) if len(sys.argv) > 4 else 19
    rnd = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    os.makedirs(out, exist_ok=True)
    names = []
    for k in range(1, n + 1):
        name = os.path.join(out, "counts-%d-of-%d.json" % (k, n))
        with open(name, "w") as f:
            f.write(doc(k, n, m, classes, rnd))
        names.append(name)
    with open(os.path.join(out, "list.txt"), "w") as f:
        f.write("".join(x + "\n" for x in names))


if __name__ == "__main__":
    main()
