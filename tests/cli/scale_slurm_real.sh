# scale_slurm_real: the README's Slurm recipe, as written, on a real
# single-node Slurm cluster (tests/slurm/cluster.sh: Debian's slurm-wlm
# and munge, started without systemd): an array of 16 tasks on a node of
# this host's CPUs, then the dependent merge job.  The merged weights
# equal one run's, byte for byte; the logs are under the output folder
# and none is left in the working directory.  A task that cannot find
# mfweights says in its log which variable to set.  Every daemon started
# is stopped by pid, whatever happens.  Slow (about 30 s): run once, not
# under the sanitizers; skipped, saying why, where Slurm cannot run.
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
[ "$(id -u)" -eq 0 ] || skip "not root: slurmd and munged need root"

CL=$SRC/tests/slurm/cluster.sh
CDIR=$PWD/cluster
trap 'sh "$CL" stop "$CDIR"' EXIT
set +e
sh "$CL" start "$CDIR" 2>cluster.err
rc=$?
set -e
[ $rc -eq 77 ] && skip "$(tail -1 cluster.err)"
[ $rc -eq 0 ] || { cat cluster.err >&2; die "cluster.sh start: exit $rc"; }
SLURM_CONF=$CDIR/slurm.conf
export SLURM_CONF

# The data, and the recipe's paths relative to here.
mkdir -p data/masks
i=0
while [ $i -lt 40 ]; do
	"$MK" data/masks/m$i.png -w $((20 + i)) -h 14 --classes 19 --seed $i \
	    --sprinkle 255
	i=$((i + 1))
done
head -c 60 data/masks/m7.png >data/masks/m7-trunc.png
ln -s "$SRC/contrib" contrib
run "$MFW" -q -c 19 -i 255 --keep-going data/masks
expect_rc 1
mv out single.json

# wait_jobs ID...: until none is pending or running, at most 120 s.
wait_jobs() {
	ids=$(echo "$*" | tr ' ' ,)
	n=0
	while [ -n "$(squeue -h -j "$ids" 2>/dev/null)" ]; do
		[ $n -lt 1200 ] || {
			squeue -j "$ids" >&2
			die "jobs $ids still queued after 120 s"
		}
		sleep 0.1
		n=$((n + 1))
	done
}

# The README's lines, with this build as MFWEIGHTS (the job gets the
# submitting shell's environment) and data/masks for /data/masks.
MFWEIGHTS=$MFW
export MFWEIGHTS
t0=$(date +%s)
jid=$(sbatch --parsable --array=1-16 contrib/slurm-mfweights.sh \
    out -c 19 -i 255 --keep-going data/masks)
# shellcheck disable=SC2086 # the README's line, as written
mid=$(sbatch --parsable --dependency=afterok:${jid%%;*} \
    contrib/slurm-merge.sh out -o out/weights.json)
wait_jobs "${jid%%;*}" "$mid"
echo "scale_slurm_real: 16 tasks and the merge in $(($(date +%s) - t0)) s" >&2
[ -f out/weights.json ] || {
	tail -n 5 out/logs/* >&2 || :
	die "no out/weights.json"
}
same out/weights.json single.json
eq "$(ls out/logs | wc -l | tr -d ' ')" 17 "16 task logs and the merge's"
has out/logs/merge.log 'm7-trunc.png'
# One CPU a task when sbatch is not asked for more.
has out/logs/task-16-of-16.log 'shard 16/16: .* -j 1,'
eq "$(find . -maxdepth 1 -name '*.out' -o -maxdepth 1 -name '*.log' |
    wc -l | tr -d ' ')" 0 "logs in the working directory"

# Two CPUs a task when asked (and the node has them): -j 2.
if [ "$(nproc)" -ge 2 ]; then
	jid=$(sbatch --parsable --cpus-per-task=2 --array=1-2 \
	    contrib/slurm-mfweights.sh two -c 19 -i 255 --keep-going \
	    data/masks)
	wait_jobs "${jid%%;*}"
	has two/logs/task-2-of-2.log 'shard 2/2: .* -j 2,'
	[ -f two/counts-2-of-2.json ] || die "no counts with 2 CPUs a task"
fi

# mfweights not found: the task's log says what to set.  (Unset
# MFWEIGHTS when no mfweights is installed on PATH here.)
if command -v mfweights >/dev/null; then
	MFWEIGHTS=/nonexistent/mfweights
else
	unset MFWEIGHTS
fi
jid=$(sbatch --parsable --array=1-2 \
    contrib/slurm-mfweights.sh lost -c 19 -i 255 data/masks)
wait_jobs "${jid%%;*}"
has lost/logs/task-1-of-2.log 'set MFWEIGHTS to the absolute path'
[ ! -e lost/counts-1-of-2.json ] || die "a counts file without mfweights"
