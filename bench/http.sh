#!/usr/bin/env bash
# The HTTP benchmark (run by `bench/run http`): wrk against orchestrator-headless and against nginx
# serving the same JSON bytes as a static file, on loopback, interleaved round by round so the
# host's noise hits both alike.
#   GET  /api/v1/sessions/{id}   64 connections: req/s ratio to nginx (goal >= 0.8), p99 (goal <= 20 ms)
#   POST /api/v1/sessions        64 connections, each a durable write: ratio to nginx (goal >= 0.3)
# One JSON line per figure is appended to OUT.
#   bench/http.sh HEADLESS OUT ROUNDS SECONDS
set -euo pipefail
headless=$1 out=$2 rounds=$3 seconds=$4 bare=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/orc-http-bench.XXXXXX")
service_pid="" nginx_pid="" bare_pid=""
cleanup() {
  [ -z "$bare_pid" ] || kill "$bare_pid" 2>/dev/null || true
  [ -z "$service_pid" ] || kill "$service_pid" 2>/dev/null || true
  [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench/http: $tool is missing (scripts/install-deps --bench)" >&2; exit 1; }
done

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The service, on the embedded SQLite default, on a free port.
source "$here/service.sh"
start_service "$headless" "$work"
body='{"title":"bench session","initial_prompt":"Fix the failing build and report what changed.","tags":["bench"]}'
session=$(curl -fsS -H "$auth" -H 'Content-Type: application/json' -d "$body" "$base/api/v1/sessions")
id=$(printf '%s' "$session" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

# nginx serves the very bytes GET answers, as a static file.
port=$(free_port)
mkdir -p "$work/nginx/www" "$work/nginx/logs"
curl -fsS -H "$auth" "$base/api/v1/sessions/$id" >"$work/nginx/www/session.json"
chmod a+rx "$work" "$work/nginx" "$work/nginx/www" # nginx's workers run as another user
chmod a+r "$work/nginx/www/session.json"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; multi_accept on; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65s; keepalive_requests 10000000;
  open_file_cache max=64 inactive=60s;
  server {
    listen 127.0.0.1:$port reuseport backlog=4096;
    root $work/nginx/www;
    location = /session.json { default_type application/json; }
  }
}
EOF
nginx -e "$work/nginx/logs/error.log" -p "$work/nginx/" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/session.json" 2>/dev/null && break; sleep 0.1; done
cmp -s <(curl -fsS "http://127.0.0.1:$port/session.json") "$work/nginx/www/session.json" \
  || { echo "bench/http: nginx does not serve the file" >&2; cat "$work/nginx/logs/error.log" >&2; exit 1; }
echo "bench/http: service $base, nginx on 127.0.0.1:$port ($(wc -c <"$work/nginx/www/session.json") bytes, $(nproc) workers)" >&2

cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $ORC_API_TOKEN"
EOF

# run_wrk LABEL ROUND URL [wrk args]: one JSON line with req/s, p50, p99, errors.
run_wrk() {
  local label=$1 round=$2 url=$3 log
  shift 3
  log="$work/wrk_${label}_r${round}.txt"
  timeout $((seconds + 30)) wrk -t2 -c64 -d"${seconds}s" --timeout 5s --latency "$@" "$url" >"$log" 2>&1 || true
  /usr/bin/python3 - "$log" "$label" "$round" "$seconds" <<'PY' | tee -a "$out" >&2
import json, re, sys
log, label, rnd, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
text = open(log).read()
def ms(value):
    m = re.match(r"([\d.]+)(us|ms|s)", value)
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)] if m else None
figure = {"part": "http", "target": label, "round": rnd, "seconds": seconds, "connections": 64}
m = re.search(r"Requests/sec:\s+([\d.]+)", text)
figure["req_per_s"] = float(m.group(1)) if m else 0.0
for p in ("50", "99"):
    m = re.search(r"^\s+%s%%\s+(\S+)" % p, text, re.M)
    figure["p%s_ms" % p] = ms(m.group(1)) if m else None
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
figure["errors"] = errors + (int(m.group(1)) if m else 0)
if not m and figure["req_per_s"] == 0.0:
    figure["error"] = text.strip()[-300:]
print(json.dumps(figure))
PY
}

get_url="$base/api/v1/sessions/$id"
nginx_url="http://127.0.0.1:$port/session.json"
# Qt's HTTP server alone, answering the same bytes: the ceiling of any service built on it.
bare_url=""
if [ -n "$bare" ]; then
  "$bare" --file "$work/nginx/www/session.json" >"$work/bare.out" 2>&1 &
  bare_pid=$!
  for _ in $(seq 1 50); do grep -q '^listening on ' "$work/bare.out" && break; sleep 0.1; done
  bare_url="$(sed -n 's/^listening on //p' "$work/bare.out" | head -1)/session.json"
  timeout 20 wrk -t2 -c64 -d2s "$bare_url" >/dev/null 2>&1 || true
fi
# Warm both up.
timeout 20 wrk -t2 -c64 -d2s "$nginx_url" >/dev/null 2>&1 || true
timeout 20 wrk -t2 -c64 -d2s -H "$auth" "$get_url" >/dev/null 2>&1 || true
for ((round = 1; round <= rounds; round++)); do
  echo "bench/http: round $round of $rounds" >&2
  if ((round % 2)); then
    run_wrk nginx "$round" "$nginx_url"
    [ -z "$bare_url" ] || run_wrk qt_bare "$round" "$bare_url"
    run_wrk get "$round" "$get_url" -H "$auth"
    run_wrk post "$round" "$base/api/v1/sessions" -s "$work/post.lua"
  else
    run_wrk post "$round" "$base/api/v1/sessions" -s "$work/post.lua"
    run_wrk get "$round" "$get_url" -H "$auth"
    [ -z "$bare_url" ] || run_wrk qt_bare "$round" "$bare_url"
    run_wrk nginx "$round" "$nginx_url"
  fi
done
