#!/usr/bin/env python3
"""contrib/spark_pipe.py: count a data set on a Spark cluster with RDD.pipe.

The paths of the masks, one a line in LIST (any URI that
SparkContext.textFile reads: HDFS, S3, a shared file system), become an
RDD; each partition's paths are piped into

    mfweights --files-from - --format counts [mfweights options]

on an executor, and each partition's counts document is written to
PARTSDIR/part-NNNNN.json on the driver.  Then, on any machine:

    mfweights merge [options] PARTSDIR/part-*.json

prints the weights of the whole data set.

    spark-submit contrib/spark_pipe.py [--partitions N] [--mfweights PROG]
        LIST PARTSDIR [mfweights options]

mfweights must be installed on every executor (or --mfweights names it),
and the paths must be readable there: absolute paths on a shared file
system, or GDAL /vsis3/, /vsicurl/ ... paths.  Counting options (--classes,
--ignore, --keep-going, ...) go after PARTSDIR; every partition must get
the same ones, or the merge refuses the parts.

Partitions whose files were all fine or, under --keep-going, partly
skipped, succeed (mfweights' exit 1 is taken as success: the skipped
files are listed in the part and in the merged output).  An empty
partition writes no part.  Any other failure fails the Spark job.  The
weights equal those of one run over LIST; the skipped list, if any, is
ordered by position within each partition, then by partition, not by
position in LIST (mfweights numbers files within its own input).

The same mapper should serve Hadoop streaming (paths on stdin, one counts
document on stdout): `spark_pipe.py --print-mapper [--mfweights PROG]
[options]` prints it as one shell command line; use it as the -mapper of
a map-only job (-numReduceTasks 0) over the text files of paths, so that
each part-m-NNNNN file holds one document (streaming may end each line
with a tab, which JSON reads as white space), then merge the part files.

NOT TESTED AGAINST SPARK OR HADOOP (neither is on the development
machine).  `--local N` runs the same mapper command over N contiguous
slices of LIST with subprocess instead of Spark, and writes the same
parts: the test suite checks that mode (tests/cli/scale_spark.sh).
"""
import argparse
import os
import shlex
import subprocess
import sys

# The pipe command: sh -c MAPPER sh PROG [options].  An empty partition
# prints nothing and succeeds (mfweights would say "no mask files
# found"); exit 1 (files skipped under --keep-going, listed in the
# document) is success; any other status fails the task.
MAPPER = ('IFS= read -r p || [ -n "$p" ] || exit 0; '
          '{ printf "%s\\n" "$p"; cat; } | "$@" --files-from - '
          '--format counts; s=$?; [ $s -eq 1 ] && s=0; exit $s')


def mapper_command(prog, opts):
    """The argv that RDD.pipe runs for each partition."""
    return ["sh", "-c", MAPPER, "sh", prog] + list(opts)


def write_parts(docs, partsdir):
    """Write each non-empty document as PARTSDIR/part-NNNNN.json, in
    partition order; return the paths written."""
    os.makedirs(partsdir, exist_ok=True)
    # Stale parts of an earlier run would be merged with these.
    if any(n.startswith("part-") for n in os.listdir(partsdir)):
        sys.exit("spark_pipe.py: %s already holds part files: use a new "
                 "directory" % partsdir)
    written = []
    for i, doc in enumerate(docs):
        if not doc.strip():
            continue
        path = os.path.join(partsdir, "part-%05d.json" % i)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(doc)
            if not doc.endswith("\n"):
                f.write("\n")
        os.replace(tmp, path)
        written.append(path)
    return written


def run_spark(args, cmd):
    try:
        from pyspark import SparkContext  # only the Spark mode needs it
    except ImportError:
        sys.exit("spark_pipe.py: no pyspark here: run it with spark-submit, "
                 "or try --local N")

    sc = SparkContext(appName="mfweights")
    paths = sc.textFile(args.list, minPartitions=args.partitions)
    # pipe() keeps each partition's output lines in that partition, in
    # order: glom() gathers them back into the partition's document.
    docs = (paths.pipe(cmd, checkCode=True)
            .glom()
            .map(lambda lines: "\n".join(lines))
            .collect())
    sc.stop()
    return docs


def run_local(args, cmd):
    """Emulate textFile + pipe: N contiguous slices of LIST, in order."""
    with open(args.list, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().splitlines()
    n = args.local
    docs = []
    for i in range(n):
        part = lines[len(lines) * i // n:len(lines) * (i + 1) // n]
        data = "".join(p + "\n" for p in part)
        r = subprocess.run(cmd, input=data.encode("utf-8",
                           "surrogateescape"), stdout=subprocess.PIPE)
        if r.returncode != 0:
            sys.exit("spark_pipe.py: partition %d failed (exit %d)" %
                     (i, r.returncode))
        docs.append(r.stdout.decode("utf-8"))
    return docs


def print_mapper(argv):
    """--print-mapper [--mfweights PROG] [options]: the mapper as one
    shell command line, for Hadoop streaming's -mapper."""
    prog = "mfweights"
    if argv[:1] == ["--mfweights"] and len(argv) > 1:
        prog, argv = argv[1], argv[2:]
    print(" ".join(shlex.quote(a) for a in mapper_command(prog, argv)))


def main():
    if sys.argv[1:2] == ["--print-mapper"]:
        print_mapper(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(
        description="Count masks with mfweights on Spark (RDD.pipe).",
        epilog="spark_pipe.py --print-mapper [--mfweights PROG] [options] "
        "prints the mapper as a shell command (Hadoop streaming).")
    ap.add_argument("--partitions", type=int, default=None,
                    help="minimum number of partitions of LIST")
    ap.add_argument("--mfweights", default="mfweights",
                    help="the mfweights program on the executors")
    ap.add_argument("--local", type=int, metavar="N", default=None,
                    help="no Spark: run the mapper over N slices here")
    ap.add_argument("list", metavar="LIST", help="paths, one a line")
    ap.add_argument("partsdir", metavar="PARTSDIR",
                    help="where the counts documents go")
    ap.add_argument("opts", nargs=argparse.REMAINDER,
                    help="mfweights counting options")
    args = ap.parse_args()
    if args.local is not None and args.local < 1:
        ap.error("--local: N must be 1 or more")
    cmd = mapper_command(args.mfweights, args.opts)
    docs = run_local(args, cmd) if args.local else run_spark(args, cmd)
    written = write_parts(docs, args.partsdir)
    if not written:
        sys.exit("spark_pipe.py: no partition wrote counts")
    for p in written:
        print(p)


if __name__ == "__main__":
    main()
