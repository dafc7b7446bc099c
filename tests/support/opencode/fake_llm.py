#!/usr/bin/env python3
"""Tiny fake OpenAI-compatible LLM endpoint (Python stdlib only) for driving a real
`opencode serve` offline.

Endpoints:
  GET  /v1/models              -> model list
  POST /v1/chat/completions    -> canned reply; SSE when "stream": true, JSON otherwise
  GET  /_log                   -> JSON list of request summaries (for test assertions)

Scripted behaviour (decided from the *last* message of the request):
  * last message role == "tool"            -> final text "FAKE_DONE: tool result received"
  * user text contains  WRITE_FILE <path> [<content...>]
                                           -> one tool call to opencode's `write` tool
                                              (filePath=<path>, content=<content or default>)
  * user text contains  TOOL_CALL <name> <json-args>
                                           -> one call to any offered tool (bash, read, grep...)
  * user text contains  SLOW               -> stream a long reply slowly (for abort tests)
  * user text contains  SLOW_FOR <seconds> -> a slow reply that lasts about that long
  * user text contains  SLOW_ONCE <key>    -> slowly the first time <key> is seen, at once after
                                              (a turn the server loses, sent again)
  * user text contains  FAIL_ONCE_AFTER_TOOL <key>
                                           -> HTTP 500 the first time a tool result comes back
                                              for <key> (a failure after a finished step)
  * request has no tools (title generation etc.)
                                           -> "Fake title"
  * otherwise                              -> "FAKE_REPLY: <first 60 chars of user text>"

Usage: python3 fake_llm.py [--port 0] [--host 127.0.0.1] [--log FILE]
Prints "FAKE_LLM_LISTENING <port>" on stdout once bound (port 0 = pick a free one).
"""
import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL_ID = "fake-model"
SEEN = set()
LOG = []
LOG_LOCK = threading.Lock()
LOG_FILE = None


