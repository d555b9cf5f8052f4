# scale_progress: progress goes to stderr only.  Not shown when stderr is
# a file (or a pipe) unless --progress, which then writes plain log lines
# (no carriage return, no escape), the last one "N/N files"; --quiet
# silences it.  In a terminal (a pseudo-terminal from util-linux script,
# and tmux when installed) one line is redrawn in place ("\r", erase to
# the end of line) while a slow file list trickles in, the total shown as
# "?" until the list ends; stdout is the same bytes as without progress.
# suites: plain
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"

mkdir g
for i in 1 2 3 4 5 6; do
	"$MK" g/m$i.png -w 40 -h 30 --classes 3 --seed $i
done
"$MFW" -c 3 g >plain.json 2>/dev/null || die "plain run failed"

# pline FILE: FILE has a progress line.
pline='mfweights: [0-9][0-9]*/[0-9?][0-9]* files, [0-9][0-9]* Mpx/s'

run "$MFW" -c 3 g
expect_rc 0
same out plain.json
hasnt err 'files,'
# A pipe is not a terminal either.
"$MFW" -c 3 g 2>&1 >/dev/null | cat >pipe.err
hasnt pipe.err 'files,'

run "$MFW" --progress -c 3 g
expect_rc 0
same out plain.json
has err "^$pline"
eq "$(grep "$pline" err | tail -1 | sed 's/ files.*//')" "mfweights: 6/6" \
    "the last progress line"
# Log lines: no carriage return, no escape sequence.
if tr -d '\n' <err | grep -q "$(printf '[\r\033]')"; then
	die "control characters in the log lines"
fi

run "$MFW" --progress -q -c 3 g
expect_rc 0
[ ! -s err ] || { cat err >&2; die "--quiet --progress printed"; }

# merge counts no files: no progress.
"$MFW" -q -f counts -c 3 g >part.json
run "$MFW" merge --progress part.json
expect_rc 0
hasnt err 'files,'

# A list that takes over a second to arrive: the line is redrawn.
cat >slow.sh <<EOF
{ echo g/m1.png; sleep 1.5; echo g/m2.png; } |
    "$MFW" -c 3 --files-from - >tty.json
EOF
"$MFW" -c 3 g/m1.png g/m2.png >want.json 2>/dev/null

if script --version 2>/dev/null | grep -q util-linux; then
	script -q -e -c "sh slow.sh" /dev/null >tty.out </dev/null ||
	    die "the run in a pseudo-terminal failed"
	same tty.json want.json
	tr '\r' '\n' <tty.out >lines
	n=$(grep -c "^$pline" lines || :)
	[ "$n" -ge 3 ] || { cat -v tty.out >&2; die "$n redraws in 1.5 s"; }
	has lines '^mfweights: 1/? files'
	has lines '^mfweights: 2/2 files'
	# Each redraw starts at the start of the line and erases its end.
	cr=$(printf '\r')
	esc=$(printf '\033')
	grep -q "${cr}mfweights: 1/? files.*${esc}\[K" tty.out ||
	    { cat -v tty.out >&2; die "no redraw in place"; }
	# Never on stdout: the JSON went to tty.json, nothing else did.
	hasnt tty.out '"classes"'
	ran_tty=1
fi

if command -v tmux >/dev/null; then
	sock=$PWD/tmux.sock
	# This test's own tmux server, stopped whatever happens.
	trap 'tmux -S "$sock" kill-server 2>/dev/null || :' EXIT
	tmux -S "$sock" new-session -d -x 120 -y 20 \
	    "sh slow.sh; touch finished; sleep 30" </dev/null ||
	    die "tmux would not start"
	i=0
	seen=""
	while [ ! -e finished ] && [ $i -lt 100 ]; do
		sleep 0.1
		tmux -S "$sock" capture-pane -p >mid 2>/dev/null || :
		grep -q 'mfweights: 1/? files' mid && seen=1
		i=$((i + 1))
	done
	tmux -S "$sock" capture-pane -p >pane
	tmux -S "$sock" kill-server 2>/dev/null || :
	[ -e finished ] || die "tmux: the run did not finish"
	same tty.json want.json
	[ -n "$seen" ] || die "tmux: no progress line during the run"
	# Redrawn in place: one progress line left on the screen, the last.
	eq "$(grep -c 'files,' pane)" 1 "progress lines on the tmux screen"
	has pane '^mfweights: 2/2 files, '
	ran_tty=1
fi
[ -n "${ran_tty:-}" ] || skip "neither util-linux script nor tmux: no terminal"
