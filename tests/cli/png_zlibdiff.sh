# png_zlibdiff: the fast PNG path (libdeflate) gives libpng's verdict on
# DEFLATE streams that libdeflate 1.14 accepts and zlib refuses.
# tests/tools/zforge.py writes PNGs with right CRCs and Adler-32 whose
# streams declare too many codes, overrun the code lengths, use a missing
# codeword of a one-code code, reach past a small window, use the fixed
# codes zlib calls invalid (and valid controls), with zlib's verdict as
# libpng asks it.  mfweights must count exactly the ones zlib accepts,
# refuse the others with libpng's words; the GDAL reader (its libpng)
# and the fuzz harness's differential (fast path against libpng alone,
# aborting on any disagreement) must agree.
# suites: plain asan
command -v python3 >/dev/null || skip "python3 not installed"
python3 "$SRC/tests/tools/zforge.py" d
[ "$(wc -l <d/EXPECT)" -ge 30 ] || die "zforge wrote too few cases"
grep -q ' ok$' d/EXPECT && grep -q ' bad$' d/EXPECT ||
    die "zforge: no valid or no invalid case"
gdal=0
[ -x "$B/mfweights-gdal" ] && gdal=1
bad=0
while read -r name want; do
	run "$MFW" -q "d/$name.png"
	case $want/$rc in
	ok/0) ;;
	bad/3)
		grep -q "$name.png: invalid PNG: IDAT: " err || {
			echo "$name: not libpng's reason: $(head -1 err)" >&2
			bad=$((bad + 1))
		}
		;;
	*)
		echo "$name: zlib says $want, mfweights exits $rc" >&2
		bad=$((bad + 1))
		;;
	esac
	[ "$gdal" -eq 1 ] || continue
	fast=$rc
	run "$MFW" -q --decoder gdal "d/$name.png"
	[ "$rc" -eq "$fast" ] || {
		echo "$name: exit $fast, with --decoder gdal $rc" >&2
		bad=$((bad + 1))
	}
done <d/EXPECT
[ "$bad" -eq 0 ] || die "$bad disagreements with zlib"

# The fuzz harness's differential aborts on any disagreement.
if [ -x "$B/replay_png" ]; then
	run "$B/replay_png" d
	[ "$rc" -eq 0 ] || { tail -5 err >&2; die "replay_png: exit $rc"; }
	has out '^replayed [0-9]* inputs$'
fi
