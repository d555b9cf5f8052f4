# fuzz_replay: the fuzz harnesses of tests/fuzz, built with fuzz_main.c as
# $B/replay_NAME, replay tests/bad and freshly generated seeds: each
# input goes through the decoder the tool uses, and the decoder contract
# (status, reason, every sample counted once, histogram reset) is checked
# besides the sanitizers of the build.  The GDAL one runs the helper.
# The PNG ones abort when the fast path and libpng disagree.
# suites: plain
[ -x "$B/replay_png" ] || skip "no $B/replay_png (make check builds it)"
[ -x "$B/mkpng" ] && [ -x "$B/mktiff" ] || skip "no test generators"
sh "$SRC/tests/fuzz/make-seeds.sh" "$B" seeds
for n in png tiff gdal; do
	[ -x "$B/replay_$n" ] || continue
	set -- "$SRC/tests/bad" seeds
	for f in "$SRC/tests/fuzz/findings/$n-"*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	run "$B/replay_$n" "$@"
	[ "$rc" -eq 0 ] || { tail -20 err >&2; die "replay_$n: exit $rc"; }
	has out '^replayed [0-9]* inputs$'
done
# The DEFLATE stream harness and the parsers' (counts documents, tables,
# --files-from lists, per-image records, the command line), on their own
# seeds.
for n in pngz counts tables list records opts; do
	[ -x "$B/replay_$n" ] || die "no $B/replay_$n"
	# With the findings of tests/fuzz/findings that stay fixed.
	set -- "seeds/$n"
	for f in "$SRC/tests/fuzz/findings/$n-"*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	run "$B/replay_$n" "$@"
	[ "$rc" -eq 0 ] || { tail -20 err >&2; die "replay_$n: exit $rc"; }
	has out '^replayed [0-9]* inputs$'
done

# A GDAL helper that crashes or meets a fatal error on a file (test hooks
# of mfweights-gdal) makes that input a bad file, not a crash here.
if [ -x "$B/replay_gdal" ]; then
	for hook in MFW_GDAL_TEST_CRASH MFW_GDAL_TEST_FATAL; do
		run env "$hook=/proc/" "$B/replay_gdal" -v seeds/gdal
		[ "$rc" -eq 0 ] || { tail -20 err >&2; die "$hook: exit $rc"; }
		has err 'GDAL reader crashed\|GDAL fatal error'
	done
fi
