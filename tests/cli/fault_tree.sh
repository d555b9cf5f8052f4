# fault_tree: odd trees.  A directory named x.png is walked, not decoded,
# as an operand or inside a walk; symbolic link loops under --follow (a
# link to an ancestor, a link to itself, two links to each other) end
# the walk with every file counted once; a link loop given as an operand
# is a bad input; a tree 1,000 levels deep is walked whole even with only
# 16 file descriptors (no recursion limit, no descriptor per level).
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"
"$MK" a.png -w 10 -h 10 --classes 3 --seed 1

# A directory named x.png.
mkdir -p d/x.png
cp a.png d/x.png/in.png
cp a.png d/b.png
run "$MFW" --classes 3 d
expect_rc 0
eq "$(js .images)" 2 "images under d"
run "$MFW" --classes 3 d/x.png
expect_rc 0
eq "$(js .images)" 1 "images under d/x.png"

# Link loops with --follow, in a directory of their own (upup.png leads
# to it, and from there only back into l).
mkdir lt
cd lt
mkdir -p l/sub
cp ../a.png l/a.png
cp ../a.png l/sub/b.png
ln -s .. l/sub/up
ln -s ../.. l/sub/upup.png
ln -s self l/self
ln -s loopb l/loopa
ln -s loopa l/loopb
ln -s sub l/again
run timeout 20 "$MFW" --classes 3 --follow l
expect_rc 0
eq "$(js .images)" 2 "images under l with --follow"
has err 'loop'
run timeout 20 "$MFW" --classes 3 l
expect_rc 0
eq "$(js .images)" 2 "images under l"
run timeout 20 "$MFW" --classes 3 --follow l/self
expect_rc 3
[ ! -s out ] || die "output on stdout"
has err '^mfweights: l/self: .'
cd ..

# 1,000 levels, one mask at the bottom and one every 100 levels.
p=t
i=0
while [ $i -lt 1000 ]; do
	p=$p/d
	i=$((i + 1))
done
mkdir -p "$p"
cp a.png "$p/bottom.png"
p=t
i=0
while [ $i -lt 10 ]; do
	cp a.png "$p/m$i.png"
	j=0
	while [ $j -lt 100 ]; do p=$p/d; j=$((j + 1)); done
	i=$((i + 1))
done
run sh -c 'ulimit -n 16 && exec timeout 60 "$0" --classes 3 t' "$MFW"
expect_rc 0
eq "$(js .images)" 11 "images 1,000 levels deep"
eq "$(js .pixels_total)" 1100 "pixels 1,000 levels deep"

# 1,000 levels of longer names: paths of 9,000 bytes, over PATH_MAX.
# Counted, or else reported with the reason (the message must not be cut
# before it).
p=u
i=0
while [ $i -lt 1000 ]; do
	p=$p/abcdefgh
	i=$((i + 1))
done
mkdir -p "$p"
top=$(pwd)
(
	cd u
	i=0
	while [ $i -lt 1000 ]; do cd -P abcdefgh; i=$((i + 1)); done
	cp "$top/a.png" bottom.png
)
run sh -c 'ulimit -n 16 && exec timeout 60 "$0" --classes 3 u' "$MFW"
if [ "$rc" -eq 0 ]; then
	eq "$(js .images)" 1 "images under 9,000-byte paths"
else
	expect_rc 3
	grep -q 'bottom\.png: \|abcdefgh: ' err ||
	    grep -qi 'too long' err ||
	    die "9,000-byte paths: exit $rc, message cut before its reason"
fi
