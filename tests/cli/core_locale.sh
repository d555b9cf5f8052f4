# core_locale: numbers are printed in the C locale whatever the user's
# locale: under de_DE.UTF-8 (decimal comma) JSON and CSV are unchanged.
# The locale is compiled into the scratch directory with localedef when
# the system does not have it; the test is skipped when neither works.
# suites: plain asan
loc=de_DE.UTF-8
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\{0,1\}8$'; then
	command -v localedef >/dev/null || skip "no de_DE locale, no localedef"
	mkdir loc
	localedef -i de_DE -f UTF-8 "$PWD/loc/$loc" >/dev/null 2>&1 ||
	    skip "de_DE.UTF-8 not available and localedef failed"
	LOCPATH=$PWD/loc
	export LOCPATH
fi
# The locale really has a decimal comma (else the test proves nothing).
[ "$(LC_ALL=$loc locale decimal_point 2>/dev/null)" = "," ] ||
    skip "$loc does not load"

for fmt in json csv; do
	"$MFW" -f $fmt "$DATA/masks" --classes 4 --ignore 255 >c.$fmt ||
	    die "C locale run failed"
	LC_ALL=$loc "$MFW" -f $fmt "$DATA/masks" --classes 4 --ignore 255 \
	    >de.$fmt || die "$loc run failed"
	same c.$fmt de.$fmt
	LANG=$loc LC_NUMERIC=$loc LC_ALL='' "$MFW" -f $fmt "$DATA/masks" \
	    --classes 4 --ignore 255 >de2.$fmt || die "LC_NUMERIC run failed"
	same c.$fmt de2.$fmt
done
same c.json "$DATA/expected.json"
LC_ALL=$loc "$MFW" --precision 3 "$DATA/masks" --classes 4 --ignore 255 \
    >p.json || die "--precision under $loc failed"
"$MFW" --precision 3 "$DATA/masks" --classes 4 --ignore 255 >pc.json
same pc.json p.json
