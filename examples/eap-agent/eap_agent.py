#!/usr/bin/env python3
"""A reference external agent for Industrial Orchestrator, speaking EAP v1 (docs/eap-guide.md).

It registers, heartbeats, accepts tasks on the synchronous (200) or asynchronous (202) path,
reports progress with log lines and checkpoints, verifies every request's signature, and obeys
cancel. It does no real coding: each task is a few timed steps. Prompt words steer it, for tests
and demos:
  HANG      never finishes on its own (until cancelled)
  FAIL      reports a failed result
  STEPS n   works in n steps (default 3)
  RESULT_TWICE        reports its result a second time (the orchestrator answers 409)
  REPORT_FOR task_id  also reports a result for a task that is not its own (answered 403)
The answers to those two are kept in /stats (repeated_result_status, foreign_report_status).
Only the Python standard library is used.

  eap_agent.py --orchestrator http://127.0.0.1:8420 --token "$(orchestrator-headless --show-token)" \\
               --name my-agent [--mode async|sync] [--capabilities code_generation,testing]
"""

import argparse
import hashlib
import hmac
import http.client
import json
import re
import signal
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROTOCOL_VERSION = "1.0"
MAX_SKEW_SECONDS = 300


class Agent:
    def __init__(self, args):
        self.args = args
        self.orchestrator = args.orchestrator.rstrip("/")
        self.base_path = urllib.parse.urlsplit(self.orchestrator).path
        self.local = threading.local()
        self.agent_id = None
        self.auth_token = None
        self.secret = None
        self.interval = 30
        self.lock = threading.Lock()
        self.tasks = {}  # task_id -> {"cancel": Event, "session_id": ...}
        self.stats = {"dispatches": 0, "by_session": {}, "running_by_session": {},
                      "max_concurrent_per_session": 0, "titles": [], "cancelled": [],
                      "completed": [], "rejected_signatures": 0, "resumed_from": [],
                      "repeated_result_status": [], "foreign_report_status": []}

    # ---- talking to the orchestrator -------------------------------------------------------

    def connection(self):
        """This thread's keep-alive connection to the orchestrator (one TCP handshake, not one per call)."""
        conn = getattr(self.local, "conn", None)
        if conn is None:
            url = urllib.parse.urlsplit(self.orchestrator)
            kind = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
            conn = kind(url.hostname, url.port, timeout=10)
            conn.connect()
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.local.conn = conn
        return conn

    def call(self, path, body, headers, attempts=4):
        data = json.dumps(body).encode()
        for attempt in range(attempts):
            try:
                conn = self.connection()
                conn.request("POST", self.base_path + path, body=data,
                             headers={"Content-Type": "application/json", **headers})
                answer = conn.getresponse()
                payload = answer.read()
                if answer.status < 500:
                    return answer.status, payload
            except (OSError, http.client.HTTPException):
                conn = getattr(self.local, "conn", None)
                if conn is not None:
                    conn.close()
                self.local.conn = None
            time.sleep(0.2 * (2 ** attempt))
        return 0, b""

    def register(self, endpoint_url):
        body = {"protocol_version": PROTOCOL_VERSION, "name": self.args.name, "version": "1.0.0",
                "agent_type": self.args.agent_type,
                "capabilities": [c for c in self.args.capabilities.split(",") if c],
                "endpoint_url": endpoint_url, "max_concurrent_tasks": self.args.max_tasks,
                "metadata": {"example": True, "mode": self.args.mode}}
        headers = {"Authorization": "Bearer " + self.args.token} if self.args.token else {}
        status, answer = self.call("/api/v1/agents/external/register", body, headers)
        if status != 201:
            sys.exit("registration failed (HTTP %s): %s" % (status, answer.decode(errors="replace")))
        registered = json.loads(answer)
        self.agent_id = registered["agent_id"]
        self.auth_token = registered["auth_token"]
        self.secret = registered["dispatch_secret"].encode()
        self.interval = registered.get("heartbeat_interval_seconds", 30)
        print("registered %s" % self.agent_id, flush=True)

    def report(self, task_id, what, body):
        path = "/api/v1/agents/external/%s/tasks/%s/%s" % (self.agent_id, task_id, what)
        return self.call(path, body, {"X-Agent-Token": self.auth_token})[0]

    def heartbeat_forever(self):
        while True:
            with self.lock:
                running = len(self.tasks)
            load = min(1.0, running / max(1, self.args.max_tasks))
            body = {"status": "busy" if running >= self.args.max_tasks else "healthy",
                    "current_load": load, "tasks_in_progress": running, "metrics": {},
                    "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            self.call("/api/v1/agents/external/%s/heartbeat" % self.agent_id, body,
                      {"X-Agent-Token": self.auth_token}, attempts=1)
            time.sleep(self.interval)

    # ---- signatures ------------------------------------------------------------------------

    def signature_ok(self, header, body):
        parts = dict(p.strip().split("=", 1) for p in (header or "").split(",") if "=" in p)
        try:
            stamp = int(parts.get("t", ""))
        except ValueError:
            return False
        if abs(time.time() - stamp) > MAX_SKEW_SECONDS:
            return False
        expected = hmac.new(self.secret, str(stamp).encode() + b"." + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, parts.get("v1", ""))

    # ---- work ------------------------------------------------------------------------------

    def work(self, task, cancel, received):
        """Does the task; its execution time runs from when the request arrived (`received`, monotonic)."""
        prompt = task.get("input_data") or ""
        elapsed_ms = lambda: round((time.monotonic() - received) * 1000)
        if "HANG" in prompt:
            cancel.wait()
            return None
        match = re.search(r"STEPS\s+(\d+)", prompt)
        steps = int(match.group(1)) if match else 3
        resumed = task.get("resume_from") or {}
        first = int(resumed.get("step", 0)) + 1 if isinstance(resumed, dict) else 1
        for step in range(first, steps + 1):
            if cancel.wait(self.args.work_seconds / max(1, steps)):
                return None
            if self.args.mode == "async":
                self.report(task["task_id"], "progress",
                            {"progress": step / steps, "message": "step %d of %d" % (step, steps),
                             "log": ["working on step %d" % step], "checkpoint": {"step": step}})
        foreign = re.search(r"REPORT_FOR\s+([0-9a-f-]{36})", prompt)
        if foreign:
            status = self.report(foreign.group(1), "result", {"task_id": foreign.group(1), "status": "completed"})
            with self.lock:
                self.stats["foreign_report_status"].append(status)
        if "FAIL" in prompt:
            return {"task_id": task["task_id"], "status": "failed",
                    "error_message": "the prompt asked this agent to fail", "execution_time_ms": elapsed_ms()}
        return {"task_id": task["task_id"], "status": "completed",
                "output_data": {"summary": "did %d steps" % steps, "agent": self.args.name,
                                "resumed_from_step": first - 1},
                "artifacts": [{"path": "NOTES.md", "content": "# %s\n" % task.get("context", {}).get("title", ""),
                               "mime_type": "text/markdown"}],
                "execution_time_ms": elapsed_ms(),
                "tokens_used": len(prompt.split()) * 10, "cost_usd": 0.001, "quality_score": 0.9}

    def begin(self, task):
        session = task.get("session_id")
        with self.lock:
            s = self.stats
            s["dispatches"] += 1
            s["by_session"][session] = s["by_session"].get(session, 0) + 1
            s["running_by_session"][session] = s["running_by_session"].get(session, 0) + 1
            s["max_concurrent_per_session"] = max(s["max_concurrent_per_session"], s["running_by_session"][session])
            s["titles"].append(task.get("context", {}).get("title"))
            if task.get("resume_from") is not None:
                s["resumed_from"].append(task.get("resume_from"))
            cancel = threading.Event()
            self.tasks[task["task_id"]] = {"cancel": cancel, "session_id": session}
        return cancel

    def end(self, task, result):
        with self.lock:
            self.tasks.pop(task["task_id"], None)
            self.stats["running_by_session"][task.get("session_id")] -= 1
            if result is not None:
                self.stats["completed"].append(task["task_id"])

    def run_async(self, task, cancel, received):
        result = self.work(task, cancel, received)
        self.end(task, result)
        if result is None:
            return
        self.report(task["task_id"], "result", result)
        if "RESULT_TWICE" in (task.get("input_data") or ""):
            status = self.report(task["task_id"], "result", result)
            with self.lock:
                self.stats["repeated_result_status"].append(status)


