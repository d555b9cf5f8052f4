# comp_zsh: the zsh completion driven for real: an interactive zsh under
# zpty with completions/ on its fpath and compinit run, a line typed and
# <Tab> pressed (tests/tools/zcomp.zsh), the candidates checked.
# Not about the build under test (a sanitizer build changes nothing
# here): the plain suite runs it once.
# suites: plain
need_pkgs zsh
mkdir -p tree/masks
for f in colors.csv counts1.json plot.svg; do
	: >"tree/$f"
done
# comp LINE: the candidates, sorted, in ./out.
comp() {
	(cd tree && timeout 60 zsh -f "$SRC/tests/tools/zcomp.zsh" \
	    "$SRC/completions" "$OLDPWD/res" "$1") ||
	    die "zsh driver failed on '$1'"
	sort -u res >out
}
want() {
	printf '%s\n' "$@" | sed '/^$/d' | sort >want
	same want out
}

comp 'mfweights --form'
want --format
comp 'mfweights --format '
want json csv list table counts
comp 'mfweights -f c'
want csv counts
comp 'mfweights --method inv'
want inverse inverse-sqrt
comp 'mfweights --decoder '
want auto png tiff gdal
comp 'mfweights --normalize m'
want mean max
comp 'mfweights --unknown-color '
want error ignore
comp 'mfweights --colors c'
want colors.csv counts1.json
comp 'mfweights --plot '
want plot.svg masks
comp 'mfweights m'
want merge masks
comp 'mfweights merge '
want colors.csv counts1.json plot.svg masks
comp 'mfweights merge --prec'
want --precision
comp 'mfweights -c 4 m'
want masks

# Every option of the table is offered after "--".
sed -n 's/^[[:space:]]*{"\([a-z0-9][a-z0-9-]*\)",.*/--\1/p' \
    "$SRC/src/main.c" | sort >table
comp 'mfweights --'
comm -23 table out >missing
[ ! -s missing ] || die "not offered after --: $(tr '\n' ' ' <missing)"

# --dataset: the tool's presets, then .json files.
mkdir bin
cat >bin/mfweights <<'TOOL'
#!/bin/sh
[ "$1 $2" = "--dataset list" ] || exit 2
printf 'cityscapes  Cityscapes fine, 19 train ids\ncamvid  CamVid, 11 classes\n'
TOOL
chmod +x bin/mfweights
PATH=$PWD/bin:$PATH comp 'mfweights --dataset c'
want cityscapes camvid counts1.json
