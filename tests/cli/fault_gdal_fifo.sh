# fault_gdal_fifo: a raster whose header names a FIFO as its data file
# must not block the run.  The walk passes over the FIFO itself, but the
# GDAL reader opens what an ER Mapper header names: its default data file
# (the header's name without .ers) or a DataFile line.  Each such header
# is a bad file (exit 3, named), or passed over, within the timeout; a
# good mask beside them is still counted with --keep-going.
# suites: plain asan
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v jq >/dev/null || skip "jq not installed"
ers() {
	{
		echo 'DatasetHeader Begin'
		[ -z "$2" ] || printf '\tDataFile\t= "%s"\n' "$2"
		printf '\tVersion\t= "6.0"\n\tDataSetType\t= ERStorage\n'
		printf '\tDataType\t= Raster\n\tByteOrder\t= LSBFirst\n'
		printf '\tRasterInfo Begin\n\t\tCellType\t= Unsigned8BitInteger\n'
		printf '\t\tNrOfLines\t= 4\n\t\tNrOfCellsPerLine\t= 4\n'
		printf '\t\tNrOfBands\t= 1\n\tRasterInfo End\n'
		echo 'DatasetHeader End'
	} >"$1"
}
mkdir d
mkfifo d/x d/pipe
ers d/x.ers ""
ers d/y.ers pipe
"$MK" d/good.png -w 4 -h 4 --classes 2
for f in d/x.ers d/y.ers; do
	run timeout 10 "$MFW" "$f"
	[ "$rc" -ne 124 ] || die "$f: blocked on a FIFO (timed out after 10 s)"
	expect_rc 3
	has err "^mfweights: $f: ."
done
run timeout 10 "$MFW" --keep-going d
[ "$rc" -ne 124 ] || die "walk: blocked on a FIFO (timed out after 10 s)"
[ "$rc" -le 1 ] || { cat err >&2; die "walk: exit $rc"; }
eq "$(js .images)" 1 "images"
