# gdal_vs_tiff: the libtiff reader and the GDAL reader (--decoder gdal)
# agree on TIFFs of every sample type and layout: the same exit status,
# the same stdout byte for byte, and the same message for bad files
# (negative labels, NaN samples); nodata (integral, and NaN on floats)
# works alike; a raster over --max-pixels is refused by both.
# suites: plain
MKT=$B/mktiff
[ -x "$MKT" ] || skip "no $MKT"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"

# Each line: mktiff options | mfweights options.
i=0
while IFS='|' read -r opts mopts; do
	i=$((i + 1))
	want=${opts##*# exit }
	opts=${opts%%#*}
	# shellcheck disable=SC2086
	"$MKT" t$i.tif --width 67 --height 45 --classes 5 --seed $i $opts ||
	    die "mktiff $opts failed"
	for dec in auto gdal; do
		set +e
		# shellcheck disable=SC2086
		"$MFW" --decoder $dec --classes 5 -f csv $mopts t$i.tif \
		    >$dec.out 2>$dec.err
		echo $? >$dec.rc
		set -e
	done
	same auto.rc gdal.rc
	same auto.out gdal.out
	eq "$(cat auto.rc)" "$want" "exit status for $opts"
	[ "$(cat auto.rc)" -eq 0 ] || same auto.err gdal.err
done <<'LIST'
--bits 8 # exit 0|
--bits 8 --tile 16x16 # exit 0|
--bits 8 --rows 0 --compress deflate # exit 0|
--bits 16 --compress lzw # exit 0|
--bits 16 --signed # exit 3|
--bits 16 --signed # exit 0| --ignore -2,-1
--bits 32 --offset 100000 # exit 3|
--bits 32 # exit 0|
--bits 32 --signed --tile 32x16 # exit 0| --ignore -2,-1
--bits 4 # exit 0|
--bits 1 --classes 2 # exit 0|
--float --bits 32 # exit 0|
--float --bits 64 --tile 16x32 # exit 0|
--float --bits 32 --nan-every 7 # exit 3|
--float --bits 64 --nodata nan --nan-every 7 # exit 0|
--bits 8 --nodata 0 # exit 0|
--bits 16 --nodata 3 --bigtiff # exit 0|
--bits 8 --spp 3 --separate # exit 3|
--bits 8 --spp 3 --separate # exit 0| --band 2
--bits 8 --photometric palette # exit 0|
LIST

for dec in auto gdal; do
	run "$MFW" --decoder $dec --classes 5 --max-pixels 1000 t1.tif
	expect_rc 3
	has err 't1.tif: 67 x 45 = 3015 pixels exceeds --max-pixels 1000'
done
