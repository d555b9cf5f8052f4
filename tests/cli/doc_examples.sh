# doc_examples: every command of the manual's EXAMPLES section and of the
# README's ```console blocks runs as documented.
#
# A command is a line "$ CMD" in a literal display (.Bd -literal ... .Ed)
# of EXAMPLES, or in a ```console block of README.md; the lines after it,
# up to the next "$ " line or the end of the block, are its expected
# stdout, compared exactly when there are any.  Each command runs with sh
# from a scratch directory holding a link `data` to $SRC/data (so it sees
# the tree as from the top of the source, and may write files such as
# part1.json without touching the source), with `mfweights` standing for
# $MFW.  It must exit 0 and print something, or, with "-o FILE", write a
# non-empty FILE.  A command ending in "|| test $? -eq N" documents exit
# status N: it is run a second time without that suffix and must exit N.
# Commands that need jq are skipped, and counted, when jq is missing.
# suites: plain asan
MAN=$SRC/man/mfweights.1
README=$SRC/README.md
[ -f "$MAN" ] || die "no $MAN"
[ -f "$README" ] || die "no $README"

mkdir man readme

# mdoc: literal displays of EXAMPLES, roff escapes undone.  A .Dl line
# naming mfweights would escape these checks: refuse it.
awk -v dir=man '
/^\.Sh / { ex = ($0 == ".Sh EXAMPLES"); next }
!ex { next }
/^\.Dl/ && /mfweights/ {
	print "EXAMPLES: use .Bd -literal, not .Dl: " $0 >"/dev/stderr"
	bad = 1
}
/^\.Bd -literal/ { lit = 1; cur = ""; next }
/^\.Ed/ { lit = 0; cur = ""; next }
!lit { next }
{
	line = $0
	gsub(/\\e/, "\001", line)
	gsub(/\\-/, "-", line)
	gsub(/\\&/, "", line)
	gsub(/\\\(aq/, "\047", line)
	gsub(/\\\(dq/, "\"", line)
	gsub(/\001/, "\\\\", line)
	if (line ~ /^\$ /) {
		cur = dir "/" ++n
		print substr(line, 3) >(cur ".cmd")
		printf "" >(cur ".exp")
		close(cur ".cmd")
		close(cur ".exp")
	} else if (cur != "") {
		print line >>(cur ".exp")
		close(cur ".exp")
	}
}
END { exit bad }' "$MAN" || die "cannot extract the EXAMPLES of $MAN"

awk -v dir=readme '
/^```console[[:space:]]*$/ { lit = 1; cur = ""; next }
/^```/ { lit = 0; cur = ""; next }
!lit { next }
/^\$ / {
	cur = dir "/" ++n
	print substr($0, 3) >(cur ".cmd")
	printf "" >(cur ".exp")
	close(cur ".cmd")
	close(cur ".exp")
	next
}
cur != "" { print >>(cur ".exp"); close(cur ".exp") }' "$README"

# ex DIR CMD: run CMD in DIR as a user would, output in ./ex.out, ./ex.err
# and the status in $rc.
ex() {
	set +e
	(
		set +eu
		cd "$1" || exit 99
		mfweights() { "$MFW" "$@"; }
		eval "$2"
	) >ex.out 2>ex.err </dev/null
	rc=$?
	set -e
}

nskip=0
# check WHAT DIR: run DIR/1.cmd, DIR/2.cmd, ... in the scratch dir WHAT.wd.
check() {
	wd=$PWD/$1.wd
	mkdir "$wd"
	ln -s "$SRC/data" "$wd/data"
	i=1
	while [ -f "$2/$i.cmd" ]; do
		k=$i
		i=$((i + 1))
		cmd=$(cat "$2/$k.cmd")
		where="$1 example $k ($cmd)"
		case $cmd in
		*mfweights*) ;;
		*) die "$where does not run mfweights" ;;
		esac
		case $cmd in
		*jq\ *)
			if ! command -v jq >/dev/null; then
				nskip=$((nskip + 1))
				continue
			fi ;;
		esac
		ofile=$(printf '%s\n' "$cmd" |
		    sed -n -e 's/.* -o \([^ ]*\).*/\1/p' \
		    -e 's/.* --output \([^ ]*\).*/\1/p')
		[ -z "$ofile" ] || rm -f "$wd/$ofile"

		ex "$wd" "$cmd"
		if [ "$rc" -ne 0 ]; then
			cat ex.err >&2
			die "$where: exit $rc"
		fi
		if [ -n "$ofile" ]; then
			[ -s "$wd/$ofile" ] || die "$where: $ofile is empty"
		else
			[ -s ex.out ] || { cat ex.err >&2;
			    die "$where: nothing on stdout"; }
		fi
		if [ -s "$2/$k.exp" ] && ! cmp -s ex.out "$2/$k.exp"; then
			diff -u "$2/$k.exp" ex.out >&2 || :
			die "$where: stdout differs from the documented output"
		fi

		# "CMD || test $? -eq N": CMD alone exits N.
		case $cmd in
		*' || test $? -eq '*)
			want=${cmd##* -eq }
			ex "$wd" "${cmd% || test*}"
			[ "$rc" -eq "$want" ] ||
			    die "$where: exit $rc, documented $want"
			;;
		esac
	done
	echo "$1: $((i - 1)) commands"
	eval "n_$1=$((i - 1))"
}

check man man
check readme readme
# A parser that finds nothing must not pass.
[ "$n_man" -ge 8 ] || die "only $n_man commands found in EXAMPLES"
[ "$n_readme" -ge 4 ] || die "only $n_readme commands found in README.md"
[ "$nskip" -eq 0 ] || echo "$nskip commands skipped: jq not installed"
