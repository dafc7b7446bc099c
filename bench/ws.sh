#!/usr/bin/env bash
# The WebSocket fan-out benchmark (run by `bench/run ws`): orchestrator-headless on SQLite and
# bench_ws in another process with N subscribers on /ws/system while one event per ms is made
# through the REST API. One JSON line per configuration is appended to OUT.
# With BENCH_WS_BARE set, each configuration also runs against Qt WebSockets alone (bench_ws_bare
# making the events itself): the ceiling of any hub built on it, on this machine, in the same run.
#   bench/ws.sh HEADLESS BENCH_WS OUT SECONDS [SUBSCRIBERS...]
set -euo pipefail
headless=$1 client=$2 out=$3 seconds=$4
shift 4
bare=${BENCH_WS_BARE:-}
configurations=("$@")
[ ${#configurations[@]} -gt 0 ] || configurations=(100 1000)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/orc-ws-bench.XXXXXX")
service_pid="" bare_pid=""
cleanup() {
  [ -z "$bare_pid" ] || kill "$bare_pid" 2>/dev/null || true
  [ -z "$service_pid" ] || kill "$service_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
source "$here/service.sh"
for subs in "${configurations[@]}"; do
  rm -rf "$work/data"
  start_service "$headless" "$work"
  echo "bench/ws: $subs subscribers, 1000 events/s for $seconds s against $base" >&2
  "$client" --url "$base" --token "$ORC_API_TOKEN" --subs "$subs" --rate 1000 --seconds "$seconds" | tee -a "$out" >&2 || true
  kill "$service_pid" 2>/dev/null || true
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
  if [ -n "$bare" ]; then
    "$bare" --subs "$subs" --rate 1000 --seconds "$seconds" >"$work/bare.out" 2>&1 &
    bare_pid=$!
    for _ in $(seq 1 50); do grep -q '^listening on ' "$work/bare.out" && break; sleep 0.1; done
    echo "bench/ws: $subs subscribers, Qt WebSockets alone" >&2
    "$client" --bare --url "$(sed -n 's/^listening on //p' "$work/bare.out" | head -1)" --subs "$subs" \
      --rate 1000 --seconds "$seconds" | tee -a "$out" >&2 || true
    kill "$bare_pid" 2>/dev/null || true
    wait "$bare_pid" 2>/dev/null || true
    bare_pid=""
  fi
done
