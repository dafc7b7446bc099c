#!/usr/bin/env bash
# The dispatch benchmark's second half (run by `bench/run dispatch`): orchestrator-headless on the
# embedded SQLite default and 4 example EAP agents (examples/eap-agent, real processes over HTTP,
# asynchronous path, no work of their own), 1,000 sessions created with auto_start by 16 clients.
# Prints sessions/s end to end and, per session, the time over the agent's own (completed_at -
# started_at - the execution_time_ms the agent reported), median and p95: first for 100 sessions one
# at a time (what a session pays), then under the load of all 1,000 at once (queueing included).
# The agent's own time runs from its handler having the request to its result being sent. With
# FLOOR (bench_dispatch_floor), the same steps with nothing of ours are measured first, against a
# Python peer like the example agent: the floor of the one-at-a-time figure on this machine.
#   bench/dispatch.sh HEADLESS OUT SESSIONS [FLOOR]
set -euo pipefail
headless=$1 out=$2 sessions=${3:-1000} floor=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/orc-dispatch-bench.XXXXXX")
service_pid="" agent_pids=()
cleanup() {
  [ -z "$service_pid" ] || kill "$service_pid" 2>/dev/null || true
  for pid in "${agent_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "$floor" ]; then
  /usr/bin/python3 "$here/floor_peer.py" >"$work/peer.out" 2>"$work/peer.err" &
  agent_pids+=($!)
  for _ in $(seq 1 100); do grep -q '^listening on ' "$work/peer.out" 2>/dev/null && break; sleep 0.1; done
  peer=$(sed -n 's/^listening on //p' "$work/peer.out")
  [ -n "$peer" ] || { echo "bench/dispatch: the floor's peer did not start" >&2; cat "$work/peer.err" >&2; exit 1; }
  mkdir -p "$work/floor"
  "$floor" --peer "$peer" --dir "$work/floor" --rounds 100 --out "$out"
fi

source "$here/service.sh"
start_service "$headless" "$work"
for i in 1 2 3 4; do
  /usr/bin/python3 "$here/../examples/eap-agent/eap_agent.py" --orchestrator "$base" --token "$ORC_API_TOKEN" \
    --name "bench-agent-$i" --max-tasks 50 --work-seconds 0 --capabilities code_generation \
    >"$work/agent$i.out" 2>"$work/agent$i.err" &
  agent_pids+=($!)
done
for i in 1 2 3 4; do
  for _ in $(seq 1 100); do grep -q '^registered ' "$work/agent$i.out" 2>/dev/null && break; sleep 0.1; done
  grep -q '^registered ' "$work/agent$i.out" || { echo "bench/dispatch: agent $i did not register" >&2; cat "$work/agent$i.err" >&2; exit 1; }
done

BASE=$base TOKEN=$ORC_API_TOKEN SESSIONS=$sessions OUT=$out /usr/bin/python3 - <<'PY'
import concurrent.futures, datetime, json, os, statistics, time, urllib.request
base, token, count, out = os.environ["BASE"], os.environ["TOKEN"], int(os.environ["SESSIONS"]), os.environ["OUT"]
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as answer:
        return json.loads(answer.read() or b"{}")

def create(n):
    return call("POST", "/api/v1/sessions", {"title": "bench %d" % n, "initial_prompt": "STEPS 1",
            "agent_config": {"required_capabilities": ["code_generation"]}, "tags": ["dispatch-bench"],
            "auto_start": True})["id"]

def wait_done(ids):
    while True:
        by = call("GET", "/api/v1/sessions/stats").get("by_status", {})
        if sum(v for k, v in by.items() if k in ("completed", "failed", "timeout", "orphaned")) >= ids:
            return
        time.sleep(0.005)

parse = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def overhead(s):
    m = s["metrics"]
    return (parse(m["completed_at"]) - parse(m["started_at"])) * 1000 - (m.get("result") or {}).get("execution_time_ms", 0)

serial = []
for n in range(100):
    sid = call("POST", "/api/v1/sessions", {"title": "serial %d" % n, "initial_prompt": "STEPS 1",
               "agent_config": {"required_capabilities": ["code_generation"]}, "auto_start": True})["id"]
    while True:
        s = call("GET", "/api/v1/sessions/" + sid)
        if s["status"] in ("completed", "failed", "timeout"):
            break
        time.sleep(0.002)
    if s["status"] == "completed":
        serial.append(overhead(s))
serial.sort()
line = {"part": "dispatch", "mode": "http-serial", "backend": "sqlite", "agents": 4, "sessions": 100,
        "completed": len(serial), "overhead_ms_median": statistics.median(serial),
        "overhead_ms_mean": statistics.fmean(serial),
        "overhead_ms_p95": serial[int(0.95 * (len(serial) - 1))], "target_ms": 2.0}
print(json.dumps(line))
open(out, "a").write(json.dumps(line) + "\n")

began = time.time()
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    ids = list(pool.map(create, range(count)))
wait_done(count + 100)
overheads, last = [], 0.0
for page in range(1, count // 200 + 2):
    for s in call("GET", "/api/v1/sessions?tag=dispatch-bench&page_size=200&page=%d" % page)["items"]:
        if s["status"] != "completed":
            continue
        overheads.append(overhead(s))
        last = max(last, parse(s["metrics"]["completed_at"]))
overheads.sort()
line = {"part": "dispatch", "mode": "http", "backend": "sqlite", "agents": 4, "sessions": count,
        "completed": len(overheads), "seconds": last - began, "sessions_per_second": len(overheads) / (last - began),
        "overhead_ms_median": statistics.median(overheads) if overheads else 0,
        "overhead_ms_mean": statistics.fmean(overheads) if overheads else 0,
        "overhead_ms_p95": overheads[int(0.95 * (len(overheads) - 1))] if overheads else 0, "target_ms": 2.0}
print(json.dumps(line))
open(out, "a").write(json.dumps(line) + "\n")
PY
