# The C sources follow .clang-format (clang-format 14, KNF-like).
# suites: plain
command -v clang-format >/dev/null || skip "clang-format is not installed"
cd "$SRC"
for f in src/*.[ch] src/gdal/*.[ch] tests/unit/*.[ch] tests/tools/*.c \
    tests/fuzz/*.[ch] bench/*.c; do
	[ -f "$f" ] || continue
	clang-format --dry-run --Werror "$f" 2>>"$OLDPWD/fmt.err" ||
	    echo "$f" >>"$OLDPWD/fmt.bad"
done
cd "$OLDPWD"
if [ -s fmt.bad ]; then
	head -20 fmt.err >&2
	die "not formatted (run clang-format -i): $(tr '\n' ' ' <fmt.bad)"
fi
