#!/bin/sh
#SBATCH --job-name=mfweights-merge
#SBATCH --cpus-per-task=1
#SBATCH --output=/dev/null
#
# Its messages go to OUTDIR/logs/merge.log (Slurm's --output is
# /dev/null: give sbatch --output to see a misuse found before OUTDIR is
# known).
# contrib/slurm-merge.sh: the dependent job after the array of
# contrib/slurm-mfweights.sh.  Checks that OUTDIR holds every counts file
# of one array (counts-1-of-N.json .. counts-N-of-N.json) and runs
#
#   mfweights merge [merge options] OUTDIR/counts-1-of-N.json ...
#
# which prints the weights of the whole data set, byte for byte what one
# run over it would print.  Usage (see contrib/slurm-mfweights.sh):
#
#   sbatch --dependency=afterok:JOBID contrib/slurm-merge.sh OUTDIR \
#       [-o weights.json] [-f json|csv|list|table] [--method M] ...
#
# Without -o the weights go to stdout, that is the log, together with
# the notices on stderr: pass -o FILE to keep them apart.  mfweights merge
# checks what the names cannot: that every part is a shard of the same
# file list and options, each once.
# A missing part, or parts of two arrays of different sizes, is refused:
# weights from part of a data set would look right and be wrong.
#
# Exit status: that of mfweights merge (0 ok, 1 files were skipped by the
# tasks and are listed, 3 a counts file is unusable or the parts
# disagree), or 3 when a part is missing, 2 when misused.
# Environment: MFWEIGHTS, the mfweights program (default: mfweights on
# the job's PATH; a clear error names MFWEIGHTS when it is not found).
set -u

prog=${0##*/}

[ $# -ge 1 ] || {
	echo "usage: $prog OUTDIR [mfweights merge options]" >&2
	exit 2
}
outdir=$1
shift
[ -d "$outdir" ] || {
	echo "$prog: $outdir: not a directory" >&2
	exit 2
}
if [ -n "${SLURM_JOB_ID:-}" ] && mkdir -p "$outdir/logs"; then
	exec >>"$outdir/logs/merge.log" 2>&1
fi
mfw=${MFWEIGHTS:-mfweights}
if ! command -v "$mfw" >/dev/null 2>&1; then
	echo "$prog: '$mfw' not found (PATH=$PATH): set MFWEIGHTS to the" \
	    "absolute path of mfweights when submitting" >&2
	exit 4
fi

# N from the names; every part file must agree on it.
n=
for f in "$outdir"/counts-*-of-*.json; do
	[ -e "$f" ] || break
	m=${f##*-of-}
	m=${m%.json}
	case $m in
	'' | *[!0-9]*) continue ;;
	esac
	if [ -z "$n" ]; then
		n=$m
	elif [ "$m" != "$n" ]; then
		echo "$prog: $outdir holds parts of arrays of $n and of $m" \
		    "tasks: remove the stale ones" >&2
		exit 3
	fi
done
if [ -z "$n" ]; then
	echo "$prog: $outdir: no counts-K-of-N.json file" >&2
	exit 3
fi

missing=
k=1
while [ "$k" -le "$n" ]; do
	[ -f "$outdir/counts-$k-of-$n.json" ] || missing="$missing $k"
	k=$((k + 1))
done
if [ -n "$missing" ]; then
	echo "$prog: $outdir: shards missing of $n:$missing (did a task fail?)" >&2
	exit 3
fi
# Append the parts after the caller's options (paths with spaces kept).
k=1
while [ "$k" -le "$n" ]; do
	set -- "$@" "$outdir/counts-$k-of-$n.json"
	k=$((k + 1))
done
exec "$mfw" merge "$@"
