# preset_file: a team's own preset (--dataset ./FILE.json): it counts as
# the options it stands for; any option given on the command line
# replaces the preset's value of the same thing; a bad file stops the run
# with one line naming the file and the line of the bad value.
# suites: plain asan
command -v python3 >/dev/null || skip "python3 is needed for the reference"
command -v jq >/dev/null || skip "jq not installed"
MK=$B/mkpng

mkdir -p set/labels set/photos twin empty
"$MK" set/labels/a.png -w 20 -h 10 --values 10,20,30,99,10
"$MK" set/labels/b.png -w 20 -h 10 --values 30,30,40,99
"$MK" set/photos/a.png -w 20 -h 10 --type rgb --values 1,2,3
"$MK" set/labels/notes.png -w 20 -h 10 --type rgb --values 4
"$MK" twin/a.png -w 20 -h 10 --values 0,1,2,255,0
"$MK" twin/b.png -w 20 -h 10 --values 2,2,3,255
cat >ours.json <<'JSON'
{
  "description": "our scenes",
  "sources": ["https://wiki.example.org/labels"],
  "include": ["*.png"],
  "exclude": ["notes.png"],
  "include_path": ["*labels/*"],
  "names": ["road", "car", "person", "tree"],
  "ignore": [255],
  "map": [[10, 0], [20, 1], [30, 2], [40, 3], [99, 255]]
}
JSON
python3 "$SRC/tests/tools/reference.py" twin --classes 4 --ignore 255 \
    >ref.json
run "$MFW" -q --dataset ./ours.json set; expect_rc 0
refcmp out ref.json
eq "$(js .names)" '["road","car","person","tree"]'
# NAME.json without a slash is a file too.
run "$MFW" -q --dataset ours.json set; expect_rc 0
refcmp out ref.json

# Overrides.  -c: more classes (the extra one absent).
run "$MFW" -q --dataset ./ours.json -c 5 set; expect_rc 0
eq "$(js .classes)" 5
eq "$(js .absent)" '[4]'
# -i replaces the ignore list: 255 is then a label, and not a class.
run "$MFW" -q --dataset ./ours.json -i 2,255 set; expect_rc 0
eq "$(js .ignored)" '[2]'
run "$MFW" -q --dataset ./ours.json -i 2 set; expect_rc 3
has err 'label 255'
# --names replaces the names.
printf 'a\nb\nc\nd\n' >n.txt
run "$MFW" -q --dataset ./ours.json --names n.txt set; expect_rc 0
eq "$(js .names)" '["a","b","c","d"]'
# --map replaces the map.
printf '10,0\n20,0\n30,0\n40,0\n99,1\n' >m.csv
run "$MFW" -q --dataset ./ours.json --map m.csv -c 2 -i 1 set; expect_rc 0
eq "$(js .pixels_ignored)" "$(js .pixels_ignored ref.json)"
eq "$(js '.pixels[0]')" "$(js '.pixels | add' ref.json)"
# --map-default with the preset's map (no --map of its own).
"$MK" set/labels/c.png -w 4 -h 4 --values 77
run "$MFW" -q --dataset ./ours.json set; expect_rc 3
has err 'label 77'
run "$MFW" -q --dataset ./ours.json --map-default 255 set; expect_rc 0
rm set/labels/c.png
# --include replaces both include patterns: the photos folder is then
# walked too (an RGB image: a bad file), and notes.png still excluded.
run "$MFW" -q --dataset ./ours.json --include 'a.png' set; expect_rc 3
has err 'photos/a.png'
# --exclude replaces the exclusions: notes.png (RGB) is then counted.
run "$MFW" -q --dataset ./ours.json --exclude 'b.png' set; expect_rc 3
has err 'notes.png'

# Errors: exit 2, one line, FILE:LINE: what.
bad() {
	printf "$1" >bad.json
	run "$MFW" -q --dataset ./bad.json empty; expect_rc 2
	eq "$(wc -l <err | tr -d ' ')" 1 "one line for: $2"
	has err "^mfweights: \./bad\.json:$2"
	test ! -s out || die "stdout not empty"
}
bad '{\n  "clases": 4\n}\n' '2: unknown member "clases"'
bad '{\n  "classes": 4,\n\n  "ignore": [x]\n}\n' '4: invalid token'
bad '{\n "classes": 4,\n "map": [\n  [0, 1],\n  [1, 9]\n ]\n}\n' \
    '5: "map" entry 2: 9 is neither a class (0..3) nor an ignore value'
bad '{\n "map": [[1, 2],\n  [1, 3]]\n}\n' '3: "map" entry 2: label 1 is mapped twice'
bad '{\n "names": ["a", "b"],\n "classes": 3\n}\n' '2: "names" has 2 names for 3 classes'
bad '{"classes": 4,\n "classes": 5}\n' '2: duplicate object key'
bad '{\n "classes": 0\n}\n' '2: "classes": expected a whole number from 1'
bad '{\n "classes": 2,\n "colors": [\n  [0, 0, 0, 0],\n  [0, 256, 0, 1]\n ]\n}\n' \
    '5: "colors" entry 2: expected \[r, g, b, class\]'
bad '{\n "colors": [[1, 2, 3, 0],\n  [1, 2, 3, 1]]\n}\n' \
    '3: "colors" entry 2: colour 1,2,3 is given two classes'
bad '{\n "color_threshold": 128\n}\n' '2: "color_threshold" needs "colors"'
bad '{\n "include": "*.png"\n}\n' '2: "include": expected a list of strings'
bad '{\n "unknown_color": "maybe"\n}\n' '2: "unknown_color": expected'
bad '[1, 2]\n' '1: expected a JSON object'
bad '' '1: '
run "$MFW" -q --dataset ./missing.json empty; expect_rc 2
has err 'missing.json: No such file'
