#!/bin/sh
#SBATCH --job-name=mfweights
#SBATCH --output=/dev/null
#
# The task's messages go to OUTDIR/logs/task-K-of-N.log (Slurm's own
# --output is /dev/null: give sbatch --output to see a misuse found
# before OUTDIR is known).  It counts with the CPUs Slurm grants it:
# SLURM_CPUS_PER_TASK, set by sbatch --cpus-per-task=C, else 1.
#
# contrib/slurm-mfweights.sh: one task of a Slurm job array that counts
# its shard of a data set with mfweights and writes the shard's counts
# document; contrib/slurm-merge.sh, run as a dependent job, merges them.
#
#   jid=$(sbatch --parsable --array=1-16 contrib/slurm-mfweights.sh \
#       OUTDIR [mfweights options] PATH...)
#   sbatch --dependency=afterok:${jid%%;*} contrib/slurm-merge.sh \
#       OUTDIR [merge options]
#
# Task K of N (K from 1, whatever number the array starts from, and with
# any step: --array=0-15, --array=1-16 and --array=0-30:2 all give K =
# 1..16) runs
#
#   $MFWEIGHTS --shard K/N --format counts -o OUTDIR/counts-K-of-N.json
#       -j ${SLURM_CPUS_PER_TASK:-1} [mfweights options] PATH...
#
# N is SLURM_ARRAY_TASK_COUNT.  Every task must see the same PATHs (or
# the same --files-from list) on a shared file system: the shards are
# parts of the one file list, the i-th file (from 0) going to shard
# i mod N + 1.  The counts file is written atomically (a temporary file
# renamed), so a task killed midway leaves no half file.  Each counts
# file records its shard, the fingerprint of the file list and of the
# options, and merge refuses parts that disagree; still, use a new
# OUTDIR for each run: a stale part of an earlier array over the same
# paths and options, whose masks have since changed content, looks the
# same as a fresh one.
#
# Exit status: 0 when the counts file is written, also when mfweights
# skipped bad files under --keep-going (its exit 1): the skipped files are
# listed in the counts file and the merge lists and reports them, and a
# task that failed would stop the afterok merge.  Anything else is
# mfweights' own status (2 usage, 3 bad input, 4 system error), or 2 when
# the script itself is misused.
#
# Environment: MFWEIGHTS, the mfweights program (default: mfweights on
# the job's PATH; sbatch passes the environment of the submitting shell,
# so `MFWEIGHTS=/abs/path/mfweights sbatch ...` works); a task that finds
# no program says so in its log, naming MFWEIGHTS.  Outside Slurm, set SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT
# (and SLURM_ARRAY_TASK_MIN when the ids do not start at 1) by hand to
# run a task.
set -u

prog=${0##*/}
die() {
	echo "$prog: $*" >&2
	exit 2
}
isnum() {
	case $1 in
	'' | *[!0-9]*) return 1 ;;
	esac
	return 0
}

[ $# -ge 2 ] || die "usage: $prog OUTDIR [mfweights options] PATH..."
outdir=$1
shift

id=${SLURM_ARRAY_TASK_ID:-}
count=${SLURM_ARRAY_TASK_COUNT:-}
min=${SLURM_ARRAY_TASK_MIN:-1}
step=${SLURM_ARRAY_TASK_STEP:-1}
isnum "$id" || die "SLURM_ARRAY_TASK_ID is not set: submit with sbatch --array"
isnum "$count" || die "SLURM_ARRAY_TASK_COUNT is '$count', not a number"
isnum "$min" || die "SLURM_ARRAY_TASK_MIN is '$min', not a number"
if ! isnum "$step" || [ "$step" -lt 1 ]; then
	die "SLURM_ARRAY_TASK_STEP is '$step', not a number from 1"
fi
[ "$count" -ge 1 ] || die "SLURM_ARRAY_TASK_COUNT is 0"
# Ids go from min by step; lists such as --array=1,5,9 are not evenly
# spaced and give a K outside 1..N or shared by two tasks: refused here
# when they can be seen, so use a range.
if [ "$id" -lt "$min" ] || [ $(((id - min) % step)) -ne 0 ]; then
	die "task id $id is not min $min plus a multiple of step $step"
fi
k=$(((id - min) / step + 1))
[ "$k" -le "$count" ] ||
    die "task id $id gives shard $k of $count: use --array=FIRST-LAST[:STEP]"

# The script owns the output options: another would break the merge.
for a in "$@"; do
	case $a in
	--) break ;;
	-f* | --format | --format=* | -o* | --output | --output=* | --shard | \
	    --shard=*)
		die "$a: the script sets --format, --output and --shard" ;;
	esac
done

mkdir -p "$outdir" || exit 4
out=$outdir/counts-$k-of-$count.json
# Under Slurm, from here on the task's messages are in its log, under
# OUTDIR; run by hand, on stderr.
if [ -n "${SLURM_JOB_ID:-}" ]; then
	mkdir -p "$outdir/logs" || exit 4
	exec >>"$outdir/logs/task-$k-of-$count.log" 2>&1
fi
mfw=${MFWEIGHTS:-mfweights}
if ! command -v "$mfw" >/dev/null 2>&1; then
	echo "$prog: shard $k/$count: '$mfw' not found (PATH=$PATH): set" \
	    "MFWEIGHTS to the absolute path of mfweights when submitting" >&2
	exit 4
fi
# The CPUs Slurm gave the task (mfweights would count the node's), at
# most the 256 threads mfweights takes.
threads=${SLURM_CPUS_PER_TASK:-1}
if ! isnum "$threads" || [ "$threads" -lt 1 ]; then
	threads=1
elif [ "$threads" -gt 256 ]; then
	threads=256
fi

# Under Slurm, the log says what ran.
[ -z "${SLURM_JOB_ID:-}" ] ||
    echo "$prog: shard $k/$count: $mfw -j $threads, on $(hostname)" >&2
"$mfw" --shard "$k/$count" --format counts -o "$out" \
    -j "$threads" "$@"
rc=$?
if [ $rc -eq 1 ]; then
	echo "$prog: shard $k/$count: files skipped, listed in $out" >&2
	rc=0
fi
exit $rc
