# tiff_reasons: the right reason for samples no label can be (issue 12,
# defect 7).  A UInt64 sample of 2^63 was "more than 4096 distinct
# values", a Float64 9223372036854775808.0 "not whole numbers": both are
# whole numbers outside the label range.  A GDAL_NODATA text that is no
# number ("5abc") was no nodata to the TIFF reader and nodata 5 to GDAL:
# both readers refuse it, saying why and what to pass.
# suites: plain asan
command -v python3 >/dev/null || skip "python3 is needed"
T=$SRC/tests/tools/tinytiff.py
python3 "$T" u64.tif u64 9223372036854775808
python3 "$T" f64.tif f64 9223372036854775808.0
python3 "$T" neg.tif f64 -1e19
python3 "$T" frac.tif f64 2.5
python3 "$T" big.tif f64 9.21e18
python3 "$T" nd.tif u8 5 5abc
python3 "$T" nd5.tif u8 5 ' 5 '
for f in u64 f64 neg; do
	run "$MFW" -c 6 $f.tif
	expect_rc 3
	has err "$f.tif: 2 samples are whole numbers outside the label range"
	hasnt err 'distinct values\|not whole'
done
run "$MFW" -c 6 frac.tif; expect_rc 3
has err 'frac.tif: 2 samples are not whole numbers'
# Fractions and huge whole numbers in one file (fuzz_tiff's input): both
# readers give the same reason, the fractions first.
mix=$SRC/tests/fuzz/findings/tiff-huge-floats.tif
for d in tiff gdal; do
	[ $d = tiff ] || [ -x "$B/mfweights-gdal" ] || continue
	run "$MFW" -c 6 --decoder $d "$mix"; expect_rc 3
	has err 'tiff-huge-floats.tif: 92 samples are not whole numbers (NaN, infinite or fractional)$'
done
# Whole and inside the range, though above 9.2e18: a label.
run "$MFW" -c 6 big.tif; expect_rc 3
has err 'label 9210000000000000000 (2 pixels) is not a class'
run "$MFW" -c 6 nd.tif; expect_rc 3
has err "nd.tif: its GDAL_NODATA tag is not a number.*pass --no-nodata"
run "$MFW" -c 6 --no-nodata nd.tif; expect_rc 0
eq "$(js .pixels)" '[0,0,0,0,0,2]'
run "$MFW" -c 6 nd5.tif; expect_rc 3
has err 'every pixel is ignored or nodata'
if [ -x "$B/mfweights-gdal" ]; then
	for f in u64 f64 neg; do
		run "$MFW" -c 6 --decoder gdal $f.tif
		expect_rc 3
		has err "2 samples are whole numbers outside the label range"
	done
	run "$MFW" -c 6 --decoder gdal frac.tif; expect_rc 3
	has err 'frac.tif: 2 samples are not whole numbers (NaN, infinite or fractional)$'
	run "$MFW" -c 6 --decoder gdal nd.tif; expect_rc 3
	has err "nd.tif: its GDAL_NODATA tag is not a number.*pass --no-nodata"
	run "$MFW" -c 6 --decoder gdal --no-nodata nd.tif; expect_rc 0
	eq "$(js .pixels)" '[0,0,0,0,0,2]'
	run "$MFW" -c 6 --decoder gdal nd5.tif; expect_rc 3
	has err 'every pixel is ignored or nodata'
fi