def make_handler(agent):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Each answer leaves in one segment: headers and body buffered together, no Nagle delay.
        disable_nagle_algorithm = True
        wbufsize = -1

        def log_message(self, *args):
            pass

        def answer(self, status, body=None):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def signed_body(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not agent.signature_ok(self.headers.get("X-EAP-Signature"), body):
                with agent.lock:
                    agent.stats["rejected_signatures"] += 1
                self.answer(401, {"error": "bad signature"})
                return None
            return body

        def do_GET(self):
            if self.path == "/stats":  # local diagnostics for tests and demos (not part of EAP)
                with agent.lock:
                    return self.answer(200, agent.stats)
            if self.path == "/health":
                if self.signed_body() is None:
                    return None
                with agent.lock:
                    running = len(agent.tasks)
                return self.answer(200, {"status": "healthy", "tasks_in_progress": running})
            return self.answer(404, {"error": "not found"})

        def do_POST(self):
            received = time.monotonic()
            body = self.signed_body()
            if body is None:
                return None
            cancel_match = re.fullmatch(r"/task/([0-9a-f-]+)/cancel", self.path)
            if cancel_match:
                with agent.lock:
                    task = agent.tasks.get(cancel_match.group(1))
                    if task:
                        agent.stats["cancelled"].append(cancel_match.group(1))
                if not task:
                    return self.answer(404, {"error": "unknown task"})
                task["cancel"].set()
                return self.answer(204)
            if self.path != "/task":
                return self.answer(404, {"error": "not found"})
            try:
                task = json.loads(body)
                task["task_id"]
            except (ValueError, KeyError, TypeError):
                return self.answer(400, {"error": "a task needs a JSON body with task_id"})
            cancel = agent.begin(task)
            if agent.args.mode == "sync":
                result = agent.work(task, cancel, received)
                agent.end(task, result)
                if result is None:
                    return self.answer(409, {"error": "cancelled"})
                return self.answer(200, result)
            threading.Thread(target=agent.run_async, args=(task, cancel, received), daemon=True).start()
            return self.answer(202, {"task_id": task["task_id"], "status": "accepted"})

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orchestrator", default="http://127.0.0.1:8420", help="the orchestrator's base URL")
    parser.add_argument("--token", default="", help="the API token (not needed with --open-registration)")
    parser.add_argument("--name", required=True, help="a unique agent name ([A-Za-z0-9_.-], 3-100)")
    parser.add_argument("--mode", choices=["async", "sync"], default="async",
                        help="answer 202 and report later (async), or answer 200 with the result (sync)")
    parser.add_argument("--capabilities", default="code_generation,testing,documentation")
    parser.add_argument("--agent-type", default="implementer")
    parser.add_argument("--max-tasks", type=int, default=5)
    parser.add_argument("--work-seconds", type=float, default=0.6, help="time one task takes, in all")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0 picks a free one)")
    args = parser.parse_args()

    agent = Agent(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(agent))
    server.daemon_threads = True
    endpoint = "http://127.0.0.1:%d" % server.server_address[1]
    print("listening on %s" % endpoint, flush=True)
    agent.register(endpoint)
    threading.Thread(target=agent.heartbeat_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
