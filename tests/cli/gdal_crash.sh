# gdal_crash: a GDAL reader that dies on a file (SIGSEGV), or that meets
# a GDAL fatal error (which would abort()), makes that file a bad file
# naming the cause; the files after it are read by a new reader, and with
# --keep-going the output counts exactly the other files.  The helper's
# test hooks MFW_GDAL_TEST_CRASH / MFW_GDAL_TEST_FATAL choose the file.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"
command -v jq >/dev/null || skip "jq not installed"

gt() { GDAL_PAM_ENABLED=NO gdal_translate -q "$@"; }

mkdir d
for i in 1 2 3 4; do
	"$MK" m$i.png -w 40 -h 30 --classes 4 --seed $i
	gt -of HFA m$i.png d/m$i.img
done
mv d/m2.img d/m2-boom.img
"$MFW" --classes 4 d/m1.img d/m3.img d/m4.img >good.json
js .pixels good.json >want

for hook in CRASH FATAL; do
	case $hook in
	CRASH) why='GDAL reader crashed (signal 11)' ;;
	FATAL) why='GDAL fatal error: test fatal error' ;;
	esac
	for j in 1 2; do
		run env MFW_GDAL_TEST_$hook=boom "$MFW" -j$j --classes 4 d
		expect_rc 3
		[ ! -s out ] || die "stdout not empty"
		has err "d/m2-boom.img: $why"
		eq "$(grep -c "GDAL" err)" 1 "GDAL messages ($hook -j$j)"

		run env MFW_GDAL_TEST_$hook=boom "$MFW" -j$j --keep-going \
		    --classes 4 d
		expect_rc 1
		eq "$(js .images)" 3 "images ($hook -j$j)"
		js .pixels >got
		same got want
		js '.skipped[0].reason' >got
		eq "$(cat got)" "\"$why\"" "skipped reason"
	done
done

# A crash while listing a /vsi path is a bad operand, not a crash.
tar cf d.tar -C d .
run env MFW_GDAL_TEST_CRASH=d.tar "$MFW" --classes 4 /vsitar/d.tar
expect_rc 3
has err 'GDAL reader crashed while listing (signal 11)'
