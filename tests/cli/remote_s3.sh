# remote_s3: s3:// operands against a local S3 server (moto, started and
# stopped by pid by tests/tools/s3local.sh) behind a proxy
# (tests/tools/s3proxy.py): the URL run equals the local run byte for
# byte (weights, --per-image lines with the URL for the path, any -j);
# shards of the URL merge to the whole; --files-from takes URLs; errors
# are named (missing bucket, missing object, access denied, a truncated
# object, and a 503 that a retry passes is no error); and with a delay
# per request the time follows files x delay / --requests, not
# files x delay.
MK=$B/mkpng
[ -x "$MK" ] || skip "no $MK"
command -v curl >/dev/null || skip "curl not installed"
command -v jq >/dev/null || skip "jq not installed"
[ -x "$B/mfweights-gdal" ] || skip "no GDAL reader: URLs are listed through it"
T=$SRC/tests/tools
sh "$T/s3local.sh" start . || exit $?
ppid=""
trap 'sh "$T/s3local.sh" stop .; [ -z "$ppid" ] || kill $ppid 2>/dev/null' EXIT
up=http://127.0.0.1:$(cat s3.port)

mkdir -p m/train/a m/train/b
i=0
while [ $i -lt 40 ]; do
	"$MK" "m/train/$([ $((i % 3)) -eq 0 ] && echo a || echo b)/x$i.png" \
	    -w $((30 + i)) -h 20 --classes 6 --seed $i --sprinkle 255
	i=$((i + 1))
done
python3 "$T/s3put.py" "$up" masks m/train train/
mkdir -p odd
"$MK" odd/deny.png -w 8 -h 8
"$MK" odd/trunc.png -w 300 -h 200 --classes 50
"$MK" odd/flaky.png -w 8 -h 8 --classes 3
python3 "$T/s3put.py" "$up" masks odd odd/

# proxy DELAY_MS: (re)start the proxy in front of the server.
proxy() {
	[ -z "$ppid" ] || { kill $ppid; wait $ppid 2>/dev/null || :; }
	rm -f pport pport.log
	python3 "$T/s3proxy.py" pport "$up" "$1" &
	ppid=$!
	n=0
	until [ -s pport ]; do
		n=$((n + 1))
		[ $n -lt 100 ] || die "the proxy did not start"
		sleep 0.1
	done
	export AWS_S3_ENDPOINT=127.0.0.1:$(cat pport)
}
export AWS_HTTPS=NO AWS_VIRTUAL_HOSTING=FALSE AWS_ACCESS_KEY_ID=test \
    AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_NO_SIGN_REQUEST AWS_DEFAULT_REGION || :
proxy 0

# The same bytes as the local copy.
"$MFW" -q -c 6 -i 255 -o local.json --per-image local.jsonl m/train
sed 's#"path": "m/train/#"path": "#' local.jsonl >local.lines
for j in 1 2 3; do
	run "$MFW" -q -c 6 -i 255 -j $j -o s3.json --per-image s3.jsonl \
	    s3://masks/train
	expect_rc 0
	same s3.json local.json
	sed 's#"path": "s3://masks/train/#"path": "#' s3.jsonl >s3.lines
	same s3.lines local.lines
done
run "$MFW" -q -c 6 -i 255 --requests 1 s3://masks/train/
expect_rc 0
same out local.json
# One object, and URLs in --files-from.
"$MFW" -q -c 6 -i 255 m/train/b/x1.png >one.want
run "$MFW" -q -c 6 -i 255 s3://masks/train/b/x1.png
expect_rc 0
same out one.want
printf 's3://masks/train/a\ns3://masks/train/b/\n' >list
run "$MFW" -q -c 6 -i 255 --files-from list
expect_rc 0
same out local.json

# Shards merged.
for k in 1 2 3; do
	run "$MFW" -q -c 6 -i 255 --shard $k/3 -f counts s3://masks/train
	expect_rc 0
	mv out part$k
done
run "$MFW" merge part1 part2 part3
expect_rc 0
same out local.json

# Errors, named; a 503 passes on the retry.
run "$MFW" -c 3 s3://masks/odd/flaky.png
expect_rc 0
eq "$(grep -c 'GET /masks/odd/flaky.png' pport.log)" 2 "tries of flaky.png"
run "$MFW" -c 6 s3://nobucket/train
expect_rc 3
has err '^mfweights: s3://nobucket/train: no such object or bucket (HTTP 404, NoSuchBucket'
run "$MFW" -c 6 s3://masks/train/nope.png
expect_rc 3
has err '^mfweights: s3://masks/train/nope.png: no such object or bucket (HTTP 404, NoSuchKey'
run "$MFW" -c 64 --keep-going s3://masks/odd
expect_rc 1
has err '^mfweights: s3://masks/odd/deny.png: access denied (HTTP 403, AccessDenied: Access Denied)$'
has err '^mfweights: s3://masks/odd/trunc.png: cannot fetch (after retries): '
eq "$(grep -c 'GET /masks/odd/trunc.png' pport.log)" 4 "tries of trunc.png"
eq "$(jq -r '.skipped | length' out)" 2 "skipped"

# libcurl is loaded (dlopen) when the first object is fetched; without
# it the run says what to install (GDAL, which needs libcurl too, cannot
# read the object either).  Root only: a mount namespace hides every
# build of libcurl from this run alone.
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	s=
	for l in $(ldconfig -p | awk '$1 ~ /^libcurl(-[a-z]+)?\.so\.4$/ {
	    print $NF }'); do
		s="$s mount --bind /dev/null $(readlink -f "$l") &&"
	done
	[ -n "$s" ] || die "no libcurl in ldconfig's cache"
	run unshare -m sh -c "$s exec \"\$0\" \"\$@\"" "$MFW" -c 6 \
	    s3://masks/train/x1.png
	expect_rc 3
	has err '^mfweights: notice: s3:// and http(s):// objects are fetched with libcurl, which is not installed (libcurl.so.4): install the package libcurl4; until then GDAL reads the objects'
	has err '^mfweights: s3://masks/train/x1.png: '
fi

# Latency hidden: 40 files, 200 ms a request.  The listing (three
# requests through GDAL) is timed apart: a run that lists and fetches
# nothing.
proxy 200
"$MFW" -q -c 6 -i 255 s3://masks/train >/dev/null # the proxy's cache
run "$MFW" -q -c 6 --include 'none*' s3://masks/train
t0=$(date +%s.%N)
run "$MFW" -q -c 6 --include 'none*' s3://masks/train
tl=$(date +%s.%N)
expect_rc 3
run "$MFW" -q -c 6 -i 255 -j 2 --requests 1 s3://masks/train
t1=$(date +%s.%N)
expect_rc 0
same out local.json
run "$MFW" -q -c 6 -i 255 -j 2 --requests 20 s3://masks/train
t2=$(date +%s.%N)
expect_rc 0
same out local.json
# One at a time: about 40 x 200 ms past the listing (at least 90 % of
# it: the listing timed apart varies by a few tenths).  Twenty: about
# 2 x 200 ms plus the decoding; at least 3x faster on a loaded machine
# (about 10x on an idle one).
awk -v a="$t0" -v l="$tl" -v b="$t1" -v c="$t2" 'BEGIN {
	list = l - a; one = b - l - list; many = c - b - list
	printf "listing %.2f s; then requests 1: %.2f s, 20: %.2f s\n",
	    list, one, many
	exit !(one >= 7.2 && many * 3 < one) }' >&2 ||
    die "latency not hidden"
