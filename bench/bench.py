#!/usr/bin/python3
"""bench/bench.py: mfweights against the tools users run today.

    bench.py [--build DIR] [--cache DIR] [--reps N] [--sets a,b] [--md FILE]

For each data set of gen.py, runs in rounds (every command once per
round, so that all commands see the same machine load) and reports the
median wall time, the throughput in Mpx/s, and ratios measured in the
same run: against the fastest peer whose counts are right, and against
the decode-only floors of bench-floor (floor.c).  Every peer's histogram
is checked against mfweights' counts; a peer that gets other counts (for
example OpenCV, which expands palette PNGs to BGR) is flagged and left
out of the "fastest peer".  Peak RSS comes from /usr/bin/time -f %M.
A missing peer is reported as missing, never silently dropped.
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
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (
            cmd if shell else " ".join(cmd), r.returncode,
            r.stderr.strip()[-300:]))
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
    ]
    for label, mod, mode, n in peers:
        cmds.append((label, [PY, os.path.join(HERE, "peer.py"), mode,
                             str(n), d], "peer"))
    times = {c[0]: [] for c in cmds}
    bad = {}
    rsskb = []
    subprocess.run("find %s -type f -print0 | xargs -0 cat >/dev/null" % d,
                   shell=True, check=True)
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
            if kind.startswith("mfw") and kind == "mfw2":
                with open(rss) as f:
                    rsskb.append(int(f.read().split()[-1]))
            if kind == "peer" and rnd == 0:
                why = check_peer(out, counts)
                if why:
                    bad[label] = "wrong counts: " + why
    med = {k: statistics.median(v) for k, v in times.items() if v}
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
        if floor2:
            targ.append("vs floor %.2fx (target 0.8x)" % (floor2 / m2))
        if fastest:
            targ.append("vs fastest peer %.1fx (target 6x)" % (
                med[fastest] / m2))
        if "mfweights -j1" in med:
            targ.append("-j2 speed-up %.2fx" % (med["mfweights -j1"] / m2))
        if rsskb:
            targ.append("RSS %.1f MiB (target < 32)" % (max(rsskb) / 1024))
        out.append("targets: " + "; ".join(targ))
    text = "\n".join(out) + "\n"
    print(text, flush=True)
    md.write(text + "\n")
    md.flush()
    return m2


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
    ap.add_argument("--sets", default="gray3,street,palette,geotiff,gray16")
    ap.add_argument("--md", default=None, help="also write the tables here")
    ap.add_argument("--no-peers", action="store_true")
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    sets = a.sets.split(",")
    subprocess.run([PY, os.path.join(HERE, "gen.py"), a.cache] + sets,
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
    for name in sets:
        bench_set(a, name, os.path.join(a.cache, name), peers, md)
    if "gray3" in sets:
        rss_growth(a, md)
    startup(a, md)
    md.close()


if __name__ == "__main__":
    main()
