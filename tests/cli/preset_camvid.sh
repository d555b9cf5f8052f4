# preset_camvid: the two CamVid presets.  camvid reads SegNet's layout
# (CamVid/trainannot/*.png gray masks beside CamVid/train/*.png photos of
# the same names), 11 classes with 11 (Unlabelled) ignored; camvid-32
# reads the original colour masks (*_L.png) grouped into the same 11
# classes as MATLAB's camvidPixelLabelIDs does.  Both against an
# independent count (tests/tools/reference.py) of gray twins.
# suites: plain
command -v python3 >/dev/null || skip "python3 is needed for the reference"
command -v jq >/dev/null || skip "jq not installed"
MK=$B/mkpng

mkdir -p CamVid/trainannot CamVid/train CamVid/valannot CamVid/val
"$MK" CamVid/trainannot/0001TP_006690.png -w 48 -h 36 --values 3,3,0,1,11,8,9
"$MK" CamVid/trainannot/0001TP_006720.png -w 48 -h 36 --values 10,11,4,5,2
"$MK" CamVid/valannot/0016E5_07959.png -w 30 -h 20 --values 6,7,3,11
for n in train/0001TP_006690 train/0001TP_006720 val/0016E5_07959; do
	"$MK" CamVid/$n.png -w 48 -h 36 --type rgb --values 1,2,3
done
python3 "$SRC/tests/tools/reference.py" CamVid/trainannot CamVid/valannot \
    --classes 11 --ignore 11 >ref.json
run "$MFW" -q --dataset camvid CamVid; expect_rc 0
refcmp out ref.json
eq "$(js .names)" \
    '["Sky","Building","Pole","Road","Pavement","Tree","SignSymbol","Fence","Car","Pedestrian","Bicyclist"]'
eq "$(js .ignore_values)" '[11]'
# One annotation folder alone.
python3 "$SRC/tests/tools/reference.py" CamVid/valannot --classes 11 \
    --ignore 11 >ref1.json
run "$MFW" -q --dataset camvid CamVid/valannot; expect_rc 0
refcmp out ref1.json

# camvid-32.  Each colour of CamVid's label_colors.txt gets an index L
# here (r,g,b,L) and its SegNet class by hand, from MATLAB's grouping:
# 0 Sky; 1 Building (+Wall, Bridge); 2 Pole (+TrafficCone); 3 Road
# (+LaneMkgsDriv); 4 Pavement (Sidewalk); 5 Tree (+VegetationMisc);
# 6 SignSymbol (+Misc_Text); 7 Fence; 8 Car (+SUVPickupTruck, Train);
# 9 Pedestrian (+Animal); 10 Bicyclist (+MotorcycleScooter); Void ignored.
cat >colors.csv <<'CSV'
128,128,128,0
128,0,0,1
64,192,0,2
0,128,64,3
192,192,128,4
0,0,64,5
128,64,128,6
128,0,192,7
0,0,192,8
128,128,0,9
192,192,0,10
192,128,128,11
128,128,64,12
64,64,128,13
64,0,128,14
64,128,192,15
192,64,128,16
64,64,0,17
64,128,64,18
0,128,192,19
192,0,192,20
0,0,0,21
CSV
mkdir labels twin
"$MK" idx1.png -w 40 -h 30 --values 0,1,2,3,4,5,6,7,8,9,10 --filter none
"$MK" twin/1.png -w 40 -h 30 --values 0,1,1,1,2,2,3,3,4,5,5
"$MK" idx2.png -w 40 -h 30 --values 11,12,13,14,15,16,17,18,19,20,21,14 \
    --filter none
"$MK" twin/2.png -w 40 -h 30 --values 6,6,7,8,8,8,9,9,10,10,255,8
python3 "$SRC/tests/tools/rgbify.py" idx1.png labels/0001TP_006690_L.png \
    colors.csv
python3 "$SRC/tests/tools/rgbify.py" idx2.png labels/Seq05VD_f00000_L.png \
    colors.csv rgba
# The photos beside them, as in 701_StillsRaw_full: never counted.
"$MK" labels/0001TP_006690.png -w 40 -h 30 --type rgb --values 7,7,9
python3 "$SRC/tests/tools/reference.py" twin --classes 11 --ignore 255 \
    >ref32.json
run "$MFW" -q --dataset camvid-32 labels; expect_rc 0
refcmp out ref32.json
eq "$(js '.names[8]')" '"Car"'

# A colour outside the table is a bad file naming it, unless ignored.
"$MK" idx3.png -w 4 -h 4 --values 0 --filter none
printf '1,2,3,0\n' >odd.csv
python3 "$SRC/tests/tools/rgbify.py" idx3.png labels/odd_L.png odd.csv
run "$MFW" -q --dataset camvid-32 labels; expect_rc 3
has err 'odd_L.png'
run "$MFW" -q --dataset camvid-32 --unknown-color ignore labels
expect_rc 0
eq "$(js .pixels)" "$(js .pixels ref32.json)" "unknown colour ignored"
