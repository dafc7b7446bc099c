#!/usr/bin/env bash
# The WebSocket fan-out benchmark (run by `bench/run ws`): orchestrator-headless on SQLite and
# bench_ws in another process with N subscribers on /ws/system while one event per ms is made
# through the REST API. One JSON line per configuration is appended to OUT.
#   bench/ws.sh HEADLESS BENCH_WS OUT SECONDS [SUBSCRIBERS...]
set -euo pipefail
headless=$1 client=$2 out=$3 seconds=$4
shift 4
configurations=("$@")
[ ${#configurations[@]} -gt 0 ] || configurations=(100 1000)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/orc-ws-bench.XXXXXX")
service_pid=""
cleanup() {
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
done
