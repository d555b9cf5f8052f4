#!/usr/bin/python3
"""bench/bench.py: mfweights against the tools users run today.

    bench.py [--build DIR] [--cache DIR] [--reps N] [--sets a,b] [--md FILE]
             [--no-peers] [--no-cold | --cold-only]

For each data set of gen.py, runs in rounds (every command once per
round, so that all commands see the same machine load) and reports the
median wall time, the throughput in Mpx/s, and ratios measured in the
same run: against the fastest peer whose counts are right, and against
the decode-only floors of bench-floor (floor.c).  Every peer's histogram
is checked against mfweights' counts; a peer that gets other counts (for
example OpenCV, which expands palette PNGs to BGR) is flagged and left
out of the "fastest peer".  Peak RSS comes from /usr/bin/time -f %M.
A missing peer is reported as missing, never silently dropped.

On sets of TIFFs the decode-and-count floors include libtiff's own
decode plus a tuned count (bench-floor tiffcount): the floor a TIFF
reader built on libtiff can reach.

Cold page cache (run as root; skipped, with a word, otherwise): per
set, rounds of mfweights -j2 and `cat` of the same files, each after
dropping the page cache (sync; echo 3 > /proc/sys/vm/drop_caches), and
mfweights -j2 warm; the ratio cold mfweights / the larger of cold cat
and warm mfweights says how much of reading and decoding overlap (1.0:
fully).  Dropping the cache slows every other process on the machine
for a moment.

On sets of TIFFs (geotiff, and the big file of mixed) a second table
sets libtiff's own decode (TIFFReadEncodedTile, bench-floor tiffdec)
against a raw tile read + libdeflate (bench-floor inflate): whether a
libdeflate path of mfweights' own for TIFF would pay.

The mixed set (not in the default --sets) is one 20000x20000 GeoTIFF
next to 10,000 small PNGs, for scheduling: mfweights
-j1 and -j2 on all of it (the big file sorted first, and a copy with it
sorted last), on the big file alone and on the small files alone, with
the -j2 speed-up and -j2's wall time over the ideal (-j1's / 2).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
PEERS = [
    # (label, module to import, peer.py mode, processes)
    ("Pillow + numpy, 1 process", "PIL", "pil", 1),
    ("Pillow + numpy, Pool(2)", "PIL", "pil", 2),
    ("OpenCV + numpy, Pool(2)", "cv2", "cv2", 2),
    ("GDAL Python + numpy, Pool(2)", "osgeo.gdal", "gdal", 2),
]
# Per set: mfweights options beyond -q -f counts.
MFW_ARGS = {"palette": ["--ignore", "255"]}
DEFAULT_SETS = "gray3,street,palette,geotiff,gray16,small"
# bench-floor -s: tiles or strips per part when threads share one TIFF.
SPLIT = 64


def have_module(mod):
    r = subprocess.run([PY, "-c", "import numpy, " + mod],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


def timed(cmd, shell=False):
    """Run cmd; return (seconds, stdout, peak RSS in KiB or None)."""
    t0 = time.perf_counter()
    r = subprocess.run(cmd, shell=shell, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:  # the last line of stderr: it fits a table
        raise RuntimeError("%s: exit %d: %s" % (
            cmd if shell else " ".join(cmd), r.returncode,
            (r.stderr.strip().splitlines() or [""])[-1][-300:]))
    return dt, r.stdout, None


def mfw_cmd(build, name, d, j, rssfile):
    return ["/usr/bin/time", "-f", "%M", "-o", rssfile,
            os.path.join(build, "mfweights"), "-q", "-f", "counts",
            "-j", str(j)] + MFW_ARGS.get(name, []) + [d]


def check_peer(out, counts):
    """The peer's histogram equals mfweights' counts: '' or a reason."""
    p = json.loads(out)
    hist = {int(k): v for k, v in p["hist"].items()}
    if p["pixels_total"] != counts["pixels_total"]:
        return "pixels_total %d, mfweights %d" % (
            p["pixels_total"], counts["pixels_total"])
    for v, n in enumerate(counts["pixels"]):
        if hist.get(v, 0) != n:
            return "class %d: %d pixels, mfweights %d" % (
                v, hist.get(v, 0), n)
    ign = sum(hist.get(v, 0) for v in counts["ignore_values"])
    if ign != counts["pixels_ignored"]:
        return "ignored %d, mfweights %d" % (ign, counts["pixels_ignored"])
    return ""


def warm(d):
    """Read every file of d once, so that no command pays the disk."""
    subprocess.run("find %s -type f -print0 | xargs -0 cat >/dev/null" % d,
                   shell=True, check=True)


def run_rounds(a, cmds, d, counts, rss):
    """Run every command once per round, a.reps rounds.  Returns the
    median seconds by label, the reason by label of those that failed or
    got wrong counts, and by label the peak RSS (KiB) of each mfweights
    run."""
    times = {c[0]: [] for c in cmds}
    bad = {}
    rsskb = {}
    warm(d)
    for rnd in range(a.reps):
        for label, cmd, kind in cmds:
            if label in bad:
                continue
            try:
                dt, out, _ = timed(cmd, shell=isinstance(cmd, str))
            except RuntimeError as e:
                bad[label] = "failed: " + str(e)
                continue
            times[label].append(dt)
            if kind.startswith("mfw"):
                with open(rss) as f:
                    rsskb.setdefault(label, []).append(
                        int(f.read().split()[-1]))
            if kind == "peer" and rnd == 0:
                why = check_peer(out, counts)
                if why:
                    bad[label] = "wrong counts: " + why
    med = {k: statistics.median(v) for k, v in times.items() if v}
    return med, bad, rsskb


def tiff_cmds(floor, path, split, inflate):
    """Point 3: libtiff's decode (and, with inflate, raw read + libdeflate)
    of every tile, 1 and 2 threads; with split, the 2 threads share each
    TIFF in parts of SPLIT tiles."""
    s2 = ["-s", str(SPLIT)] if split else []
    how = ", parts of %d tiles" % SPLIT if split else ""
    cmds = [
        ("floor: libtiff decode (TIFFReadEncodedTile), 2 threads" + how,
         [floor, "-j2"] + s2 + ["tiffdec", path], "tdec2"),
        ("floor: libtiff decode (TIFFReadEncodedTile), 1 thread",
         [floor, "-j1", "tiffdec", path], "tdec1"),
    ]
    if inflate:
        cmds += [
            ("floor: raw read + libdeflate inflate, 2 threads" + how,
             [floor, "-j2"] + s2 + ["inflate", path], "tinf2"),
            ("floor: raw read + libdeflate inflate, 1 thread",
             [floor, "-j1", "inflate", path], "tinf1"),
        ]
    return cmds


def tiff_table(cmds, med, bad, mpx, what, inf):
    """The point-3 table: libtiff's decode against raw read + libdeflate
    (the commands of kinds tdec1, tdec2 and inf + 1, inf + 2)."""
    lab = {kind: label for label, cmd, kind in cmds}
    out = ["\n%s: libtiff's decode against raw read + libdeflate, every "
           "tile of band 1, no counting\n" % what,
           "| decode | 1 thread s | Mpx/s | 2 threads s | Mpx/s |",
           "|---|---:|---:|---:|---:|"]
    for name, k in (("libtiff: TIFFReadEncodedTile (its read, its "
                     "DEFLATE codec)", "tdec"),
                    ("TIFFReadRawTile + libdeflate_zlib_decompress", inf)):
        row = "| %s |" % name
        for j in "12":
            t = med.get(lab[k + j])
            row += (" %.3f | %.0f |" % (t, mpx / t) if t else
                    " - | %s |" % bad.get(lab[k + j], "no data"))
        out.append(row)
    row = "| **ratio: libtiff time / libdeflate time** (above 1: a " \
          "libdeflate path would pay) |"
    for j in "12":
        t, u = med.get(lab["tdec" + j]), med.get(lab[inf + j])
        row += " **%.2fx** | |" % (t / u) if t and u else " - | |"
    out.append(row)
    return out


def bench_set(a, name, d, peers, md):
    build = a.build
    floor = os.path.join(build, "bench-floor")
    rss = os.path.join(a.cache, "rss.txt")
    counts = json.loads(subprocess.run(
        mfw_cmd(build, name, d, 2, rss), stdout=subprocess.PIPE,
        check=True, text=True).stdout)
    mpx = counts["pixels_total"] / 1e6
    nfiles = counts["images"]
    cmds = [
        ("mfweights -j2", mfw_cmd(build, name, d, 2, rss), "mfw2"),
        ("mfweights -j1", mfw_cmd(build, name, d, 1, rss), "mfw1"),
        ("floor: cat (files to /dev/null)",
         "find %s -type f -print0 | xargs -0 cat >/dev/null" % d, "cat"),
        ("floor: read + inflate (libdeflate), 2 threads",
         [floor, "-j2", "inflate", d], "inf2"),
        ("floor: read + inflate (libdeflate), 1 thread",
         [floor, "-j1", "inflate", d], "inf1"),
        ("floor: textbook decode + count, 2 threads",
         [floor, "-j2", "count", d], "cnt2"),
        ("floor: tuned decode + count, 2 threads",
         [floor, "-j2", "fastcount", d], "cnt2"),
    ]
    has_tiff = any(f.endswith((".tif", ".tiff")) for f in os.listdir(d))
    if has_tiff:  # next to the inflate floor: the same load, round by round
        k = 1 + [c[2] for c in cmds].index("inf1")
        cmds[k:k] = tiff_cmds(floor, d, False, False) + [
            ("floor: libtiff decode + tuned count, 2 threads",
             [floor, "-j2", "tiffcount", d], "cnt2")]
    for label, mod, mode, n in peers:
        cmds.append((label, [PY, os.path.join(HERE, "peer.py"), mode,
                             str(n), d], "peer"))
    med, bad, rsskb = run_rounds(a, cmds, d, counts, rss)
    rsskb = rsskb.get("mfweights -j2", [])
    good_peers = [p[0] for p in peers if p[0] in med and p[0] not in bad]
    fastest = min(good_peers, key=lambda k: med[k]) if good_peers else None
    floor2 = med.get("floor: read + inflate (libdeflate), 2 threads")
    out = []
    out.append("### %s: %d files, %.0f Mpx\n" % (name, nfiles, mpx))
    out.append("| what | median s | Mpx/s | vs fastest peer | "
               "vs inflate floor (2 thr) |")
    out.append("|---|---:|---:|---:|---:|")
    for label, cmd, kind in cmds:
        if label not in med:
            out.append("| %s | - | - | - | %s |" % (label, bad.get(
                label, "no data")))
            continue
        t = med[label]
        vp = "%.2fx" % (med[fastest] / t) if fastest else "-"
        vf = "%.2fx" % (floor2 / t) if floor2 else "-"
        note = " (%s)" % bad[label] if label in bad else ""
        out.append("| %s%s | %.3f | %.0f | %s | %s |" % (
            label, note, t, mpx / t, vp, vf))
    for label, mod, mode, n in PEERS:
        if (label, mod, mode, n) not in peers:
            why = ("not run (--no-peers)" if a.no_peers else
                   "missing: python3 module " + mod)
            out.append("| %s | - | - | - | %s |" % (label, why))
    if rsskb:
        out.append("\nmfweights -j2 peak RSS: %.1f MiB (max of %d runs)" %
                   (max(rsskb) / 1024, len(rsskb)))
    m2 = med.get("mfweights -j2")
    if m2:
        targ = []
        dc = [med[c[0]] for c in cmds if c[2] == "cnt2" and c[0] in med
              and c[0] not in bad]
        if dc:
            targ.append("vs best decode-and-count floor %.2fx (target "
                        "0.95x)" % (min(dc) / m2))
        if floor2:
            targ.append("vs inflate-only floor %.2fx" % (floor2 / m2))
        if fastest:
            targ.append("vs fastest peer %.1fx (target 6x)" % (
                med[fastest] / m2))
        if "mfweights -j1" in med:
            targ.append("-j2 speed-up %.2fx" % (med["mfweights -j1"] / m2))
        if nfiles >= 10000:  # per-file costs: files/s
            targ.append("files/s: -j2 %.0f, -j1 %s, cat %s" % (
                nfiles / m2, "%.0f" % (nfiles / med["mfweights -j1"])
                if "mfweights -j1" in med else "-",
                "%.0f" % (nfiles / med[cmds[2][0]])
                if cmds[2][0] in med else "-"))
        if rsskb:
            targ.append("RSS %.1f MiB (target < 32)" % (max(rsskb) / 1024))
        out.append("targets: " + "; ".join(targ))
    if has_tiff:
        out += tiff_table(cmds, med, bad, mpx, "%s, %d TIFFs" % (
            name, nfiles), "inf")
    text = "\n".join(out) + "\n"
    print(text, flush=True)
    md.write(text + "\n")
    md.flush()
    return m2


def drop_caches():
    """Write back and drop the page cache (and dentries, inodes): root."""
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")


def cold_sets(a, sets, md):
    """Cold page cache: mfweights -j2 and cat, each after a drop, and
    mfweights -j2 warm, a.reps rounds; one row per set."""
    if os.geteuid() != 0:
        text = ("cold page cache: skipped, dropping the page cache needs "
                "root (run `make bench` as root)")
        print(text, flush=True)
        md.write(text + "\n\n")
        return
    try:
        drop_caches()
    except OSError as e:
        text = "cold page cache: skipped, cannot drop the cache: %s" % e
        print(text, flush=True)
        md.write(text + "\n\n")
        return
    out = ["### cold page cache (dropped before each cold run; %d rounds, "
           "medians)\n" % a.reps,
           "| set | files | cold mfweights -j2 s | cold cat s | warm "
           "mfweights -j2 s | cold / max(cat, warm) (target 1.15x) |",
           "|---|---:|---:|---:|---:|---:|"]
    rss = os.path.join(a.cache, "rss.txt")
    for name in sets:
        if name == "mixed":
            continue
        d = os.path.join(a.cache, name)
        mfw = mfw_cmd(a.build, name, d, 2, rss)
        cat = "find %s -type f -print0 | xargs -0 cat >/dev/null" % d
        t = {"cold": [], "cat": [], "warm": []}
        for _ in range(a.reps):
            drop_caches()
            t["cold"].append(timed(mfw)[0])
            drop_caches()
            t["cat"].append(timed(cat, shell=True)[0])
            warm(d)
            t["warm"].append(timed(mfw)[0])
        m = {k: statistics.median(v) for k, v in t.items()}
        out.append("| %s | %d | %.3f | %.3f | %.3f | **%.2fx** |" % (
            name, len(os.listdir(d)), m["cold"], m["cat"], m["warm"],
            m["cold"] / max(m["cat"], m["warm"])))
    text = "\n".join(out) + "\n"
    print(text, flush=True)
    md.write(text + "\n")
    md.flush()


def counts_of(build, path, rss):
    return json.loads(subprocess.run(
        mfw_cmd(build, "mixed", path, 2, rss), stdout=subprocess.PIPE,
        check=True, text=True).stdout)


def bench_mixed(a, peers, md):
    """Point 5: one 20000x20000 GeoTIFF among 10,000 small PNGs."""
    build = a.build
    floor = os.path.join(build, "bench-floor")
    rss = os.path.join(a.cache, "rss.txt")
    d = os.path.join(a.cache, "mixed")
    last = os.path.join(a.cache, "mixed-last")
    small = os.path.join(a.cache, "mixed-small")
    big = os.path.join(d, "000-big.tif")
    c = {k: counts_of(build, p, rss) for k, p in
         (("all", d), ("last", last), ("big", big), ("small", small))}
    n = len(c["all"]["pixels"])
    sums = [sum(c[k]["pixels"][i] if i < len(c[k]["pixels"]) else 0
                for k in ("big", "small")) for i in range(n)]
    check = []
    if c["all"]["pixels"] != sums:
        check.append("mfweights -j2 counts differ: all %s, big + small %s"
                     % (c["all"]["pixels"], sums))
    if c["last"]["pixels"] != c["all"]["pixels"]:
        check.append("mfweights -j2 counts differ with the big file last")
    if json.loads(subprocess.run(
            mfw_cmd(build, "mixed", big, 1, rss), stdout=subprocess.PIPE,
            check=True, text=True).stdout)["pixels"] != c["big"]["pixels"]:
        check.append("big file: -j1 and -j2 counts differ")
    mpx = {k: v["pixels_total"] / 1e6 for k, v in c.items()}
    mpx["last"] = mpx["all"]
    nfiles = {k: v["images"] for k, v in c.items()}
    s2 = ["-s", str(SPLIT)]
    cmds = []
    what = {}  # label: which files (key of mpx)
    for k, p, name in (("all", d, "all, big file sorted first"),
                       ("last", last, "all, big file sorted last"),
                       ("big", big, "big file alone"),
                       ("small", small, "small files alone")):
        for j in (2, 1):  # side by side: the same load for the pair
            label = "mfweights -j%d, %s" % (j, name)
            cmds.append((label, mfw_cmd(build, "mixed", p, j, rss),
                         "mfw%d%s" % (j, k)))
            what[label] = k
    cmds += [
        ("floor: cat (files to /dev/null)",
         "find %s -type f -print0 | xargs -0 cat >/dev/null" % d, "cat"),
        ("floor: read + inflate (libdeflate), 2 threads, parts of %d "
         "tiles" % SPLIT, [floor, "-j2"] + s2 + ["inflate", d], "inf2"),
        ("floor: read + inflate (libdeflate), 1 thread",
         [floor, "-j1", "inflate", d], "inf1"),
        ("floor: textbook decode + count, 2 threads, parts of %d tiles"
         % SPLIT, [floor, "-j2"] + s2 + ["count", d], "cnt2"),
    ]
    for label, cmd, kind in cmds:
        what.setdefault(label, "all")
    tc = [(("big file: " + label[len("floor: "):]), cmd, kind)
          for label, cmd, kind in tiff_cmds(floor, big, True, True)]
    for label, cmd, kind in tc:
        what[label] = "big"
    cmds += tc
    for label, mod, mode, n in peers:
        cmds.append((label, [PY, os.path.join(HERE, "peer.py"), mode,
                             str(n), d], "peer"))
        what[label] = "all"
    warm(last)
    warm(small)
    med, bad, rsskb = run_rounds(a, cmds, d, c["all"], rss)
    good_peers = [p[0] for p in peers if p[0] in med and p[0] not in bad]
    fastest = min(good_peers, key=lambda k: med[k]) if good_peers else None

    out = ["### mixed: %d files (one %.0f Mpx GeoTIFF, %d PNGs), %.0f Mpx\n"
           % (nfiles["all"], mpx["big"], nfiles["small"], mpx["all"])]
    out.append("| what | Mpx | median s | Mpx/s | peak RSS |")
    out.append("|---|---:|---:|---:|---:|")
    for label, cmd, kind in cmds:
        m = mpx[what[label]]
        r = ("%.1f MiB" % (max(rsskb[label]) / 1024) if label in rsskb
             else "")
        if label not in med:
            out.append("| %s | %.0f | - | - | %s |" % (
                label, m, bad.get(label, "no data")))
            continue
        note = " (%s)" % bad[label] if label in bad else ""
        out.append("| %s%s | %.0f | %.3f | %.0f | %s |" % (
            label, note, m, med[label], m / med[label], r))
    for label, mod, mode, n in PEERS:
        if (label, mod, mode, n) not in peers:
            why = ("not run (--no-peers)" if a.no_peers else
                   "missing: python3 module " + mod)
            out.append("| %s | %.0f | - | - | %s |" % (label, mpx["all"],
                                                      why))

    out.append("\nscheduling: ideal -j2 = -j1 time / 2\n")
    out.append("| files | -j1 s | -j2 s | -j2 Mpx/s | -j2 speed-up | "
               "-j2 time / ideal |")
    out.append("|---|---:|---:|---:|---:|---:|")
    summary = {}
    for k, name in (("all", "all, big file sorted first"),
                    ("last", "all, big file sorted last"),
                    ("big", "big file alone"),
                    ("small", "small files alone")):
        t1 = med.get("mfweights -j1, " + name)
        t2 = med.get("mfweights -j2, " + name)
        if not (t1 and t2):
            out.append("| %s | - | - | - | - | - |" % name)
            continue
        summary[k] = (t1, t2)
        out.append("| %s | %.3f | %.3f | %.0f | %.2fx | %.2fx |" % (
            name, t1, t2, mpx[k] / t2, t1 / t2, t2 / (t1 / 2)))
    if "big" in summary and "small" in summary:
        t1 = summary["big"][0] + summary["small"][0]
        out.append("\nbig file alone takes %.0f %% of the -j1 time of big "
                   "+ small (%.3f s): the share one unsplit file can hold "
                   "a core while the other idles." % (
                       100 * summary["big"][0] / t1, t1))
    if fastest and "mfweights -j2, all, big file sorted first" in med:
        out.append("\nmfweights -j2 against the fastest correct peer (%s):"
                   " %.1fx" % (fastest, med[fastest] / med[
                       "mfweights -j2, all, big file sorted first"]))
    for x in check:
        out.append("\n**CHECK FAILED**: " + x)
    out += tiff_table(cmds, med, bad, mpx["big"],
                      "mixed, the 20000x20000 GeoTIFF alone", "tinf")
    text = "\n".join(out) + "\n"
    print(text, flush=True)
    md.write(text + "\n")
    md.flush()


def rss_growth(a, md):
    """Peak RSS on gray3 and on ten copies of it (20,000 files)."""
    src = os.path.join(a.cache, "gray3")
    big = os.path.join(a.cache, "gray3x10")
    if not os.path.exists(big + ".done"):
        shutil.rmtree(big, ignore_errors=True)
        for k in range(10):
            shutil.copytree(src, os.path.join(big, "c%d" % k))
        open(big + ".done", "w").close()
    rss = os.path.join(a.cache, "rss.txt")
    res = []
    for d in (src, big):
        timed(mfw_cmd(a.build, "gray3", d, 2, rss))
        with open(rss) as f:
            res.append(int(f.read().split()[-1]) / 1024)
    text = ("peak RSS, mfweights -j2: gray3 (2,000 files) %.1f MiB, ten "
            "copies (20,000 files) %.1f MiB: %+.0f %% (target within 10 %%)"
            % (res[0], res[1], (res[1] / res[0] - 1) * 100))
    print(text, flush=True)
    md.write(text + "\n\n")


def archives(a, md):
    """Issue 16: 367 street masks (CamVid's train split: 480x360 PNGs)
    as a directory, a zip and a tar, -j2, medians of interleaved runs."""
    import tarfile
    import zipfile
    src = os.path.join(a.cache, "street")
    base = os.path.join(a.cache, "arc367")
    tree = os.path.join(base, "train")
    if not os.path.exists(base + ".done"):
        shutil.rmtree(base, ignore_errors=True)
        os.makedirs(tree)
        for n in sorted(os.listdir(src))[:367]:
            shutil.copy(os.path.join(src, n), tree)
        with zipfile.ZipFile(base + "/train.zip", "w",
                             zipfile.ZIP_DEFLATED) as z:
            for n in sorted(os.listdir(tree)):
                z.write(os.path.join(tree, n), "train/" + n)
        with tarfile.open(base + "/train.tar", "w") as t:
            t.add(tree, "train")
        open(base + ".done", "w").close()
    warm(base)
    rss = os.path.join(a.cache, "rss.txt")
    runs = {"tree": tree, "zip": base + "/train.zip",
            "tar": base + "/train.tar"}
    ts = {k: [] for k in runs}
    kb = {k: 0 for k in runs}
    outs = {}
    for _ in range(max(a.reps, 5)):
        for k, path in runs.items():
            dt, outs[k], _ = timed(mfw_cmd(a.build, "street", path, 2, rss))
            ts[k].append(dt)
            with open(rss) as f:
                kb[k] = max(kb[k], int(f.read().split()[-1]))
    med = {k: statistics.median(v) for k, v in ts.items()}
    # The list fingerprint hashes the paths, which differ (train/x.png,
    # train.zip/train/x.png): every other field must be equal.
    docs = [json.loads(outs[k]) for k in ("tree", "zip", "tar")]
    for d in docs:
        d.pop("list_fingerprint", None)
    same = docs[0] == docs[1] == docs[2]
    text = ("archives, 367 480x360 PNGs, mfweights -j2: tree %.3f s, zip "
            "%.3f s (%.2fx the tree's speed), tar %.3f s (%.2fx); peak RSS "
            "%.1f / %.1f / %.1f MiB; counts %s (target at least 0.8x)" %
            (med["tree"], med["zip"], med["tree"] / med["zip"], med["tar"],
             med["tree"] / med["tar"], kb["tree"] / 1024, kb["zip"] / 1024,
             kb["tar"] / 1024, "equal" if same else "DIFFER"))
    print(text, flush=True)
    md.write(text + "\n\n")


def s3(a, md):
    """Issue 19: 2,000 small masks on a local S3 server (moto, by
    tests/tools/s3local.sh) behind a proxy adding 20 ms per request
    (tests/tools/s3proxy.py); --requests 1 against the default 32, and
    against the model files x delay / requests + the local decode."""
    tools = os.path.join(HERE, "..", "tests", "tools")
    d = os.path.join(a.cache, "s3small")
    if not os.path.exists(d + ".done"):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for i in range(2000):
            subprocess.run([os.path.join(a.build, "mkpng"),
                            os.path.join(d, "m%04d.png" % i), "-w", "64",
                            "-h", "64", "--classes", "8", "--seed",
                            str(i)], check=True)
        open(d + ".done", "w").close()
    run = os.path.join(a.cache, "s3run")
    shutil.rmtree(run, ignore_errors=True)
    os.makedirs(run)
    r = subprocess.run(["sh", os.path.join(tools, "s3local.sh"), "start",
                        run])
    if r.returncode != 0:
        text = "s3: skipped (no local S3 server, see tests/tools/s3local.sh)"
        print(text, flush=True)
        md.write(text + "\n\n")
        return
    proxy = None
    try:
        up = "http://127.0.0.1:" + open(run + "/s3.port").read().strip()
        subprocess.run(["python3", os.path.join(tools, "s3put.py"), up,
                        "bench", d,
                        "small/"], check=True)
        pf = os.path.join(run, "pport")
        proxy = subprocess.Popen(["python3", os.path.join(
            tools, "s3proxy.py"), pf, up, "20"])
        while not os.path.exists(pf):
            time.sleep(0.1)
        env = dict(os.environ, AWS_S3_ENDPOINT="127.0.0.1:" +
                   open(pf).read().strip(), AWS_HTTPS="NO",
                   AWS_VIRTUAL_HOSTING="FALSE", AWS_ACCESS_KEY_ID="test",
                   AWS_SECRET_ACCESS_KEY="test", AWS_REGION="us-east-1")
        mfw = os.path.join(a.build, "mfweights")

        rss = os.path.join(run, "rss.txt")

        def t(args):
            t0 = time.perf_counter()
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss, mfw,
                            "-q", "-j2", "-f", "counts"] + args,
                           env=env, check="none" not in args,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return time.perf_counter() - t0
        t(["s3://bench/small"])  # the proxy's cache
        lst = t(["--include", "none", "s3://bench/small"])
        loc = t([d])
        one = t(["--requests", "1", "s3://bench/small"])
        many = t(["s3://bench/small"])
        with open(rss) as f:
            kb = int(f.read().split()[-1])
        model = 2000 * 0.020 / 32 + loc + lst
        text = ("s3, 2,000 64x64 PNGs, 20 ms a request, -j2: --requests 1 "
                "%.2f s, 32 %.2f s: %.1fx (target at least 20x); model "
                "(files x delay / 32 + local %.2f s + listing %.2f s) "
                "%.2f s: %.2fx of it (target within 1.5x); peak RSS %.1f MiB "
                "(target under 64)" %
                (one, many, one / many, loc, lst, model, many / model,
                 kb / 1024))
    finally:
        if proxy is not None:
            proxy.kill()
        subprocess.run(["sh", os.path.join(tools, "s3local.sh"), "stop",
                        run])
    print(text, flush=True)
    md.write(text + "\n\n")


def startup(a, md):
    """One 64x64 mask against `mfweights --version`, medians of 21."""
    mfw = os.path.join(a.build, "mfweights")
    png = os.path.join(a.cache, "one64.png")
    if not os.path.exists(png):
        subprocess.run([os.path.join(a.build, "mkpng"), png, "-w", "64",
                        "-h", "64", "--classes", "4"], check=True)
    res = []
    for cmd in ([mfw, "--version"], [mfw, "-q", png]):
        ts = [timed(cmd)[0] for _ in range(21)]
        res.append(statistics.median(ts) * 1000)
    text = ("start-up: `mfweights --version` %.2f ms, one 64x64 PNG "
            "%.2f ms: %.2fx (target at most 1.5x)" %
            (res[0], res[1], res[1] / res[0]))
    print(text, flush=True)
    md.write(text + "\n\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--cache", default=os.path.join(HERE, ".cache"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sets", default=DEFAULT_SETS,
                    help="comma-separated; 'mixed' and 's3' are not in the "
                    "default, 'all' is the default plus mixed")
    ap.add_argument("--md", default=None, help="also write the tables here")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--no-cold", action="store_true",
                    help="leave out the cold page cache table")
    ap.add_argument("--cold-only", action="store_true",
                    help="only the cold page cache table")
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    sets = []
    for x in a.sets.split(","):
        sets += (DEFAULT_SETS + ",mixed").split(",") if x == "all" else [x]
    gen = [x for x in sets if x != "s3"]
    if gen:  # gen.py makes every set when given none
        subprocess.run([PY, os.path.join(HERE, "gen.py"), a.cache] + gen,
                       check=True)
    peers = []
    for p in PEERS:
        if a.no_peers:
            continue
        if have_module(p[1]):
            peers.append(p)
        else:
            print("bench: peer missing: %s (python3 module %s)" %
                  (p[0], p[1]), file=sys.stderr)
    md = open(a.md or os.path.join(a.cache, "results.md"), "w")
    head = ("mfweights bench, %s, load average %s, %d runs each, "
            "medians\n" % (time.strftime("%Y-%m-%d %H:%M"),
                           " ".join(open("/proc/loadavg").read().split()[:3]),
                           a.reps))
    print(head)
    md.write(head + "\n")
    for name in sets if not a.cold_only else []:
        if name == "mixed":
            bench_mixed(a, peers, md)
        elif name == "s3":
            s3(a, md)
        else:
            bench_set(a, name, os.path.join(a.cache, name), peers, md)
    if not a.no_cold:
        cold_sets(a, sets, md)
    if a.cold_only:
        md.close()
        return
    if "gray3" in sets:
        rss_growth(a, md)
    if "street" in sets:
        archives(a, md)
    startup(a, md)
    md.close()


if __name__ == "__main__":
    main()
