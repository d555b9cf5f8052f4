# fault_signal: SIGINT and SIGTERM in the middle of a run with -o FILE
# stop it within a second or two with exit 130 / 143, leave no output
# file (an existing one unchanged), no temporary .mfweights-* file and
# nothing on stdout; with -j1 (the inline path) and -j2.
A=$SRC/tests/bad/tiff-alias-strips.tif
[ -f "$A" ] || skip "no $A"
# Each copy is 32768 x 32768 pixels from 13 KB: about a second of work.
mkdir big
i=0
while [ $i -lt 16 ]; do
	cp "$A" big/t$i.tif
	i=$((i + 1))
done
# A background job of a non-interactive shell starts with SIGINT ignored;
# a user's Ctrl-C meets mfweights with it at its default.
dflt=
if env --default-signal=INT true 2>/dev/null; then
	dflt="env --default-signal=INT,TERM"
fi
now() { date +%s.%N; }

# stop SIG STATUS ARGS...: start mfweights ARGS, send SIG after 0.5 s.
stop() {
	sig=$1 want=$2
	shift 2
	$dflt "$MFW" "$@" >out 2>err &
	pid=$!
	sleep 0.5
	kill -0 $pid 2>/dev/null || die "-$sig $*: finished before the signal"
	t0=$(now)
	kill -"$sig" $pid
	set +e
	wait $pid
	rc=$?
	set -e
	t1=$(now)
	if [ "$rc" -ne "$want" ]; then
		cat err >&2
		die "-$sig $*: exit $rc, expected $want"
	fi
	awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 3) }' ||
	    die "-$sig $*: took $t0 .. $t1 to stop"
	[ ! -s out ] || die "-$sig $*: output on stdout"
	if ls -a | grep '^\.mfweights-' >&2; then
		die "-$sig $*: temporary file left"
	fi
}

for j in 1 2; do
	stop INT 130 -j $j -o new.json big
	[ ! -e new.json ] || die "-j $j: SIGINT left new.json"
	stop TERM 143 -j $j -o new.json big
	[ ! -e new.json ] || die "-j $j: SIGTERM left new.json"
	echo keep >old.json
	stop INT 130 -j $j -o old.json big
	eq "$(cat old.json)" keep "old.json after SIGINT"
	stop TERM 143 -j $j -o old.json big
	eq "$(cat old.json)" keep "old.json after SIGTERM"
	# To stdout, too: nothing printed.
	stop TERM 143 -j $j big
done
