# Every input the tool reads besides images is bounded and every read
# error is an error (issue 12, defects 2-4): --map, --colors, --names and
# --files-from on /dev/zero, a directory, a line over the 64 KiB limit,
# under a memory limit; a NUL-separated list without -0; --files-from
# twice.  Each is one message and a failure, never a silent count.
# suites: plain asan
"$B/mkpng" a.png -w 8 -h 8 --values 0,1
"$B/mkpng" b.png -w 8 -h 8 --values 1
mkdir dir
awk 'BEGIN { s = "a"; while (length(s) < 70000) s = s s; print s }' >long.txt
# fails (tests/lib.sh): exit 2 (tables) or 3 (lists), the message.
for opt in --map --colors --names; do
	fails 2 "$opt: /dev/zero:1: the line is longer than 64 KiB" \
	    "$MFW" -c 2 "$opt" /dev/zero a.png
	fails 2 "$opt: dir:1: cannot read: Is a directory" \
	    "$MFW" -c 2 "$opt" dir a.png
	fails 2 "$opt: long.txt:1: the line is longer than 64 KiB" \
	    "$MFW" -c 2 "$opt" long.txt a.png
	hasnt err '^usage'
	# Under a memory limit the limit is met long before memory runs
	# out (it grew to 24 GB before).
	# (A sanitizer build reserves terabytes: no limit there.)
	lim="ulimit -v 300000 &&"
	! sanitized || lim=
	fails 2 "$opt: /dev/zero:1: the line is longer" \
	    sh -c "$lim"' exec "$@"' sh \
	    "$MFW" -c 2 "$opt" /dev/zero a.png
done
# A table over 16 MiB.
awk 'BEGIN { for (i = 0; i < 1100000; i++) print "name_of_class_" i }' \
    >huge.txt
fails 2 'huge.txt:[0-9]*: the file is longer than 16 MiB' \
    "$MFW" -c 2 --names huge.txt a.png

fails 3 '/dev/zero:1: the line is longer than 64 KiB' \
    "$MFW" -c 2 --files-from /dev/zero
fails 3 'more than 65536 empty entries in a row' \
    "$MFW" -c 2 -0 --files-from /dev/zero
fails 3 'dir:1: cannot read: Is a directory' "$MFW" -c 2 --files-from dir
fails 3 'the line is longer than 64 KiB' "$MFW" -c 2 --files-from long.txt
# A NUL-separated list without -0 counted only its first path.
printf 'a.png\0b.png\0' >nul.lst
fails 3 'nul.lst:1: a NUL byte: a NUL-separated list? pass -0' \
    "$MFW" -c 2 --files-from nul.lst
run "$MFW" -c 2 -0 --files-from nul.lst; expect_rc 0
eq "$(js .images)" 2
# Two lists: refused, not the second one alone.
printf 'a.png\n' >l1
printf 'b.png\n' >l2
fails 2 '--files-from given twice (l1, l2)' \
    "$MFW" -c 2 --files-from l1 --files-from l2
# A read error (EIO: reading /proc/self/mem at offset 0) is a system
# error, status 4, for a --dataset preset file (status 2 before) as for
# a table and a per-image file; never the end of the file.
if head -c 1 /proc/self/mem 2>&1 | grep -q 'Input/output error'; then
	fails 4 '/proc/self/mem: cannot read: Input/output error' \
	    "$MFW" --dataset /proc/self/mem a.png
	fails 4 '/proc/self/mem:1: cannot read: Input/output error' \
	    "$MFW" -c 2 --names /proc/self/mem a.png
	"$MFW" -q -c 2 --per-image r.jsonl a.png >/dev/null ||
	    die "--per-image"
	fails 4 '/proc/self/mem:1: cannot read: Input/output error' \
	    "$MFW" sample --sampling inverse r.jsonl /proc/self/mem
fi
# A preset over its 1 MiB limit.
head -c 1100000 /dev/zero >big.json
fails 2 'big.json: the file is longer than 1 MiB' \
    "$MFW" --dataset ./big.json a.png
