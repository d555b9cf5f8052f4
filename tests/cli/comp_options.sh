# comp_options: the bash, zsh and fish completions (completions/) know
# every option of src/main.c, whether it takes a value, its short form,
# the values of the enum options (src/enums.c) and the subcommands, and
# nothing else; tests/tools/compcheck.py compares them.  The checker is
# shown to fail on an option added to main.c without completion and on a
# value added to an enum table, so that this test cannot pass vacuously.
# suites: plain
C=$SRC/completions
check() {
	python3 "$SRC/tests/tools/compcheck.py" "$1" "$2" "$C/mfweights.bash" \
	    "$C/_mfweights" "$C/mfweights.fish"
}
run check "$SRC/src/main.c" "$SRC/src/enums.c"
expect_rc 0
cat out >&2

# A new option in the table, not completed: each shell is named.
sed 's|^\([[:space:]]*\){"help", no_argument, NULL, .h.},|&\n\1{"zz-new", required_argument, NULL, 999},|' \
    "$SRC/src/main.c" >main.c
grep -q zz-new main.c || die "could not add an option to a copy of main.c"
run check main.c "$SRC/src/enums.c"
expect_rc 1
for f in mfweights.bash _mfweights mfweights.fish; do
	has out "$f: --zz-new of main.c is not completed"
done

# A new method value, not offered.
sed 's/"balanced", NULL/"balanced", "zz-focal", NULL/' "$SRC/src/enums.c" \
    >enums.c
grep -q zz-focal enums.c || die "could not add a method to a copy of enums.c"
run check "$SRC/src/main.c" enums.c
expect_rc 1
has out 'mfweights.fish: --method offers'

# A new enum table the checker does not know.
printf 'const char *const zz_names[] = {"a", NULL};\n' >>enums.c
run check "$SRC/src/main.c" enums.c
expect_rc 1
has out 'table zz_names is not mapped'

# A new subcommand.
sed 's|"mfweights split"|& , "mfweights zz-new"|' "$SRC/src/main.c" >main.c
grep -q zz-new main.c || die "could not add a subcommand to a copy"
run check main.c "$SRC/src/enums.c"
expect_rc 1
has out "subcommands \['merge', 'sample', 'split'\], main.c has \['merge', 'sample', 'split', 'zz-new'\]"

# The files parse in their shells (zsh and fish when installed; the
# driving tests, comp_bash and comp_fish, run them for real).
bash -n "$C/mfweights.bash"
if command -v zsh >/dev/null; then zsh -n "$C/_mfweights"; fi
if command -v fish >/dev/null; then fish -n "$C/mfweights.fish"; fi
