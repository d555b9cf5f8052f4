# scale_slurm: contrib/slurm-mfweights.sh and contrib/slurm-merge.sh run
# here as Slurm would run them: each array task in turn with
# SLURM_ARRAY_TASK_ID, _COUNT, _MIN (and _STEP) set, then the merge.  The
# weights equal one run's, byte for byte, for arrays numbered from 1,
# from 0 and with a step; a task whose files were partly skipped
# (--keep-going) succeeds, a bad task id or a forbidden option is
# refused, and the merge refuses a missing part or parts of two arrays.
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

TASK=$SRC/contrib/slurm-mfweights.sh
MERGE=$SRC/contrib/slurm-merge.sh
MFWEIGHTS=$MFW
export MFWEIGHTS
unset SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_COUNT SLURM_ARRAY_TASK_MIN \
    SLURM_ARRAY_TASK_STEP SLURM_CPUS_PER_TASK

mkdir g
i=0
while [ $i -lt 20 ]; do
	"$MK" g/m$i.png -w $((20 + i)) -h 14 --classes 4 --seed $i --sprinkle 255
	i=$((i + 1))
done
"$MFW" -q -c 4 -i 255 g "$DATA/masks" >single.json || die "single run"

# array OUTDIR MIN STEP COUNT ARGS...: run the tasks of one array.
array() {
	out=$1 min=$2 step=$3 count=$4
	shift 4
	t=0
	while [ $t -lt "$count" ]; do
		SLURM_ARRAY_TASK_ID=$((min + t * step)) \
		SLURM_ARRAY_TASK_MIN=$min SLURM_ARRAY_TASK_STEP=$step \
		SLURM_ARRAY_TASK_COUNT=$count SLURM_CPUS_PER_TASK=2 \
		    sh "$TASK" "$out" "$@" >task.out 2>task.err ||
		    { cat task.err >&2; die "task $t of $out failed"; }
		[ ! -s task.out ] || die "task $t wrote to stdout"
		t=$((t + 1))
	done
}

array from1 1 1 4 -q -c 4 -i 255 g "$DATA/masks"
ls from1 >names
printf 'counts-%s-of-4.json\n' 1 2 3 4 >want
same names want
run sh "$MERGE" from1
expect_rc 0
same out single.json

array from0 0 1 3 -q -c 4 -i 255 g "$DATA/masks"
run sh "$MERGE" from0
expect_rc 0
same out single.json

# --array=0-12:4 (ids 0, 4, 8, 12): four tasks.
array step 0 4 4 -q -c 4 -i 255 g "$DATA/masks"
[ -f step/counts-4-of-4.json ] || die "step: no shard 4"
run sh "$MERGE" step -f csv -o step.csv
expect_rc 0
"$MFW" -q -c 4 -i 255 -f csv g "$DATA/masks" >single.csv
same step.csv single.csv

# One task (SLURM_ARRAY_TASK_COUNT=1): the whole set.
array one 7 1 1 -q -c 4 -i 255 g "$DATA/masks"
run sh "$MERGE" one
expect_rc 0
same out single.json

# Files skipped under --keep-going: the tasks succeed, the merge lists
# them and exits 1, as one run does.
"$MK" big.png -w 200 -h 100 --classes 4 --seed 9 --level 0
head -c 500 big.png >g/m3-trunc.png
run "$MFW" -q --keep-going -c 4 -i 255 g
expect_rc 1
mv out kg.json
array kg 1 1 3 -q --keep-going -c 4 -i 255 g
run sh "$MERGE" kg
expect_rc 1
same out kg.json

# Refused: an id past the array, ids off the step, no id, options the
# script owns.
run env SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_COUNT=4 \
    SLURM_ARRAY_TASK_MIN=1 sh "$TASK" bad -c 4 g
expect_rc 2
has err 'shard 5 of 4'
run env SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_COUNT=4 \
    SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_STEP=2 sh "$TASK" bad -c 4 g
expect_rc 2
has err 'not min 1 plus a multiple of step 2'
run env SLURM_ARRAY_TASK_COUNT=4 sh "$TASK" bad -c 4 g
expect_rc 2
has err 'SLURM_ARRAY_TASK_ID'
for opt in "-f json" "--format=csv" "-o x.json" "--output x" "--shard 1/2"; do
	# shellcheck disable=SC2086
	run env SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=1 \
	    sh "$TASK" bad $opt -c 4 g
	expect_rc 2
	has err 'the script sets'
done
[ ! -e bad ] || die "a refused task made its directory"
# mfweights' own errors pass through (3: a bad file, no --keep-going).
run env SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=1 \
    sh "$TASK" bad3 -q -c 4 -i 255 g
expect_rc 3
[ ! -e bad3/counts-1-of-1.json ] || die "a failed task left a counts file"

# The merge refuses a missing part and parts of two arrays.
rm from1/counts-3-of-4.json
run sh "$MERGE" from1
expect_rc 3
[ ! -s out ] || die "merge of a partial array printed weights"
has err 'missing of 4: 3'
cp from0/counts-1-of-3.json from1/
run sh "$MERGE" from1
expect_rc 3
has err 'arrays of'
mkdir none
run sh "$MERGE" none
expect_rc 3
run sh "$MERGE"
expect_rc 2
