# fault_signal_race: SIGTERM at any moment of a short run with -o FILE
# leaves either the old file or the complete new one, and never a
# temporary .mfweights-* file: the clean-up of output.c cannot race with
# the making of the temporary name.  100 runs of the bundled sample (a
# few milliseconds each), each signalled after a different delay, so
# that some land before, some during and some after the output is made.
command -v jq >/dev/null || skip "jq not installed"
dflt=
if env --default-signal=TERM true 2>/dev/null; then
	dflt="env --default-signal=INT,TERM"
fi
"$MFW" -q -c 4 -i 255 "$DATA/masks" >want.json
i=0
while [ $i -lt 100 ]; do
	echo '"old"' >out.json
	$dflt "$MFW" -q -c 4 -i 255 -j 2 -o out.json "$DATA/masks" &
	pid=$!
	# 0 to 9.9 ms, stepping through the run.
	sleep "0.00$((i % 10))$((i / 10))"
	kill -TERM $pid 2>/dev/null || :
	set +e
	wait $pid
	rc=$?
	set -e
	case $rc in
	0 | 143) ;;
	*) die "run $i: exit $rc" ;;
	esac
	if ls -a | grep '^\.mfweights-' >&2; then
		die "run $i: temporary file left (exit $rc)"
	fi
	if ! cmp -s out.json want.json && [ "$(cat out.json)" != '"old"' ]; then
		die "run $i: out.json is neither old nor complete"
	fi
	i=$((i + 1))
done
