# gdal_noload: mfweights itself never links libgdal, and a run over PNG
# and TIFF masks (and text files) never starts the GDAL reader, so it
# never loads libgdal; a run with one GDAL file starts exactly one reader
# per worker that meets such a file.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"

if command -v ldd >/dev/null; then
	ldd "$MFW" >libs
	hasnt libs libgdal
fi
command -v strace >/dev/null || skip "strace not installed"
strace -o /dev/null true 2>/dev/null || skip "strace cannot trace here"
# LeakSanitizer cannot run under ptrace.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

mkdir d
"$MK" d/a.png -w 40 -h 30 --classes 4 --seed 5
"$MK" d/b.png -w 40 -h 30 --classes 4 --seed 6 --depth 16
if [ -x "$B/mktiff" ]; then
	"$B/mktiff" d/c.tif --width 40 --height 30 --classes 4 2>/dev/null ||
	    rm -f d/c.tif
fi
echo 'ncols 2' >d/notes.txt

strace -f -qq -e trace=execve,openat -o trace "$MFW" -j2 --classes 4 d \
    >out 2>err || die "the run failed: $(cat err)"
grep -q 'execve("[^"]*/mfweights"' trace || die "strace saw no mfweights"
hasnt trace 'mfweights-gdal'
hasnt trace 'libgdal'

# The positive control: one GDAL file starts one reader.
[ -x "$B/mfweights-gdal" ] || exit 0
command -v gdal_translate >/dev/null || exit 0
GDAL_PAM_ENABLED=NO gdal_translate -q -of HFA d/a.png d/e.img
strace -f -qq -e trace=execve -o trace "$MFW" -j2 --classes 4 d \
    >out 2>err || die "the run failed: $(cat err)"
eq "$(grep -c 'execve("[^"]*/mfweights-gdal"' trace)" 1 "readers started"
