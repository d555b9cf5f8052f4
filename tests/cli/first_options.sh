# first_options: a misspelt option gets the nearest valid one and one line
# pointing at the help, never the whole usage; a missing value and an
# ambiguous prefix say so; each mode's --help describes that mode.  The
# suggestion, once applied, runs.
# suites: plain asan
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
"$MK" m.png -w 8 -h 8 --values 0,1,2,11

run "$MFW" --clases 11 m.png
expect_rc 2
[ ! -s out ] || die "output on stdout"
has err '^mfweights: unknown option --clases; did you mean --classes?$'
has err "mfweights --help"
hasnt err '^usage:'
[ "$(wc -l <err)" -le 2 ] || die "$(wc -l <err) lines"
# The suggestion works.
sug=$(sed -n 's/.*did you mean \(--[a-z-]*\)?$/\1/p' err)
run "$MFW" "$sug" 12 m.png
expect_rc 0

for pair in ignroe:ignore keepgoing:keep-going formt:format \
    presicion:precision include:include theads:threads; do
	bad=${pair%%:*} good=${pair#*:}
	[ "$bad" = "$good" ] && continue
	run "$MFW" "--$bad" 1 m.png
	expect_rc 2
	has err "did you mean --$good?"
done
# --name=value: the name alone is compared.
run "$MFW" --clases=12 m.png
expect_rc 2
has err 'unknown option --clases; did you mean --classes?'
# Far from every option: no guess.
run "$MFW" --frobnicate m.png
expect_rc 2
has err '^mfweights: unknown option --frobnicate$'
# Missing value, short and long; an ambiguous prefix lists the choices.
run "$MFW" m.png --classes
expect_rc 2
has err '^mfweights: --classes needs a value$'
run "$MFW" m.png -c
expect_rc 2
has err '^mfweights: -c needs a value$'
run "$MFW" --sa x m.png
expect_rc 2
has err '^mfweights: --sa is ambiguous: --sample-format, --sample-weights, --sampling$'
run "$MFW" -Z m.png
expect_rc 2
has err '^mfweights: unknown option -Z$'
# A bad value: one line and the pointer, no usage dump.
run "$MFW" -c abc m.png
expect_rc 2
eq "$(wc -l <err | tr -d ' ')" 2 "lines for a bad value"
hasnt err '^usage:'

# Each mode's help is its own.
run "$MFW" merge --help
expect_rc 0
has out '^usage: mfweights merge '
has out 'counts documents'
hasnt out 'sampling NAME'
run "$MFW" sample --help
expect_rc 0
has out '^usage: mfweights sample --sampling'
run "$MFW" split --help
expect_rc 0
has out '^usage: mfweights split --ratios'
run "$MFW" merge --bogus x
expect_rc 2
has err "mfweights merge --help"
# The main help is unchanged in shape.
run "$MFW" --help
expect_rc 0
has out '^usage: mfweights \[-0hqV\]'
