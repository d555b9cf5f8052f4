# first_progress: at a terminal the progress line shows a percentage and
# the time left while the files are still being counted, not "N/?" until
# the end: the files are counted ahead of the workers, in a directory
# walk and in a --files-from file (not a pipe, which only the walk
# reads).  The last line is exact.  Needs util-linux script for a
# pseudo-terminal.
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
script --version 2>/dev/null | grep -q util-linux ||
    skip "no util-linux script: no terminal"
mkdir g
i=0
while [ $i -lt 60 ]; do
	# Mixed values: a run long enough for several redraws (4 a second).
	"$MK" g/m$i.png -w 2000 -h 1500 --values 0,1,2
	i=$((i + 1))
done
ls g/*.png >list.txt
# A side file and an excluded file are not counted.
cp g/m0.png g/m0.png.aux.xml
for how in "g" "--files-from list.txt"; do
	echo "\"$MFW\" -j1 -c 3 --exclude 'x*' $how >tty.json" >run.sh
	script -q -e -c "sh run.sh" /dev/null >tty.out </dev/null ||
	    die "$how: the run in a pseudo-terminal failed"
	tr '\r' '\n' <tty.out >lines
	grep -q '^mfweights: [0-9]*/60 files, .*, [0-9]*%, ETA [0-9]* s' lines ||
	    { cat -v tty.out >&2; die "$how: no percentage and time left"; }
	has lines '^mfweights: 60/60 files'
	hasnt lines '/? files'
done
