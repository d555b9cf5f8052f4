# --map remaps labels before counting; --classes and --ignore then speak
# of the mapped values.  The Cityscapes table ships in data/maps.
# suites: plain asan
MAP=$DATA/maps/cityscapes-trainid.csv
# 26 (car) -> 13, 7 (road) -> 0, 1 (ego vehicle) -> 255.
"$B/mkpng" c.png -w 30 -h 10 --values 26,7,7,1,7,26 --hist >c.hist
run "$MFW" -q -c 19 -i 255 --map "$MAP" c.png; expect_rc 0
eq "$(js '.pixels[0]')" 150 road
eq "$(js '.pixels[13]')" 100 car
eq "$(js .pixels_ignored)" 50 ignored
eq "$(js '.classes')" 19

# An unmapped label is a bad file naming the value ...
"$B/mkpng" d.png -w 10 -h 10 --values 7,40
run "$MFW" -q -c 19 -i 255 --map "$MAP" d.png; expect_rc 3
has err 'd.png: label 40 (50 pixels) has no mapping'
test ! -s out || die "stdout not empty"
# ... unless --map-default gives it a value.
run "$MFW" -q -c 19 -i 255 --map "$MAP" --map-default 255 d.png
expect_rc 0
eq "$(js .pixels_ignored)" 50

# Many to one, and a header line, comments and blanks are accepted.
printf 'from,to\n# merge 1 and 2\n0,0\n1,1\n\n2,1\n' >m.csv
"$B/mkpng" e.png -w 12 -h 1 --values 0,1,2
run "$MFW" -q --map m.csv e.png; expect_rc 0
eq "$(js .pixels)" '[4,8]'
# Malformed maps are usage errors naming the line.
printf '0,1\n1,x\n' >bad.csv
run "$MFW" --map bad.csv e.png; expect_rc 2; has err 'bad.csv:2'
printf '0,1\n0,2\n' >twice.csv
run "$MFW" --map twice.csv e.png; expect_rc 2; has err 'mapped twice'
run "$MFW" --map-default 3 e.png; expect_rc 2