def _text_of(content):
    """OpenAI message content may be a string or a list of parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    out = []
    for p in content:
        if isinstance(p, dict) and p.get("type") == "text":
            out.append(p.get("text", ""))
    return "\n".join(out)


def decide(req):
    """Return ("text", str) or ("tool", name, args_dict)."""
    msgs = req.get("messages") or []
    last = msgs[-1] if msgs else {}
    user_text = ""
    for m in reversed(msgs):
        if m.get("role") == "user":
            user_text = _text_of(m.get("content"))
            break
    if last.get("role") == "tool":
        if "FAIL_ONCE_AFTER_TOOL " in user_text:
            key = "fail:" + user_text.split("FAIL_ONCE_AFTER_TOOL ", 1)[1].split()[0]
            with LOG_LOCK:
                first = key not in SEEN
                SEEN.add(key)
            if first:
                return ("error", 500, "fake provider is overloaded")
        return ("text", "FAKE_DONE: tool result received")
    tools = [t.get("function", {}).get("name") for t in (req.get("tools") or [])]
    if not tools:
        return ("text", "Fake title")
    if "TOOL_CALL " in user_text:
        # generic: TOOL_CALL <tool-name> <json-args>   e.g.
        #   TOOL_CALL bash {"command": "echo hi > hi.txt", "description": "write hi"}
        name, _, args = user_text.split("TOOL_CALL ", 1)[1].strip().partition(" ")
        try:
            parsed = json.loads(args) if args.strip() else {}
        except ValueError:
            return ("text", "FAKE_ERROR: bad TOOL_CALL json")
        if name in tools:
            return ("tool", name, parsed)
        return ("text", "FAKE_ERROR: tool %s not offered; tools=%s" % (name, tools))
    if "WRITE_FILE" in user_text:
        rest = user_text.split("WRITE_FILE", 1)[1].strip().split(None, 1)
        path = rest[0] if rest else "fake_output.txt"
        content = rest[1] if len(rest) > 1 else "hello from the fake LLM\n"
        if "write" in tools:
            return ("tool", "write", {"filePath": path, "content": content})
        return ("text", "FAKE_ERROR: no write tool offered; tools=%s" % tools)
    if "SLOW_FOR " in user_text:
        seconds = float(user_text.split("SLOW_FOR ", 1)[1].split()[0])
        return ("slow", "This is a deliberately slow streamed reply. " * int(seconds * 32 / 44 + 1))
    if "SLOW_ONCE " in user_text:
        key = "slow:" + user_text.split("SLOW_ONCE ", 1)[1].split()[0]
        with LOG_LOCK:
            first = key not in SEEN
            SEEN.add(key)
        if first:
            return ("slow", "This is a deliberately slow streamed reply. " * 40)
        return ("text", "FAKE_REPLY: " + user_text.strip()[:60])
    if "SLOW" in user_text:
        return ("slow", "This is a deliberately slow streamed reply. " * 40)
    return ("text", "FAKE_REPLY: " + user_text.strip()[:60])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _json(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            return self._json(200, {"object": "list", "data": [
                {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "fake"}]})
        if self.path == "/_log":
            with LOG_LOCK:
                return self._json(200, LOG)
        self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        try:
            req = json.loads(raw or b"{}")
        except ValueError:
            return self._json(400, {"error": {"message": "bad json"}})
        if not self.path.rstrip("/").endswith("/chat/completions"):
            return self._json(404, {"error": {"message": "only /v1/chat/completions"}})
        action = decide(req)
        entry = {
            "t": time.time(),
            "path": self.path,
            "stream": bool(req.get("stream")),
            "model": req.get("model"),
            "n_messages": len(req.get("messages") or []),
            "roles": [m.get("role") for m in req.get("messages") or []],
            "tools": [t.get("function", {}).get("name") for t in (req.get("tools") or [])],
            "auth": self.headers.get("Authorization"),
            "action": action[0],
        }
        with LOG_LOCK:
            LOG.append(entry)
            if LOG_FILE:
                with open(LOG_FILE, "a") as f:
                    f.write(json.dumps({"summary": entry, "request": req}) + "\n")
        if action[0] == "error":
            return self._json(action[1], {"error": {"message": action[2], "type": "server_error"}})
        if req.get("stream"):
            self._stream(req, action)
        else:
            self._nonstream(req, action)

    # ---------- non-streaming ----------
    def _nonstream(self, req, action):
        msg = {"role": "assistant", "content": None}
        finish = "stop"
        if action[0] == "tool":
            msg["tool_calls"] = [{"id": "call_fake_1", "type": "function",
                                  "function": {"name": action[1], "arguments": json.dumps(action[2])}}]
            finish = "tool_calls"
        else:
            msg["content"] = action[1]
        self._json(200, {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
            "model": req.get("model", MODEL_ID),
            "choices": [{"index": 0, "message": msg, "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        })

    # ---------- streaming (SSE) ----------
    def _stream(self, req, action):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk",
                "created": int(time.time()), "model": req.get("model", MODEL_ID)}

        def send(choice_delta, finish=None, usage=None):
            chunk = dict(base)
            chunk["choices"] = [] if choice_delta is None else [
                {"index": 0, "delta": choice_delta, "finish_reason": finish}]
            if usage:
                chunk["usage"] = usage
            self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
            self.wfile.flush()

        try:
            send({"role": "assistant", "content": ""})
            if action[0] == "tool":
                args = json.dumps(action[2])
                send({"tool_calls": [{"index": 0, "id": "call_fake_1", "type": "function",
                                      "function": {"name": action[1], "arguments": ""}}]})
                half = len(args) // 2
                send({"tool_calls": [{"index": 0, "function": {"arguments": args[:half]}}]})
                send({"tool_calls": [{"index": 0, "function": {"arguments": args[half:]}}]})
                send({}, finish="tool_calls")
            else:
                text = action[1]
                step = 8
                delay = 0.25 if action[0] == "slow" else 0.0
                for i in range(0, len(text), step):
                    send({"content": text[i:i + step]})
                    if delay:
                        time.sleep(delay)
                send({}, finish="stop")
            send(None, usage={"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15})
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            with LOG_LOCK:
                LOG.append({"t": time.time(), "event": "client_disconnected_mid_stream"})


def main():
    global LOG_FILE
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log", default=None, help="append full requests as JSONL here")
    a = ap.parse_args()
    LOG_FILE = a.log
    srv = ThreadingHTTPServer((a.host, a.port), Handler)
    srv.daemon_threads = True
    print("FAKE_LLM_LISTENING %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
