# arc_read: a zip, a tar, a tar.gz and a tar.xz of a tree of masks are
# walked like the tree: the same weights, the same --per-image lines
# (paths "ARCHIVE//MEMBER", in the tree's sorted order, whatever the
# order of the members in the archive and whatever -j), the same shards,
# the same skipped list; --include and --exclude see member names; a
# member only GDAL reads goes to the helper through /vsizip/ or /vsitar/;
# nothing is ever written next to the archive.
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"
command -v python3 >/dev/null || skip "python3 not installed"

mkdir -p t/a/b t/a.b t/c
i=0
while [ $i -lt 40 ]; do
	case $((i % 4)) in
	0) d=t/a ;; 1) d=t/a/b ;; 2) d=t/a.b ;; 3) d=t/c ;;
	esac
	"$MK" "$d/m$i.png" -w $((20 + i)) -h 15 --classes 5 --seed $i \
	    --sprinkle 255
	i=$((i + 1))
done
"$MK" t/c/bad.png --corrupt crc -w 9 -h 9
echo '{"not": "a mask"}' >t/c/meta.json
# Archives whose members are stored in several orders: python's zipfile
# and tarfile, from the tree's sorted list, reversed and shuffled.
cat >mk.py <<'PY'
import os, random, sys, tarfile, zipfile
names = sorted(os.path.join(d, f)[2:] for d, _, fs in os.walk("t") for f in fs)
for order, seq in (("sorted", names), ("rev", names[::-1]),
                   ("shuf", random.Random(7).sample(names, len(names)))):
    with zipfile.ZipFile("%s.zip" % order, "w", zipfile.ZIP_DEFLATED) as z:
        for n in seq:
            z.write(os.path.join("t", n), n)
    for mode, ext in (("w", "tar"), ("w:gz", "tar.gz"), ("w:xz", "tar.xz")):
        with tarfile.open("%s.%s" % (order, ext), mode) as tf:
            for n in seq:
                tf.add(os.path.join("t", n), "./" + n)
PY
python3 mk.py
ls >before

# want OPTS: the tree's run, its --per-image lines with the prefix cut.
want() {
	# shellcheck disable=SC2086
	run "$MFW" -q -c 5 -i 255 --keep-going -o tree.json \
	    --per-image tree.jsonl "$@" t
	want_rc=$rc
	[ "$rc" -le 1 ] || die "tree run: exit $rc"
	sed 's#"path": "t/#"path": "#' tree.jsonl >tree.lines
}
# got ARCHIVE OPTS: the same run over the archive.
got() {
	got_a=$1
	shift
	# shellcheck disable=SC2086
	run "$MFW" -q -c 5 -i 255 --keep-going -o arc.json \
	    --per-image arc.jsonl "$@" "$got_a"
	expect_rc "$want_rc"
	[ "$rc" -eq 0 ] || has err "^mfweights: $got_a//c/bad.png: "
	sed "s#\"path\": \"$got_a//#\"path\": \"#" arc.jsonl >arc.lines
	same arc.lines tree.lines
	# The skipped list names the member as the tree names the file.
	jq -c 'del(.skipped)' arc.json >a1
	jq -c 'del(.skipped)' tree.json >t1
	same a1 t1
	[ "$rc" -eq 0 ] ||
	    eq "$(jq -r '.skipped[0].path' arc.json)" "$got_a//c/bad.png" skipped
}

want
for o in sorted rev shuf; do
	for x in zip tar tar.gz tar.xz; do
		got $o.$x
		got $o.$x -j 1
		got $o.$x -j 3
	done
done
# The member order of a directory walk: t/a/b/... before t/a.b/...
eq "$(jq -r .path arc.jsonl | sed -n 1p)" "shuf.tar.xz//a/b/m1.png" first
eq "$(jq -r .path arc.jsonl | grep -nF 'a.b/' | head -1 | cut -d: -f1)" 21 \
    "a.b after a/"

# Shards: the i-th member in walk order is in shard i mod N + 1.
for k in 1 2 3; do
	want --shard $k/3
	got shuf.zip --shard $k/3
	got rev.tar --shard $k/3
done

# Filters see the members' names.
run "$MFW" -q -c 5 -i 255 -o tree.json --per-image tree.jsonl \
    --include 'm1*.png' --exclude 'm12.png' t
expect_rc 0
jq -r .path tree.jsonl | grep -q m12 && die "exclude ignored"
sed 's#"path": "t/#"path": "#' tree.jsonl >tree.good
run "$MFW" -q -c 5 -i 255 -o arc.json --per-image arc.jsonl \
    --include 'm1*.png' --exclude 'm12.png' shuf.zip
expect_rc 0
sed 's#"path": "shuf.zip//#"path": "#' arc.jsonl >arc.lines
same arc.lines tree.good

# Two operands: the tree, then the archive: numbers run on.
run "$MFW" -q -c 5 -i 255 --keep-going -o both.json --per-image both.jsonl \
    t shuf.tar
expect_rc 1
eq "$(wc -l <both.jsonl | tr -d ' ')" 80 "lines of two operands"
eq "$(jq -r .index both.jsonl | tail -1)" 82 "last index (meta.json is 83)"

# A member only GDAL reads: through GDAL's path to it, where GDAL has
# one; an archive GDAL cannot open says so.
if [ -x "$B/mfweights-gdal" ] && command -v gdal_translate >/dev/null; then
	mkdir g
	gdal_translate -q -of BMP t/a/m0.png g/m0.bmp
	cp t/a/m4.png g/
	python3 - <<'PY'
import tarfile, zipfile
with zipfile.ZipFile("g.zip", "w") as z:
    for n in ("m0.bmp", "m4.png"):
        z.write("g/" + n, n)
for mode, ext in (("w:gz", "tgz"), ("w:bz2", "tbz")):
    with tarfile.open("g." + ext, mode) as tf:
        for n in ("m0.bmp", "m4.png"):
            tf.add("g/" + n, n)
PY
	"$MFW" -q -c 5 -i 255 g >g.want
	run "$MFW" -q -c 5 -i 255 g.zip
	expect_rc 0
	same out g.want
	run "$MFW" -q -c 5 -i 255 g.tgz
	expect_rc 0
	same out g.want
	run "$MFW" -q -c 5 -i 255 g.tbz
	expect_rc 3
	has err "g.tbz//m0.bmp: only the GDAL reader takes this format, and GDAL cannot read inside this archive"
fi

# Nothing was written next to the archives (but the outputs).
rm -rf g g.* out err arc.* tree.* both.* a1 t1
ls | grep -v "^after$" >after
same after before
