#!/usr/bin/env python3
"""contrib/dask_mfweights.py: count a data set with mfweights on a Dask
cluster, one task per shard, and merge the parts.

    python3 contrib/dask_mfweights.py (--scheduler ADDR | --local W)
        [--shards N] [--threads T] [--mfweights PROG]
        [-f FORMAT] [-o FILE] OUTDIR [mfweights options] PATH...

Task K of N runs, on a worker,

    PROG --shard K/N --format counts -o OUTDIR/counts-K-of-N.json
        -j T [mfweights options] PATH...

and the driver then runs `PROG merge [-f FORMAT] [-o FILE]` over the N
counts documents, which prints the weights of the whole data set, byte
for byte those of one run over it.  Every worker must see the PATHs (or
the --files-from list) and OUTDIR at the same paths: a shared file
system.  --scheduler names a running scheduler (tcp://host:8786);
--local W starts a LocalCluster of W worker processes on loopback, for
one machine.  N defaults to the cluster's worker threads (at least 1).

A task whose files were partly skipped under --keep-going (mfweights'
exit 1) succeeds: the skipped files are listed in its document and by
the merge, which then exits 1 as one run would.  Any other failure of a
task stops the count (exit 3), naming the shard and its messages.  A
task that Dask runs again (a lost worker) rewrites the same document
atomically, and mfweights merge refuses a shard given twice or missing,
or parts of another list or other options, so a stale OUTDIR cannot mix
in: still, use a new OUTDIR per count.

The functions shard_command and count_shards serve from Python too:
count_shards(client, prog, outdir, n, opts) returns the document paths.
Tested against a real LocalCluster (tests/cli/scale_dask.sh); no
multi-machine Dask cluster has been tried.
"""
import argparse
import os
import subprocess
import sys


def shard_command(prog, k, n, outdir, threads, opts):
    """The argv of shard k of n."""
    return [prog, "--shard", "%d/%d" % (k, n), "--format", "counts",
            "-o", os.path.join(outdir, "counts-%d-of-%d.json" % (k, n)),
            "-j", str(threads)] + list(opts)


def run_shard(argv):
    """Run one shard's mfweights (on a worker): (exit status, stderr)."""
    r = subprocess.run(argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    return r.returncode, r.stderr.decode("utf-8", "replace")


def count_shards(client, prog, outdir, n, opts, threads=1):
    """Count the n shards on the client's cluster; returns the paths of
    the counts documents, in shard order.  Raises RuntimeError naming
    the shards that failed."""
    os.makedirs(outdir, exist_ok=True)
    cmds = [shard_command(prog, k, n, outdir, threads, opts)
            for k in range(1, n + 1)]
    # pure=False: every shard is its own task, even with equal argv.
    results = client.gather(client.map(run_shard, cmds, pure=False))
    bad = []
    for k, (rc, err) in enumerate(results, 1):
        if err:
            sys.stderr.write(err)
        if rc not in (0, 1):
            bad.append("shard %d/%d (exit %d)" % (k, n, rc))
    if bad:
        raise RuntimeError("failed: " + ", ".join(bad))
    return [c[c.index("-o") + 1] for c in cmds]


def main():
    ap = argparse.ArgumentParser(
        description="Count masks with mfweights on a Dask cluster, one "
        "task per --shard, and merge the counts documents.")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="ADDR",
                       help="address of a running Dask scheduler")
    where.add_argument("--local", type=int, metavar="W",
                       help="start a LocalCluster of W worker processes")
    ap.add_argument("--shards", type=int, metavar="N",
                    help="number of shards (default: worker threads)")
    ap.add_argument("--threads", type=int, default=1, metavar="T",
                    help="mfweights -j of each task (default 1)")
    ap.add_argument("--mfweights", default="mfweights", metavar="PROG",
                    help="the mfweights program on the workers")
    ap.add_argument("-f", "--format", help="merge output format")
    ap.add_argument("-o", "--output", help="merge output file")
    ap.add_argument("outdir", metavar="OUTDIR")
    ap.add_argument("opts", nargs=argparse.REMAINDER,
                    help="mfweights counting options and PATHs")
    args = ap.parse_args()
    if args.local is not None and args.local < 1:
        ap.error("--local: W must be 1 or more")
    if args.shards is not None and args.shards < 1:
        ap.error("--shards: N must be 1 or more")
    if args.threads < 1:
        ap.error("--threads: T must be 1 or more")
    for a in args.opts:
        if a in ("--shard", "-f", "--format", "-o", "--output") or \
                a.startswith(("--shard=", "--format=", "--output=")):
            ap.error("%s: the driver sets --shard, --format and --output "
                     "of the tasks" % a)
    if not args.opts:
        ap.error("no PATH to count")
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        sys.exit("dask_mfweights.py: no dask.distributed here (Debian: "
                 "apt-get install python3-distributed)")

    cluster = None
    if args.local is not None:
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1,
                               processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(args.scheduler)
    try:
        workers = client.scheduler_info()["workers"]
        n = args.shards or max(1, sum(w.get("nthreads", 1)
                                      for w in workers.values()))
        sys.stderr.write("dask_mfweights.py: %d shards on %d workers at "
                         "%s\n" % (n, len(workers), client.scheduler.address))
        try:
            parts = count_shards(client, args.mfweights, args.outdir, n,
                                 args.opts, args.threads)
        except RuntimeError as e:
            sys.stderr.write("dask_mfweights.py: %s\n" % e)
            return 3
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    merge = [args.mfweights, "merge"]
    if args.format:
        merge += ["-f", args.format]
    if args.output:
        merge += ["-o", args.output]
    return subprocess.run(merge + parts).returncode


if __name__ == "__main__":
    sys.exit(main())
