# scale_dask: contrib/dask_mfweights.py on a real Dask LocalCluster
# (Debian's python3-distributed: a scheduler and worker processes on
# loopback): the shards counted by the workers and merged equal one run,
# byte for byte, as JSON and as CSV; files skipped under --keep-going are
# listed and the exit is 1, as for one run; a shard that fails stops the
# count, naming it.  Slow (a cluster starts each time): run once, not
# under the sanitizers; skipped, saying why, where Dask cannot be had.
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
# Debian's python3-distributed is for Debian's python3, which may not be
# the first python3 on PATH.
PY3=/usr/bin/python3
[ -x "$PY3" ] || PY3=$(command -v python3) || skip "no python3"
if ! "$PY3" -c 'import dask.distributed' 2>/dev/null; then
	[ "$(id -u)" -eq 0 ] ||
	    skip "no python3-distributed, and not root to install it"
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 \
	    install -y -qq --no-install-recommends python3-distributed \
	    >apt.log 2>&1 ||
	    skip "python3-distributed cannot be installed: $(tail -1 apt.log)"
	"$PY3" -c 'import dask.distributed' 2>/dev/null ||
	    skip "python3-distributed installed, yet $PY3 cannot import it"
fi

PY=$SRC/contrib/dask_mfweights.py
mkdir g
i=0
while [ $i -lt 23 ]; do
	"$MK" g/m$i.png -w $((20 + i)) -h 14 --classes 4 --seed $i --sprinkle 255
	i=$((i + 1))
done
"$MFW" -q -c 4 -i 255 g "$DATA/masks" >single.json || die "single run"
"$MFW" -q -c 4 -i 255 -f csv g "$DATA/masks" >single.csv || die "single csv"

t0=$(date +%s)
run "$PY3" "$PY" --local 2 --shards 5 --mfweights "$MFW" parts \
    -q -c 4 -i 255 g "$DATA/masks"
expect_rc 0
echo "scale_dask: LocalCluster, 5 shards, in $(($(date +%s) - t0)) s" >&2
has err '5 shards on 2 workers at tcp://127\.0\.0\.1:'
same out single.json
eq "$(ls parts | tr '\n' ' ')" \
    "counts-1-of-5.json counts-2-of-5.json counts-3-of-5.json counts-4-of-5.json counts-5-of-5.json " \
    "parts"
eq "$(jq -r .shards parts/counts-4-of-5.json)" 4/5 "shard 4/5"

# The shard count from the cluster (2 workers of 1 thread), CSV to a file,
# and files skipped under --keep-going.
"$MK" big.png -w 200 -h 100 --classes 4 --seed 9 --level 0
head -c 500 big.png >g/m3-trunc.png
run "$MFW" -q --keep-going -c 4 -i 255 -f csv g
expect_rc 1
mv out kg.csv
run "$PY3" "$PY" --local 2 --mfweights "$MFW" -f csv -o kg-merged.csv \
    kgparts -q --keep-going -c 4 -i 255 g
expect_rc 1
same kg-merged.csv kg.csv
has err 'm3-trunc.png'
[ -f kgparts/counts-2-of-2.json ] || die "2 shards for 2 workers"

# Without --keep-going the bad file fails its shard: the count stops.
run "$PY3" "$PY" --local 2 --shards 3 --mfweights "$MFW" failparts \
    -q -c 4 -i 255 g
expect_rc 3
has err 'failed: shard [0-9]/3 (exit 3)'
[ ! -s out ] || die "weights printed after a failed shard"

# The driver owns the tasks' output options.
run "$PY3" "$PY" --local 1 --mfweights "$MFW" x -f json g
expect_rc 2
run "$PY3" "$PY" --local 1 --mfweights "$MFW" x --shard 1/2 g
expect_rc 2
has err 'the driver sets'
