# comp_bash: the bash completion driven for real: bash with
# bash-completion and completions/mfweights.bash sourced, COMP_WORDS,
# COMP_CWORD, COMP_LINE and COMP_POINT set as readline sets them, the
# completion function called, COMPREPLY checked.
# Not about the build under test (a sanitizer build changes nothing
# here): the plain suite runs it once.
# suites: plain
need_pkgs bash-completion
BC=/usr/share/bash-completion/bash_completion

# comp WORD...: the completions of the last word (may be empty), sorted,
# one a line, in ./out; run in ./tree, where the test's files are.
mkdir tree
comp() {
	(cd tree && bash --norc --noprofile -c '
	. "$1" || exit 3
	. "$2" || exit 3
	shift 2
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	# The line as typed: no blank around a "=" that readline split off.
	COMP_LINE=$1
	shift
	for w in "$@"; do
		case $w/$last in
		=/* | */=) COMP_LINE+=$w ;;
		*) COMP_LINE+=" $w" ;;
		esac
		last=$w
	done
	COMP_POINT=${#COMP_LINE}
	_mfweights mfweights "${COMP_WORDS[COMP_CWORD]}" \
	    "${COMP_WORDS[COMP_CWORD - 1]}"
	printf "%s\n" "${COMPREPLY[@]}"' sh "$BC" \
	    "$SRC/completions/mfweights.bash" "$@") | sed '/^$/d' | sort >out
}
# want LINE...: ./out holds exactly these lines.
want() {
	printf '%s\n' "$@" | sed '/^$/d' | sort >want
	same want out
}

comp mfweights --for
want --format
comp mfweights --format ''
want json csv list table counts
comp mfweights -f c
want csv counts
comp mfweights --method inv
want inverse inverse-sqrt
comp mfweights --decoder ''
want auto png tiff gdal
comp mfweights --normalize m
want mean max
comp mfweights --unknown-color ''
want error ignore
# --format=js as readline splits it: "--format" "=" "js".
comp mfweights --format = js
want json
# Numbers, globs, ranges: nothing.
comp mfweights --classes ''
want
comp mfweights data --shard ''
want

# Every option of the table is offered after "--".
sed -n 's/^[[:space:]]*{"\([a-z0-9][a-z0-9-]*\)",.*/--\1/p' \
    "$SRC/src/main.c" | sort >table
comp mfweights --
comm -23 table out >missing
[ ! -s missing ] || die "not offered after --: $(tr '\n' ' ' <missing)"
# Short forms after "-".
comp mfweights -
has out '^-c$'
has out '^-0$'
has out '^--allow-vrt$'

# Files where a file is expected.
mkdir -p tree/masks/city
for f in colors.csv counts1.json counts2.json plot.svg cmap.txt; do
	: >"tree/$f"
done
comp mfweights --colors c
want colors.csv cmap.txt counts1.json counts2.json
comp mfweights -o counts
want counts1.json counts2.json
# --plot: SVG files and directories.
comp mfweights --plot ''
want plot.svg masks
# Operands: the merge subcommand first, then files and directories.
comp mfweights m
want merge masks
comp mfweights merge counts
want counts1.json counts2.json
comp mfweights -c 4 m
want masks

# --dataset: the names the tool lists (first word of each line), then
# preset files.  A stand-in tool shows the mechanism.
mkdir bin
cat >bin/mfweights <<'TOOL'
#!/bin/sh
[ "$1 $2" = "--dataset list" ] || exit 2
printf 'cityscapes  Cityscapes fine, 19 train ids\ncamvid  CamVid, 11 classes\n'
TOOL
chmod +x bin/mfweights
: >tree/ours.json
PATH=$PWD/bin:$PATH comp mfweights --dataset c
want cityscapes camvid counts1.json counts2.json
PATH=$PWD/bin:$PATH comp mfweights --dataset ''
want cityscapes camvid ours.json counts1.json counts2.json masks
# A tool without presets: files only, and no error.
rm bin/mfweights
PATH=$PWD/bin:$PATH comp mfweights --dataset o
want ours.json
