# fault_pipe: a reader that goes away (`mfweights ... | head -c1`) ends
# the run quietly: no message on stderr, and an exit by SIGPIPE (141 from
# the shell) or 0, never a write error.  The output (65,536 classes) is
# far larger than a pipe buffer, so the write really meets the closed
# pipe, in every format.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
"$MK" a.png -w 20 -h 20 --classes 3
for f in json csv list table; do
	{ set +e; "$MFW" -q --classes 65536 -f $f a.png 2>err; echo $? >rc; } |
	    head -c1 >one
	rc=$(cat rc)
	case $rc in
	0|141) ;;
	*) cat err >&2; die "-f $f: exit $rc after the reader left" ;;
	esac
	[ ! -s err ] || { cat err >&2; die "-f $f: message on stderr"; }
	[ -s one ] || die "-f $f: the reader got nothing"
done
# The reader gone before anything is written.
{ set +e; "$MFW" -q --classes 3 a.png 2>err; echo $? >rc; } | true
rc=$(cat rc)
case $rc in
0|141) ;;
*) cat err >&2; die "early close: exit $rc" ;;
esac
[ ! -s err ] || { cat err >&2; die "early close: message on stderr"; }
