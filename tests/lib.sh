# tests/lib.sh: helpers sourced by every tests/cli script (POSIX sh).
set -eu

# die MESSAGE: fail the test.
die() { echo "FAIL: $*" >&2; exit 1; }
# skip MESSAGE: skip the test (exit 77).
skip() { echo "$*" >&2; exit 77; }

# run CMD...: run a command, keep stdout in ./out, stderr in ./err and the
# exit status in $rc; never fails by itself.
run() {
	set +e
	"$@" >out 2>err
	rc=$?
	set -e
}

# expect_rc N: the last `run` exited with N.
expect_rc() {
	[ "$rc" -eq "$1" ] || { cat err >&2; die "exit $rc, expected $1"; }
}

# fails STATUS PATTERN CMD...: CMD exits with STATUS, writes nothing on
# stdout, and a line of its stderr matches PATTERN.
fails() {
	want=$1 pat=$2
	shift 2
	run "$@"
	expect_rc "$want"
	[ ! -s out ] || die "$*: output on stdout"
	has err "$pat"
}

# eq A B [WHAT]: the two strings are equal.
eq() {
	[ "$1" = "$2" ] || die "${3:-value}: got '$1', expected '$2'"
}

# same FILE1 FILE2: the two files are byte-identical.
same() {
	cmp -s "$1" "$2" || { diff -u "$1" "$2" | head -30 >&2; die "$1 and $2 differ"; }
}

# has FILE PATTERN: FILE has a line matching the grep pattern.
has() {
	grep -q -- "$2" "$1" || { cat "$1" >&2; die "$1 lacks '$2'"; }
}

# hasnt FILE PATTERN: no line of FILE matches.
hasnt() {
	if grep -q -- "$2" "$1"; then cat "$1" >&2; die "$1 has '$2'"; fi
}

# vec N HISTFILE...: the "value count" lines of mkpng/mktiff --hist (summed
# over the files) as a JSON vector of the counts of values 0..N-1.
vec() {
	vec_n=$1
	shift
	awk -v n="$vec_n" '{ c[$1] += $2 }
	    END { printf "["; for (i = 0; i < n; i++)
		printf "%s%s", (i ? "," : ""), ((i in c) ? c[i] : 0);
		print "]" }' "$@"
}

# js FILTER [FILE]: jq -c FILTER on FILE (default ./out).
js() { jq -c "$1" "${2:-out}"; }

# need_pkgs PKG...: the Debian packages a test needs.  Missing ones are
# installed with apt-get when running as root (waiting for the dpkg lock,
# with one `apt-get update` if the first try fails) and the time it took
# goes to stderr; not root, the test is skipped, naming them.
need_pkgs() {
	need_missing=""
	for need_p in "$@"; do
		dpkg-query -W -f '${Status}\n' "$need_p" 2>/dev/null |
		    grep -q '^install ok installed$' ||
		    need_missing="$need_missing $need_p"
	done
	[ -n "$need_missing" ] || return 0
	[ "$(id -u)" -eq 0 ] ||
	    skip "needs$need_missing: run as root, or apt-get install$need_missing"
	need_t0=$(date +%s)
	need_apt() {
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 \
		    install -y -qq --no-install-recommends $need_missing \
		    >need_pkgs.log 2>&1
	}
	need_apt || { apt-get -o DPkg::Lock::Timeout=900 update -qq && need_apt; } ||
	    { tail -20 need_pkgs.log >&2; die "cannot install$need_missing"; }
	echo "need_pkgs: installed$need_missing in $(($(date +%s) - need_t0)) s" >&2
}

# refcmp OUT REF: a run's JSON report OUT has the counts of the reference
# report REF (tests/tools/reference.py), and its weights to 1e-12.
refcmp() {
	for refcmp_k in classes images pixels_total pixels_ignored pixels \
	    images_with_class image_pixels absent; do
		eq "$(js ".$refcmp_k" "$1")" "$(js ".$refcmp_k" "$2")" \
		    "$refcmp_k against the reference"
	done
	jq -n --slurpfile a "$1" --slurpfile b "$2" '
	    def close(x; y): (x == y) or
		(((x - y) | fabs) <= 1e-12 * ([x, y] | map(fabs) | max));
	    [$a[0].weights, $b[0].weights] | transpose
	    | map(close(.[0]; .[1])) | all' >refcmp.out
	eq "$(cat refcmp.out)" true "weights against the reference"
}

# as_nobody NAME: the permissions of a test must apply to the user that
# runs mfweights.  As root (CI), set $as to a setpriv prefix that runs as
# nobody, move to a world-readable directory /tmp/mfw-NAME.* (removed at
# exit) and copy $MFW there, since the build tree may be private; skip
# when that cannot work.  As another user, $as is empty.
as_nobody() {
	as=
	[ "$(id -u)" -eq 0 ] || return 0
	command -v setpriv >/dev/null || skip "root without setpriv"
	as="setpriv --reuid=65534 --regid=65534 --clear-groups --"
	as_dir=$(mktemp -d "/tmp/mfw-$1.XXXXXX")
	trap 'chmod -R u+rwx "$as_dir"; rm -rf "$as_dir"' EXIT
	chmod 755 "$as_dir"
	cd "$as_dir"
	cp "$MFW" "$as_dir/mfweights"
	MFW=$as_dir/mfweights
	$as test -x "$MFW" || skip "nobody cannot run $MFW"
}

# sanitized: is $MFW a sanitizer build?  Memory and time limits apply to
# plain builds only (ASan reserves terabytes and doubles the RSS).
sanitized() {
	grep -q -e __asan_init -e __tsan_init -e __msan_init "$MFW"
}
