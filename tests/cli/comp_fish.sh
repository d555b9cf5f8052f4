# comp_fish: the fish completion driven for real: fish with
# completions/mfweights.fish sourced, `complete -C LINE` printing what a
# <Tab> at the end of LINE offers.
# Not about the build under test (a sanitizer build changes nothing
# here): the plain suite runs it once.
# suites: plain
need_pkgs fish
mkdir -p tree/masks
for f in colors.csv counts1.json plot.svg; do
	: >"tree/$f"
done
# comp LINE: the candidates (first field), sorted, in ./out.
comp() {
	(cd tree && fish --no-config -c "source '$SRC/completions/mfweights.fish'
	    complete -C '$1'") | cut -f1 | sort >out
}
want() {
	printf '%s\n' "$@" | sed '/^$/d' | sort >want
	same want out
}

comp 'mfweights --form'
want --format
comp 'mfweights --format '
want json csv list table counts
comp 'mfweights -f '
want json csv list table counts
comp 'mfweights --method inv'
want inverse inverse-sqrt
comp 'mfweights --decoder '
want auto png tiff gdal
comp 'mfweights --normalize m'
want mean max
comp 'mfweights --unknown-color '
want error ignore
comp 'mfweights --classes '
want
comp 'mfweights --colors c'
want colors.csv counts1.json
comp 'mfweights me'
want merge
comp 'mfweights merge c'
want colors.csv counts1.json
comp 'mfweights -c 4 m'
want masks/

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
has out '^cityscapes$'
has out '^camvid$'
has out '^counts1.json$'
rm bin/mfweights
PATH=$PWD/bin:$PATH comp 'mfweights --dataset c'
hasnt out cityscapes
