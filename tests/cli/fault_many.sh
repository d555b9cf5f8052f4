# fault_many: 100,000 files in one directory (distinct files, not hard
# links, which count once): every one is counted, in bounded memory.
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v python3 >/dev/null || skip "python3 not installed"
command -v jq >/dev/null || skip "jq not installed"
# Creating 100,000 files takes 15 s on this machine's disk, 3 s on
# tmpfs: use /dev/shm when there is one.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	w=$(mktemp -d /dev/shm/mfw-many.XXXXXX)
	trap 'rm -rf "$w"' EXIT
	cd "$w"
fi
for v in 0 1 2; do
	"$MK" p$v.png -w 1 -h 1 --const $v
done
mkdir many
python3 - <<'PYEOF'
import os
src = [open('p%d.png' % v, 'rb').read() for v in range(3)]
for i in range(100000):
    with open('many/m%06d.png' % i, 'wb') as f:
        f.write(src[i % 3])
PYEOF
run timeout 120 "$MFW" --classes 3 many
expect_rc 0
eq "$(js .images)" 100000 "images"
eq "$(js .pixels)" "[33334,33333,33333]" "pixels"
