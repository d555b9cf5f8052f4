# output_clash: an output file (-o, --per-image, --plot) that is one of
# the input masks is refused before anything is written, exit 2, the
# mask left intact, --keep-going or not (issue 12, defect 8: -o naming an
# input overwrote the mask with JSON, exit 0).  The check compares device
# and inode of each input met with those of the outputs that exist.
# suites: plain asan
mkdir d
"$B/mkpng" d/a.png -w 8 -h 8 --values 0,1
"$B/mkpng" d/b.png -w 8 -h 8 --values 1
cp d/a.png a.keep
cp d/b.png b.keep
ln d/b.png hard.png
clash() {
	expect_rc 2
	[ ! -s out ] || die "output on stdout"
	same d/a.png a.keep
	same d/b.png b.keep
	has err "$1"
}
run "$MFW" -c 2 -o d/a.png d/a.png d/b.png
clash '^mfweights: d/a.png is also the -o file d/a.png'
run "$MFW" -c 2 -o d/b.png --keep-going d
clash 'd/b.png is also the -o file d/b.png'
# Another name for the same file: a hard link.
run "$MFW" -c 2 -o hard.png d
clash 'd/b.png is also the -o file hard.png'
run "$MFW" -c 2 -o w.json --per-image d/a.png d
clash 'is also the --per-image file d/a.png'
[ ! -e w.json ] || die "weights written after a clash"
run "$MFW" -c 2 --plot d/b.png d
clash 'is also the --plot file d/b.png'
printf 'd/b.png\n' >list
run "$MFW" -c 2 -o d/b.png --files-from list
clash 'is also the -o file'
# An output file that is not an input is fine.
run "$MFW" -c 2 -o w.json d; expect_rc 0
[ -s w.json ] || die "no weights"
