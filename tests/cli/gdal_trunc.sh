# gdal_trunc: every GDAL format of the allow-list, cut at seven points
# (1/8 .. 7/8 of its size), is a bad file, never a mask counted with
# missing data (netCDF classic and PCIDSK need the helper's own size
# check: their GDAL drivers read the missing part as zeros).  One walk
# with --keep-going counts the one good file and lists every cut file.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
[ -x "$B/mfweights-gdal" ] || skip "built without the GDAL reader"
command -v gdal_translate >/dev/null || skip "gdal_translate not installed"
command -v jq >/dev/null || skip "jq not installed"

gt() { GDAL_PAM_ENABLED=NO gdal_translate -q "$@"; }
has_drv() { gdal_translate --formats | grep -q "^ *$1 "; }

mkdir src d
"$MK" d/good.png -w 97 -h 61 --classes 7 --seed 3
for x in HFA:img BMP:bmp GIF:gif netCDF:nc PCIDSK:pix \
    "JP2OpenJPEG:jp2:-co REVERSIBLE=YES -co QUALITY=100" \
    "netCDF:nc4:-co FORMAT=NC4"; do
	drv=${x%%:*} rest=${x#*:}
	ext=${rest%%:*} co=
	[ "$rest" = "$ext" ] || co=${rest#*:}
	has_drv "$drv" || continue
	# shellcheck disable=SC2086
	gt -of "$drv" $co d/good.png "src/m.$ext"
done
n=0
for f in src/*; do
	size=$(wc -c <"$f" | tr -d ' ')
	for k in 1 2 3 4 5 6 7; do
		head -c $((size * k / 8)) "$f" >"d/cut$k-${f#src/}"
		n=$((n + 1))
	done
done
[ $n -gt 0 ] || skip "no GDAL driver to write with"

run "$MFW" -j2 --keep-going --classes 7 d
expect_rc 1
eq "$(js .images)" 1 "images"
eq "$(js .skipped_files)" $n "skipped files"
hasnt err 'crashed'
