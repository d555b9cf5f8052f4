# --colors, --map and --names read the tables real repositories ship
# (issue 13, point 4): blanks after commas, extra columns read by header
# name, a UTF-8 BOM, CRLF, quoted fields, comments.  An error in such a
# file is one line FILE:LINE: reason, exit 2, no usage text.
# suites: plain asan
command -v python3 >/dev/null || skip "python3 is needed to write RGB twins"
# The first rows of CamVid/class_dict.csv as shipped by
# github.com/GeorgeSeif/Semantic-Segmentation-Suite (blanks after some
# commas, the class is the row number).
cat >seif.csv <<'CSV'
name,r,g,b
Animal,64,128,64
Archway,192,0,128
Bicyclist,0,128, 192
Bridge,0, 128, 64
Building,128, 0, 0
CSV
# CamVid/class_dict.csv as shipped by github.com/maning00/BiSeNet: an
# extra class_11 column (a flag, not the class) and blanks after commas.
cat >bisenet.csv <<'CSV'
name,r,g,b,class_11
scraper,1, 175, 76, 1
slag,227, 0, 144, 0
iron_water,2, 140, 210, 1
needle,255, 225, 2, 1
Void,255, 255, 255, 0
CSV
mkdir idx rgb rgb5
for i in 0 1 2; do
	"$B/mkpng" idx/m$i.png -w 19 -h 13 --classes 5 --seed $i --filter none
done
# The twin colours: row k of each table is class k.
awk -F, 'NR > 1 { gsub(/ /, ""); print $2 "," $3 "," $4 "," NR - 2 }' \
    seif.csv >seif.rgb
awk -F, 'NR > 1 { gsub(/ /, ""); print $2 "," $3 "," $4 "," NR - 2 }' \
    bisenet.csv >bisenet.rgb
for i in 0 1 2; do
	python3 "$SRC/tests/tools/rgbify.py" idx/m$i.png rgb/m$i.png seif.rgb
	python3 "$SRC/tests/tools/rgbify.py" idx/m$i.png rgb5/m$i.png \
	    bisenet.rgb
done
run "$MFW" -q -c 5 idx; expect_rc 0; mv out idx.json
run "$MFW" -q -c 5 --colors seif.csv rgb; expect_rc 0
eq "$(js .pixels)" "$(js .pixels idx.json)" "class_dict.csv counts"
eq "$(js .names)" '["Animal","Archway","Bicyclist","Bridge","Building"]'
run "$MFW" -q -c 5 --colors bisenet.csv rgb5; expect_rc 0
eq "$(js .pixels)" "$(js .pixels idx.json)" "class_11 counts"
eq "$(js .names)" '["scraper","slag","iron_water","needle","Void"]'
# -i NAME once names are known; -f table shows them.
run "$MFW" -q -c 5 --colors bisenet.csv -i Void rgb5; expect_rc 0
eq "$(js .ignore_values)" '[4]'
run "$MFW" -q -c 5 --colors bisenet.csv -i void -f table rgb5; expect_rc 0
has out '^ *4 Void .*(ignored)$'
has out '^class name '
run "$MFW" -q -c 5 -i Void idx; expect_rc 2
has err "'Void' is not a number; a class name needs --names"
run "$MFW" -q -c 5 --colors bisenet.csv -i Nope rgb5; expect_rc 2
has err "'Nope' is not a class name"

# The same table written by a spreadsheet on Windows: BOM, CRLF,
# quoted fields, a comment, columns in another order.
printf '\357\273\277# exported\r\n"R","G","B","Name","Class"\r\n' >win.csv
printf '64,128,64,"Animal, big",0\r\n192,0,128,Archway,1\r\n' >>win.csv
printf '0,128,192,Bicyclist,2\r\n0,128,64,"Bridge ""old""",3\r\n' >>win.csv
printf '128,0,0,Building,4\r\n' >>win.csv
run "$MFW" -q -c 5 --colors win.csv rgb; expect_rc 0
eq "$(js .pixels)" "$(js .pixels idx.json)" "BOM/CRLF counts"
eq "$(js '.names[0,3]')" "$(printf '"Animal, big"\n"Bridge \\"old\\""')"

# --names: a names file as shipped (BOM, CRLF), from stdin, or the name
# column of a class_dict.csv.
printf '\357\273\277a\r\nb\r\nc\r\nd\r\ne\r\n' >names.txt
run "$MFW" -q -c 5 --names names.txt idx; expect_rc 0
eq "$(js .names)" '["a","b","c","d","e"]'
run sh -c '"$0" -q -c 5 --names - idx <names.txt' "$MFW"; expect_rc 0
eq "$(js .names)" '["a","b","c","d","e"]'
run "$MFW" -q -c 5 --names bisenet.csv -f table idx; expect_rc 0
has out '^ *2 iron_water '
run "$MFW" -q -c 4 --names bisenet.csv idx; expect_rc 2
has err '^mfweights: --names: bisenet.csv: 5 names for 4 classes'

# --map: Cityscapes-style id,trainId columns with others around them.
printf 'name,id,trainId,category\nroad,0,1,flat\n"a, b",1,0,x\n' >ids.csv
printf 'x,2,2,y\nx,3,3,y\nx,4,4,y\n' >>ids.csv
run "$MFW" -q -c 5 --map ids.csv idx; expect_rc 0
eq "$(js '.pixels[0]')" "$(js '.pixels[1]' idx.json)" "id,trainId map"

# Errors: one line naming FILE:LINE, exit 2, nothing on stdout.
oneline() {
	expect_rc 2
	[ ! -s out ] || die "output on stdout"
	[ "$(wc -l <err)" -eq 1 ] || { cat err >&2; die "not one line"; }
	has err "$1"
}
printf 'name,r,g,b\nroad,1,2\n' >short.csv
run "$MFW" -c 5 --colors short.csv rgb; oneline '^mfweights: --colors: short.csv:2: '
printf 'name,r,g,b\nroad,1,2,"3\n' >quote.csv
run "$MFW" -c 5 --colors quote.csv rgb; oneline 'quote.csv:2: a quoted field is not closed'
printf 'name,red_value,green,blue\nroad,1,2,3\n' >hdr.csv
run "$MFW" -c 5 --colors hdr.csv rgb; oneline 'hdr.csv:1: the header names no r, g and b'
printf '0,1\n1,x\n' >bad.csv
run "$MFW" -c 5 --map bad.csv idx; oneline '^mfweights: --map: bad.csv:2: '
