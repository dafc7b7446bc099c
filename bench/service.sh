# Sourced by bench/http.sh and bench/ws.sh: starts orchestrator-headless on the embedded SQLite
# default, on a free loopback port, with a fresh API token; sets service_pid, base and auth.
#   start_service HEADLESS WORKDIR
start_service() {
  local headless=$1 dir=$2
  export ORC_API_TOKEN="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  "$headless" --data-dir "$dir/data" --listen 127.0.0.1:0 >"$dir/service.out" 2>"$dir/service.err" &
  service_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$dir/service.out" 2>/dev/null && break
    kill -0 "$service_pid" 2>/dev/null || { cat "$dir/service.err" >&2; return 1; }
    sleep 0.1
  done
  base=$(sed -n 's/^listening on //p' "$dir/service.out" | head -1)
  [ -n "$base" ] || { echo "bench: the service did not start" >&2; cat "$dir/service.err" >&2; return 1; }
  auth="Authorization: Bearer $ORC_API_TOKEN"
}
