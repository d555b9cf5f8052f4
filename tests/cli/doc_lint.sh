# doc_lint: man/mfweights.1 is clean under `mandoc -T lint -W warning`
# (mandoc 1.14.6 exits 2 on a warning).  STYLE messages are not gated:
# "referenced manual not found" depends on the pages installed.
# suites: plain
command -v mandoc >/dev/null || skip "mandoc not installed"

run mandoc -T lint -W warning "$SRC/man/mfweights.1"
[ ! -s out ] || { cat out >&2; die "mandoc lint printed warnings"; }
[ ! -s err ] || { cat err >&2; die "mandoc lint printed warnings"; }
expect_rc 0

# It also renders: NAME, SYNOPSIS and the sections the manual promises.
run mandoc -T ascii "$SRC/man/mfweights.1"
expect_rc 0
bs=$(printf '\b')
sed "s/.$bs//g" out >page
for sec in NAME SYNOPSIS DESCRIPTION OUTPUT ENVIRONMENT "EXIT STATUS" \
    EXAMPLES "SEE ALSO" STANDARDS AUTHORS; do
	grep -q "^$sec\$" page || die "no $sec section"
done
