# doc_options: one option, three places.  The long options of src/main.c's
# longopts table, of `mfweights --help` and of the .It entries of
# man/mfweights.1 are the same set; so are their short forms; every
# `Fl -name` anywhere in the man page is a real option; and the man
# SYNOPSIS reads the same as the usage lines of --help.  Needs no mandoc:
# the man page source is read directly.
# suites: plain
MAN=$SRC/man/mfweights.1
MAIN=$SRC/src/main.c
[ -f "$MAN" ] || die "no $MAN"

run "$MFW" --help
expect_rc 0
mv out help.txt

# Long names, one a line, sorted and unique.
#   code: {"classes", required_argument, NULL, 'c'},
sed -n 's/^[[:space:]]*{"\([a-z0-9][a-z0-9-]*\)",.*/\1/p' "$MAIN" |
    sort -u >code.long
#   help: "  -c, --classes N ..." or "      --include GLOB ..."
sed -n 's/^  *\(-[^ -], \)\{0,1\}--\([a-z0-9][a-z0-9-]*\).*/\2/p' \
    help.txt | sort -u >help.long
#   man:  ".It Fl c Ar N , Fl -classes Ar N" or ".It Fl -include Ar glob"
grep '^\.It Fl ' "$MAN" | grep -o 'Fl -[a-z0-9][a-z0-9-]*' |
    sed 's/^Fl -//' | sort -u >man.long

[ "$(wc -l <code.long)" -ge 20 ] || die "found only $(wc -l <code.long) \
options in $MAIN: the longopts pattern is stale"
same code.long help.long
same code.long man.long

# Short forms, as "c classes" pairs.
#   code: {"classes", required_argument, NULL, 'c'},
sed -n "s/^[[:space:]]*{\"\([a-z0-9-]*\)\",.*, '\(.\)'},.*/\2 \1/p" "$MAIN" |
    sort -u >code.short
sed -n 's/^  *-\([^ -]\), --\([a-z0-9][a-z0-9-]*\).*/\1 \2/p' help.txt |
    sort -u >help.short
sed -n 's/^\.It Fl \([^ -]\) .*Fl -\([a-z0-9][a-z0-9-]*\).*/\1 \2/p' "$MAN" |
    sort -u >man.short
[ -s code.short ] || die "no short options found in $MAIN"
same code.short help.short
same code.short man.short

# Every short option letter of the getopt string is one of those.
opts=$(tr -d "\n\t" <"$MAIN" | sed -n 's/.*getopt_long( *argc, argv, "\([^"]*\)".*/\1/p' |
    tr -d ':')
[ -n "$opts" ] || die "no getopt_long option string in $MAIN"
printf '%s\n' "$opts" | fold -w1 | sort -u >getopt.short
cut -d' ' -f1 code.short | sort -u >code.letters
same getopt.short code.letters

# Every "Fl -name" mentioned anywhere in the man page exists.
grep -o 'Fl -[a-z0-9][a-z0-9-]*' "$MAN" | sed 's/^Fl -//' | sort -u \
    >man.mentioned
comm -23 man.mentioned code.long >unknown
[ ! -s unknown ] || die "man page names unknown options: $(tr '\n' ' ' \
    <unknown)"

# SYNOPSIS (mdoc source, rendered by hand) against the usage lines.
awk '
/^\.Sh / { on = ($2 == "SYNOPSIS"); next }
!on || !/^\./ { next }
{
	sub(/^\./, "")
	if ($1 == "Nm") { printf "%smfweights", n++ ? " " : ""; next }
	out = ""; open = 0
	for (i = 1; i <= NF; i++) {
		w = $i
		if (w == "Op") { out = out (out == "" ? "" : " ") "["; open++
		    sep = ""; continue }
		if (w == "Fl") { pre = "-"; continue }
		if (w == "Ar" || w == "Cm") continue
		out = out sep pre w; pre = ""; sep = " "
	}
	while (open-- > 0) out = out "]"
	printf " %s", out
}
END { print "" }' "$MAN" | sed 's/\[ /[/g; s/  */ /g; s/ *$//' >synopsis
sed -n '1,/^$/p' help.txt | sed 's/^usage://' | tr '\n' ' ' |
    sed 's/  */ /g; s/^ //; s/ *$//' >usage
echo >>usage
same usage synopsis
