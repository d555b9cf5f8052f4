#!/bin/sh
# s3local.sh: a local S3-compatible server for the tests, on loopback.
#
#	s3local.sh start DIR   start it; DIR/s3.pid, DIR/s3.port, DIR/s3.log
#	s3local.sh stop DIR    stop it, by its pid
#
# The server is moto's (Python package moto, with its server extras,
# flask and werkzeug; `pip install 'moto[server]'`), which keeps buckets
# in memory and accepts any credentials.  start exits 77, saying why,
# when moto is not installed or the server does not answer in 30 s.
set -eu
cmd=$1 dir=$2
case $cmd in
start)
	python3 -c 'import moto.server, flask, boto3' 2>/dev/null || {
		echo "needs the Python packages moto[server] and boto3" >&2
		exit 77
	}
	port=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	python3 -m moto.server -H 127.0.0.1 -p "$port" >"$dir/s3.log" 2>&1 \
	    </dev/null &
	echo $! >"$dir/s3.pid"
	echo "$port" >"$dir/s3.port"
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
		i=$((i + 1))
		if [ $i -gt 300 ] || ! kill -0 "$(cat "$dir/s3.pid")" 2>/dev/null
		then
			kill "$(cat "$dir/s3.pid")" 2>/dev/null || :
			echo "the local S3 server did not start:" \
			    "$(tail -1 "$dir/s3.log")" >&2
			exit 77
		fi
		sleep 0.1
	done
	;;
stop)
	[ -f "$dir/s3.pid" ] && kill "$(cat "$dir/s3.pid")" 2>/dev/null || :
	rm -f "$dir/s3.pid"
	;;
*)
	echo "usage: s3local.sh start|stop DIR" >&2
	exit 2
	;;
esac
