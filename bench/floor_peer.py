#!/usr/bin/env python3
"""The peer of bench_dispatch_floor: a Python standard-library HTTP server like the example agent
(one keep-alive connection per thread each way, answers in one segment). POST /task {task_id,
callback_url} is answered 202, then its result is posted to callback_url with peer_ms, the time from
the handler having the request to the result being sent (the peer's own time).
Prints "listening on http://127.0.0.1:PORT"."""

import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

local = threading.local()


def post(url, body):
    parts = urllib.parse.urlsplit(url)
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.connect()
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        local.conn = conn
    conn.request("POST", parts.path, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    conn.getresponse().read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = -1

    def log_message(self, *args):
        pass

    def do_POST(self):
        received = time.monotonic()
        task = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        answer = json.dumps({"task_id": task["task_id"], "status": "accepted"}).encode()
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        self.wfile.flush()
        threading.Thread(target=self.report, args=(task, received), daemon=True).start()

    @staticmethod
    def report(task, received):
        post(task["callback_url"], {"task_id": task["task_id"], "peer_ms": (time.monotonic() - received) * 1000})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)
