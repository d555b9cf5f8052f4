# scale_parallel: the README's recipes for GNU Parallel and xargs -P, run
# here: shards counted by two jobs at a time (parallel -j2; parallel
# --sshlogin 2/:, the local stand-in for a list of hosts; xargs -P2) and
# a path list on stdin cut into blocks by parallel --pipe, each block
# counted by its own mfweights, is refused by merge (blocks are lists of
# their own); shards of one list file merge; the counts documents merged
# equal one run over the data, byte for byte.  Skips when GNU Parallel is missing
# (Debian package parallel); the xargs part runs anyway.
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"

# The recipes name mfweights: put this build first on PATH.
mkdir bin
ln -s "$MFW" bin/mfweights
PATH=$PWD/bin:$PATH
export PATH
ln -s "$DATA" data
# GNU Parallel keeps its state under $PARALLEL_HOME: not in $HOME.
PARALLEL_HOME=$PWD/.parallel
export PARALLEL_HOME

mfweights -q -c 4 -i 255 data/masks >single.json || die "single run failed"
mfweights -q -c 4 -i 255 -f csv data/masks >single.csv ||
    die "single csv run failed"

# xargs -P: four shards, two processes at a time.
seq 1 4 | xargs -P 2 -I K mfweights -q -c 4 -i 255 data/masks \
    --shard K/4 -f counts -o xpart-K.json || die "xargs recipe failed"
run mfweights merge xpart-1.json xpart-2.json xpart-3.json xpart-4.json
expect_rc 0
same out single.json

# A set with a bad file, for --keep-going through parallel.
mkdir g
i=0
while [ $i -lt 15 ]; do
	"$MK" g/m$i.png -w $((20 + i)) -h 14 --classes 4 --seed $i --sprinkle 255
	i=$((i + 1))
done
"$MK" big.png -w 200 -h 100 --classes 4 --seed 9 --level 0
head -c 500 big.png >g/m3-trunc.png
run mfweights -q --keep-going -c 4 -i 255 g
expect_rc 1
mv out gsingle.json

command -v parallel >/dev/null || skip "GNU Parallel not installed"
parallel --version 2>/dev/null | grep -q 'GNU parallel' ||
    skip "parallel is not GNU Parallel"

# parallel -j2: one job per shard, counts written with -o.
parallel -j2 mfweights -q -c 4 -i 255 data/masks --shard {}/4 -f counts \
    -o part-{}.json ::: 1 2 3 4 || die "parallel -j2 recipe failed"
run mfweights merge part-1.json part-2.json part-3.json part-4.json
expect_rc 0
same out single.json
run mfweights merge -f csv part-1.json part-2.json part-3.json part-4.json
expect_rc 0
same out single.csv

# The hosts recipe, with ":" (this machine) for the hosts: stop at the
# first real failure; exit 1 (files skipped, listed in the part) is not
# one.
rm -f part-*.json
parallel --sshlogin 2/: --workdir . --halt now,fail=1 \
    'mfweights -q --keep-going -c 4 -i 255 g --shard {}/3 -f counts \
    -o part-{}.json || [ $? -eq 1 ]' ::: 1 2 3 ||
    die "parallel --sshlogin recipe failed"
run mfweights merge part-1.json part-2.json part-3.json
expect_rc 1
same out gsingle.json

# Paths on stdin, in blocks of 8, one mfweights per block: each block is
# a list of its own, and merge refuses parts of different lists (it
# could not tell a block given twice or missing).  Shards of one list
# file (--files-from LIST --shard K/N) are the way.
find data/masks/ -name '*.png' | parallel --pipe -N 8 -j2 --files \
    --tmpdir . mfweights -q --files-from - -f counts -c 4 -i 255 \
    >parts.txt || die "parallel --pipe recipe failed"
eq "$(wc -l <parts.txt | tr -d ' ')" 4 "blocks of 8 of 32 masks"
# shellcheck disable=SC2046
run mfweights merge $(cat parts.txt)
expect_rc 3
has err 'a shard of another file list'
find data/masks/ -name '*.png' | sort >list.txt
mfweights -q -c 4 -i 255 --files-from list.txt >lsingle.json
parallel -j2 mfweights -q --files-from list.txt --shard {}/4 -f counts \
    -c 4 -i 255 -o lpart-{}.json ::: 1 2 3 4 || die "list shards failed"
run mfweights merge lpart-1.json lpart-2.json lpart-3.json lpart-4.json
expect_rc 0
same out lsingle.json
