#!/usr/bin/env python3
"""s3proxy.py: a delaying, fault-injecting HTTP proxy for the S3 tests.

    s3proxy.py PORTFILE UPSTREAM DELAY_MS

Listens on a free loopback port (written to PORTFILE once it listens),
forwards every request to UPSTREAM (http://127.0.0.1:PORT of a local S3
server) after sleeping DELAY_MS, one thread per connection, so that
requests wait in parallel as they would on a distant store.  Faults, by
the object key:

  a key holding "deny"   403 with an S3 AccessDenied error document
  a key holding "trunc"  the object's headers, half its body, then the
                         connection is closed (a truncated transfer)
  a key holding "flaky"  503 SlowDown to the first request for it, then
                         the object (a fault that a retry passes)

A successful answer is kept and served again (the upstream server may
be slower than the delay under test).  Every request is counted in PORTFILE.log, one line "METHOD PATH".
"""
import http.client
import os
import http.server
import sys
import threading
import time
import urllib.parse

portfile, upstream, delay = sys.argv[1], sys.argv[2], int(sys.argv[3]) / 1000
up = urllib.parse.urlsplit(upstream)
seen = set()
# Answers of 200 are kept and served again without asking the server: a
# local S3 server in Python answers one request at a time, slower than
# the delay under test; the cache leaves the delay alone in the timing.
cache = {}
lock = threading.Lock()
log = open(portfile + ".log", "a", buffering=1)


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle's algorithm on, the
    # body waits for the client's delayed ACK of the headers (40 ms on
    # Linux), which no real store adds: every answer would take the delay
    # plus 40 ms.
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def fail(self, code, s3code, msg):
        body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s"
                "</Code><Message>%s</Message></Error>" % (s3code, msg)).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.forward("GET")

    def do_HEAD(self):
        self.forward("HEAD")

    def forward(self, method):
        with lock:
            log.write("%s %s\n" % (method, self.path))
        time.sleep(delay)
        path = urllib.parse.urlsplit(self.path).path
        if "deny" in path:
            return self.fail(403, "AccessDenied", "Access Denied")
        if "flaky" in path and method == "GET":
            with lock:
                first = path not in seen
                seen.add(path)
            if first:
                return self.fail(503, "SlowDown", "Please reduce your rate")
        with lock:
            hit = cache.get((method, self.path))
        if hit is None:
            conn = http.client.HTTPConnection(up.hostname, up.port,
                                              timeout=30)
            hdrs = {k: v for k, v in self.headers.items()
                    if k.lower() not in ("connection", "keep-alive")}
            conn.request(method, self.path, headers=hdrs)
            r = conn.getresponse()
            hit = (r.status, r.getheaders(), r.read())
            conn.close()
            if hit[0] == 200:
                with lock:
                    cache[(method, self.path)] = hit
        status, headers, body = hit
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in ("connection", "transfer-encoding",
                                 "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if "trunc" in path and method == "GET" and status == 200:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.end_headers()
        if method == "GET":
            self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    # socketserver's listen backlog is 5: a client opening 32 connections
    # at once would see SYNs dropped and retried after a second, which no
    # real store does.
    request_queue_size = 1024


srv = Server(("127.0.0.1", 0), Proxy)
srv.daemon_threads = True
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
