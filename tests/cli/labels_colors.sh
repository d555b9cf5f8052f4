# Colour-coded masks: an RGB mask and its index twin count the same.
# suites: plain asan
command -v python3 >/dev/null || skip "python3 is needed to write RGB twins"
cat >colors.csv <<'CSV'
r,g,b,class,name
0,0,0,0,background
128,64,128,1,road
70,70,70,2,building
220,20,60,3,person
CSV
mkdir idx rgb
i=0
for v in 0,1,1,2 3,3,0 2,1,0,0,0 1; do
	"$B/mkpng" idx/m$i.png -w 23 -h 17 --values $v --filter none
	python3 "$SRC/tests/tools/rgbify.py" idx/m$i.png rgb/m$i.png colors.csv \
	    $([ $i = 2 ] && echo rgba)
	i=$((i + 1))
done
run "$MFW" -q -c 4 idx; expect_rc 0; mv out idx.json
run "$MFW" -q -c 4 --colors colors.csv rgb; expect_rc 0; mv out rgb.json
eq "$(js 'del(.names)' rgb.json)" "$(js . idx.json)" "RGB vs index twin"
eq "$(js .names rgb.json)" '["background","road","building","person"]'

# CamVid's class_dict.csv layout: name,r,g,b; the class is the row.
printf 'name,r,g,b\nvoid,0,0,0\nroad,128,64,128\nbuilding,70,70,70\nperson,220,20,60\n' >class_dict.csv
run "$MFW" -q -c 4 --colors class_dict.csv -f csv rgb; expect_rc 0
has out '^class,pixels,images,image_pixels,share,frequency,weight,name$'
has out ',void$'
eq "$(cut -d, -f2 out | tail -n +2 | tr '\n' ' ')" \
    "$(jq -r '.pixels[]' idx.json | tr '\n' ' ')" "camvid counts"

# An unknown colour names the file, the colour and its pixel count ...
printf 'r,g,b,class\n0,0,0,0\n128,64,128,1\n70,70,70,2\n' >short.csv
run "$MFW" -q -c 4 --colors short.csv rgb/m1.png; expect_rc 3
n=$("$MFW" -q -c 4 rgb/m1.png idx/m1.png --colors colors.csv --per-image - -o /dev/null | jq -s '.[1].counts["3"]')
has err "m1.png: unknown colour (220, 20, 60): $n pixels;"
# ... or is ignored on request.
run "$MFW" -q -c 4 --colors short.csv --unknown-color ignore rgb; expect_rc 0
eq "$(js .pixels_ignored)" "$(js '.pixels[3]' idx.json)"

# Without --colors an RGB mask is a bad file that says what to do.
run "$MFW" -q -c 4 rgb/m0.png; expect_rc 3; has err 'pass --colors'
# A colour given two classes is a usage error.
printf '0,0,0,0\n0,0,0,1\n' >dup.csv
run "$MFW" --colors dup.csv rgb; expect_rc 2; has err 'two classes'

# Colour TIFFs (interleaved RGB, stripped and tiled) count as their twins.
if command -v gdal_translate >/dev/null; then
	mkdir rgbt
	for f in rgb/*.png; do
		b=$(basename "$f" .png)
		gdal_translate -q -of GTiff -co PHOTOMETRIC=RGB "$f" rgbt/$b.tif
		gdal_translate -q -of GTiff -co PHOTOMETRIC=RGB -co TILED=YES \
		    -co BLOCKXSIZE=16 -co BLOCKYSIZE=16 -co COMPRESS=DEFLATE \
		    "$f" rgbt/${b}t.tif
	done
	rm -f rgbt/*.aux.xml
	run "$MFW" -q -c 4 --colors colors.csv rgbt; expect_rc 0
	eq "$(js .pixels)" "$(jq -c '.pixels | map(. * 2)' idx.json)" "TIFF colours"
	gdal_translate -q -of GTiff -co PHOTOMETRIC=RGB -co INTERLEAVE=BAND \
	    rgb/m0.png planar.tif
	run "$MFW" -q -c 4 --colors colors.csv planar.tif; expect_rc 3
	has err 'planar colour mask'
fi
