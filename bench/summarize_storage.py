#!/usr/bin/python3
"""Prints the durable-write and start-up figures of one bench/run next to their limits and goals.

Input: the JSON lines written by bench_storage, bench_startup and bench/run (pgbench), one figure each.
"""
import json
import statistics
import sys

# Service durable writes/s divided by the raw one-transaction-per-write limit (issue acceptance).
WRITE_GOALS = {1: 0.8, 64: 3.0}
STARTUP_LIMIT_MS = 2000.0
# The limit each backend is compared with: pgbench for PostgreSQL, QtSql for SQLite.
LIMIT_TOOL = {"postgresql": "pgbench", "sqlite": "qtsql"}


def load(paths):
    figures = []
    for path in paths:
        try:
            with open(path) as f:
                figures += [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            pass
    return figures


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, spec, missing="-"):
    return format(value, spec) if value is not None else missing


def print_header(header):
    print(header)
    print("-" * len(header))


def by_round(figures, **match):
    """{round: figure} of the figures whose fields equal `match` (and that carry no error)."""
    return {f.get("round", 1): f for f in figures
            if all(f.get(k) == v for k, v in match.items()) and "error" not in f}


def errors(figures, part):
    return [f for f in figures if f.get("part") == part and "error" in f]


def writes(figures):
    rows = [f for f in figures if f.get("part") == "writes"]
    if not rows:
        return
    rounds = sorted({f.get("round", 1) for f in rows})
    seconds = median([f.get("seconds") for f in rows])
    print()
    print(f"Durable writes: service layer (create, start, checkpoint, complete: each one acknowledged durable write)")
    print(f"against the raw one-transaction-per-write limit, same machine, same run: median of {len(rounds)} "
          f"round(s) of {fmt(seconds, 'g')} s; ratio = service writes/s / raw tx/s, per round, median [min-max]")
    print()
    header = (f"{'backend':<11}{'writers':>7}{'service w/s':>13}{'workflows/s':>13}{'p50/p99 ms':>16}"
              f"{'raw limit tx/s':>22}{'ratio':>7}{'[min-max]':>14}{'goal':>7}  verdict")
    print_header(header)
    notes = []
    for backend in ("sqlite", "postgresql"):
        tool = LIMIT_TOOL[backend]
        for writers in sorted({f["writers"] for f in rows if f.get("backend") == backend}):
            service = by_round(rows, backend=backend, kind="service", writers=writers)
            raw = by_round(rows, backend=backend, kind="raw", tool=tool, writers=writers)
            if not service and not raw:
                continue
            svc = median([f.get("writes_per_s") for f in service.values()])
            wf = median([f.get("workflows_per_s") for f in service.values()])
            p50 = median([f.get("p50_ms") for f in service.values()])
            p99 = median([f.get("p99_ms") for f in service.values()])
            lim = median([f.get("tx_per_s") for f in raw.values()])
            ratios = [service[r]["writes_per_s"] / raw[r]["tx_per_s"]
                      for r in service if r in raw and raw[r].get("tx_per_s")]
            ratio = median(ratios)
            spread = f"[{min(ratios):.2f}-{max(ratios):.2f}]" if ratios else "-"
            goal = WRITE_GOALS.get(writers)
            verdict = "-" if ratio is None or goal is None else ("PASS" if ratio >= goal else
                                                                f"MISS ({ratio / goal:.0%} of the goal)")
            latency = f"{fmt(p50, '.2f')}/{fmt(p99, '.1f')}"
            limit = f"{fmt(lim, '.0f')} ({tool} c{writers})"
            print(f"{backend:<11}{writers:>7}{fmt(svc, '.0f'):>13}{fmt(wf, '.0f'):>13}{latency:>16}{limit:>22}"
                  f"{fmt(ratio, '.2f'):>7}{spread:>14}{fmt(goal, 'g', '-'):>7}  {verdict}")
            if writers > 1:
                # The same service figure against the single-client limit: what group commit adds over
                # writing one transaction at a time.
                single = by_round(rows, backend=backend, kind="raw", tool=tool, writers=1)
                vs_one = [service[r]["writes_per_s"] / single[r]["tx_per_s"]
                          for r in service if r in single and single[r].get("tx_per_s")]
                if vs_one:
                    notes.append(f"{backend}, {writers} writers: {median(vs_one):.2f}x the 1-client limit "
                                 f"({fmt(median([f['tx_per_s'] for f in single.values()]), '.0f')} tx/s)")
            per_fsync = median([f.get("writes_per_fsync") for f in service.values()])
            if per_fsync:
                notes.append(f"{backend}, {writers} writer(s): {per_fsync:.1f} service writes per WAL fsync "
                             f"(pg_stat_wal, whole run)")
            if backend == "postgresql":
                qtsql = by_round(rows, backend=backend, kind="raw", tool="qtsql", writers=writers)
                if qtsql:
                    notes.append(f"{backend}, {writers} writer(s): raw INSERT through QtSql "
                                 f"{median([f['tx_per_s'] for f in qtsql.values()]):.0f} tx/s (reference)")
            if writers == 1:
                # The database's own cost of the same writes: how much of the distance to the limit
                # is the write itself (more rows, indexes and bytes than one INSERT) and how much is
                # the service (domain, encoding, storage thread).
                same = by_round(rows, backend=backend, kind="same_sql", writers=1)
                floor = [same[r]["writes_per_s"] / raw[r]["tx_per_s"]
                         for r in same if r in raw and raw[r].get("tx_per_s")]
                share = [service[r]["writes_per_s"] / same[r]["writes_per_s"]
                         for r in service if r in same and same[r].get("writes_per_s")]
                if floor:
                    notes.append(f"{backend}, 1 writer: the same writes as plain SQL (no service) "
                                 f"{median([f['writes_per_s'] for f in same.values()]):.0f} w/s = "
                                 f"{median(floor):.2f}x the limit, the most any service could reach here "
                                 f"(goal {fmt(goal, 'g')}); the service makes {fmt(median(share), '.2f')} of it")
            busy = median([f.get("busy_retries") for f in raw.values()])
            if busy:
                notes.append(f"{backend}, {writers} writers: the raw limit retried {busy:.0f} SQLITE_BUSY "
                             f"answers per round (one writer at a time)")
    for note in notes:
        print(f"  {note}")
    for f in errors(figures, "writes"):
        print(f"  error: {f.get('backend')} {f.get('kind')} {f.get('writers')} writer(s), round "
              f"{f.get('round')}: {f['error']} ({f.get('errors', '?')} failed calls)")


def prepare(figures):
    rows = [f for f in figures if f.get("part") == "prepare" and "error" not in f]
    if not rows:
        return
    print()
    print("Statement preparation, us per statement inside one transaction (no fsync): what the store's "
          "cache of prepared statements saves")
    print(f"{'backend':<11}{'statement':<11}{'prepare each call':>18}{'prepared once':>15}{'saved':>9}")
    for backend in ("sqlite", "postgresql"):
        mine = [f for f in rows if f["backend"] == backend]
        if not mine:
            continue
        for statement in ("insert", "select"):
            each = median([f[f"{statement}_prepare_each_us"] for f in mine])
            once = median([f[f"{statement}_prepared_once_us"] for f in mine])
            print(f"{backend:<11}{statement:<11}{each:>15.1f} us{once:>12.1f} us{each - once:>6.1f} us")


def startup(figures):
    rows = [f for f in figures if f.get("part") == "startup"]
    if not rows:
        return
    print()
    print(f"Start-up: launch of orchestrator-headless until GET /health/ready answers 200, limit "
          f"{STARTUP_LIMIT_MS:.0f} ms (phases from its log, ms since launch)")
    header = (f"{'backend':<11}{'sessions':>9}{'running':>8}{'ready ms':>10}{'runs':>24}{'storage':>9}"
              f"{'recovered':>10}{'listening':>10}  {'orphaned/resumed/released':<27}verdict")
    print_header(header)
    for backend in ("sqlite", "postgresql"):
        mine = [f for f in rows if f["backend"] == backend]
        runs = [f for f in mine if "ready_ms" in f]
        for f in mine:
            if "skipped" in f:
                print(f"{backend:<11} skipped: {f['skipped']}")
            elif "error" in f:
                print(f"{backend:<11} error (run {f.get('run', '-')}): {f['error']}")
        if not runs:
            continue
        ready = median([f["ready_ms"] for f in runs])
        each = "/".join(f"{f['ready_ms']:.0f}" for f in runs)
        phases = [median([f.get(k) for f in runs]) for k in ("storage_connected_ms", "recovered_ms",
                                                              "listening_log_ms")]
        moved = "/".join(str(runs[0].get(k, "-")) for k in ("orphaned", "resumed", "released"))
        verdict = "PASS" if ready <= STARTUP_LIMIT_MS else f"MISS (+{ready - STARTUP_LIMIT_MS:.0f} ms)"
        first = runs[0]
        print(f"{backend:<11}{first['sessions']:>9}{first['running']:>8}{ready:>10.0f}{each:>24}"
              f"{fmt(phases[0], '.0f'):>9}{fmt(phases[1], '.0f'):>10}{fmt(phases[2], '.0f'):>10}  {moved:<27}"
              f"{verdict}  ({ready / STARTUP_LIMIT_MS:.2f} of the limit)")
        size = f", {first['database_mb']:.0f} MB file" if "database_mb" in first else ""
        print(f"{'':<11}populated in {first.get('populate_s', 0):.1f} s{size}; recovery log: "
              f"{moved} sessions orphaned/back to pending/agent reservations released")


HTTP_GOALS = {"get": 0.8, "post": 0.3}
GET_P99_LIMIT_MS = 20.0


def http(figures):
    rows = [f for f in figures if f.get("part") == "http"]
    if not rows:
        return
    rounds = sorted({f["round"] for f in rows})
    print()
    print(f"HTTP (wrk, 64 connections, loopback): against nginx serving the same JSON as a static file, same run, "
          f"{len(rounds)} interleaved round(s) of {fmt(median([f.get('seconds') for f in rows]), 'g')} s; "
          f"ratio = ours / nginx req/s per round, median [min-max]")
    header = (f"{'request':<28}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'nginx req/s':>13}{'ratio':>7}"
              f"{'[min-max]':>14}{'goal':>7}  verdict")
    print_header(header)
    nginx = by_round(rows, target="nginx")
    for target, label in (("get", "GET /api/v1/sessions/{id}"), ("post", "POST /api/v1/sessions")):
        mine = by_round(rows, target=target)
        ratios = [mine[r]["req_per_s"] / nginx[r]["req_per_s"] for r in mine if r in nginx and nginx[r]["req_per_s"]]
        ratio = median(ratios)
        rps = median([f["req_per_s"] for f in mine.values()])
        p50 = median([f.get("p50_ms") for f in mine.values()])
        p99 = median([f.get("p99_ms") for f in mine.values()])
        goal = HTTP_GOALS[target]
        verdict = "-" if ratio is None else ("PASS" if ratio >= goal else f"MISS ({ratio / goal:.0%} of the goal)")
        if target == "get" and p99 is not None:
            verdict += f"; p99 {'PASS' if p99 <= GET_P99_LIMIT_MS else 'MISS'} (limit {GET_P99_LIMIT_MS:g} ms)"
        spread = f"[{min(ratios):.2f}-{max(ratios):.2f}]" if ratios else "-"
        print(f"{label:<28}{fmt(rps, '.0f'):>10}{fmt(p50, '.2f'):>9}{fmt(p99, '.2f'):>9}"
              f"{fmt(median([f['req_per_s'] for f in nginx.values()]), '.0f'):>13}{fmt(ratio, '.2f'):>7}{spread:>14}"
              f"{goal:>7g}  {verdict}")
    bare = by_round(rows, target="qt_bare")
    if bare:
        ratios = [bare[r]["req_per_s"] / nginx[r]["req_per_s"] for r in bare if r in nginx and nginx[r]["req_per_s"]]
        mine = by_round(rows, target="get")
        of_bare = [mine[r]["req_per_s"] / bare[r]["req_per_s"] for r in mine if r in bare and bare[r]["req_per_s"]]
        spread = f"[{min(ratios):.2f}-{max(ratios):.2f}]" if ratios else "-"
        print(f"{'Qt HTTP server alone':<28}{fmt(median([f['req_per_s'] for f in bare.values()]), '.0f'):>10}"
              f"{fmt(median([f.get('p50_ms') for f in bare.values()]), '.2f'):>9}"
              f"{fmt(median([f.get('p99_ms') for f in bare.values()]), '.2f'):>9}"
              f"{fmt(median([f['req_per_s'] for f in nginx.values()]), '.0f'):>13}{fmt(median(ratios), '.2f'):>7}"
              f"{spread:>14}{'':>7}  the ceiling: QHttpServer with one constant route, nothing of ours")
        print(f"  GET through the service reaches {fmt(median(of_bare), '.2f')} of Qt's HTTP server alone")
    failed = [f for f in rows if f.get("errors") or "error" in f]
    for f in failed:
        print(f"  {f['target']} round {f['round']}: {f.get('errors', 0)} errors {f.get('error', '')}")


WS_P99_LIMIT_MS = 25.0


def ws(figures):
    rows = [f for f in figures if f.get("part") == "ws"]
    if not rows:
        return
    print()
    print(f"WebSocket fan-out: subscribers on /ws/system, one event per ms made through the REST API "
          f"(a durable write each); goal: every event to every client, p99 delivery <= {WS_P99_LIMIT_MS:g} ms")
    header = (f"{'subscribers':>11}{'events/s':>10}{'deliveries/s':>14}{'delivered':>22}{'closed':>8}"
              f"{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}  verdict")
    print_header(header)
    for f in rows:
        if "error" in f:
            print(f"{f.get('subscribers', '?'):>11}  error: {f['error']}")
            continue
        complete = f["deliveries"] >= f["deliveries_expected"] and f["subscribers_closed"] == 0
        p99 = f["latency_p99_ms"]
        # The load itself must be there: the events asked for, none refused.
        paced = f["events_failed"] == 0 and f["events_per_s"] >= 0.95 * f["rate"]
        problems = [x for x in (
            None if paced else f"{f['events_per_s']:.0f} of {f['rate']} events/s made ({f['events_failed']} refused)",
            None if complete else f"{f['deliveries_expected'] - f['deliveries']} deliveries missing",
            None if 0 <= p99 <= WS_P99_LIMIT_MS else f"p99 {p99} ms") if x]
        verdict = "PASS" if not problems else "MISS (" + "; ".join(problems) + ")"
        if f.get("server") == "qt_bare":
            verdict = "Qt WebSockets alone (the ceiling): " + verdict
        delivered = f"{f['deliveries']}/{f['deliveries_expected']}"
        print(f"{f['subscribers']:>11}{f['events_per_s']:>10.0f}{f['deliveries_per_s']:>14.0f}{delivered:>22}"
              f"{f['subscribers_closed']:>8}{f['latency_p50_ms']:>8}{p99:>8}{f['latency_max_ms']:>8}  {verdict}")
        if f.get("close_codes"):
            print(f"{'':>11}  closed by the server: {f['close_codes']} (4008: too slow to keep up)")


DISPATCH_TARGET_MS = 2.0


def dispatch(figures):
    rows = [f for f in figures if f.get("part") == "dispatch"]
    if not rows:
        return
    print()
    print("Sessions through the scheduler (target: <= 2 ms per session over the agent's own time)")
    header = f"{'run':<44}{'backend':<8}{'sessions':>9}{'sessions/s':>12}{'median ms':>11}{'p95 ms':>9}  verdict"
    print_header(header)
    labels = {"serial": "in-process agents, one at a time", "concurrent": "10 in-process agents, all at once",
              "http-serial": "4 example agents (HTTP), one at a time", "http": "4 example agents (HTTP), all at once",
              "http-floor": "floor over HTTP (nothing of ours)"}
    floor = next((f for f in rows if f["mode"] == "http-floor"), None)
    for f in rows:
        label = labels.get(f["mode"], f["mode"])
        rate = f.get("sessions_per_second")
        median_ms = f.get("overhead_ms_median", f.get("ms_per_session"))
        p95 = f.get("overhead_ms_p95")
        verdict = "-"
        if f["mode"] in ("serial", "http-serial"):
            verdict = "PASS" if median_ms <= DISPATCH_TARGET_MS else f"MISS ({median_ms / DISPATCH_TARGET_MS:.1f}x the target)"
            if f["mode"] == "http-serial" and floor:
                verdict += f"; {median_ms / floor['overhead_ms_median']:.2f}x the floor"
        elif f["mode"] == "http-floor":
            verdict = (f"(nothing of ours; the durable write alone {f['write_ms_median']:.2f} ms; "
                       + ("the target is under this floor)" if median_ms > DISPATCH_TARGET_MS else "under the target)"))
        elif f["mode"] == "concurrent":
            verdict = "(ms per session = 1 / throughput)"
        else:
            verdict = "(queueing under load included)"
        if "overhead_ms_mean" in f and f["mode"] != "http-floor":
            verdict += f"; mean {f['overhead_ms_mean']:.2f} ms (timestamps have 1 ms resolution)"
        print(f"{label:<44}{f['backend']:<8}{f['sessions']:>9}{fmt(rate, '.0f'):>12}{fmt(median_ms, '.2f'):>11}{fmt(p95, '.2f'):>9}  {verdict}")


OPENCODE_TARGET_MS = 10.0


def opencode(figures):
    rows = [f for f in figures if f.get("part") == "opencode"]
    if not rows:
        return
    print()
    print("OpenCode: prompt to completed (fake model, same server; target: <= 10 ms over OpenCode's own API)")
    header = f"{'run':<44}{'rounds':>7}{'median ms':>11}{'p90 ms':>9}  verdict"
    print_header(header)
    for f in rows:
        print(f"{'directly on the OpenCode API':<44}{f['rounds']:>7}{f['direct_ms_median']:>11.2f}{f['direct_ms_p90']:>9.2f}  (the reference)")
        overhead = f["overhead_ms_median"]
        verdict = ("PASS" if overhead <= OPENCODE_TARGET_MS else "MISS") + \
            f": overhead {overhead:.2f} ms = {overhead / OPENCODE_TARGET_MS:.2f}x the target"
        print(f"{'through the orchestrator (REST, SQLite)':<44}{f['rounds']:>7}{f['ours_ms_median']:>11.2f}{f['ours_ms_p90']:>9.2f}  {verdict}")
        if "paired_overhead_ms_median" in f:
            print(f"{'':<44}{'':>7}{'':>11}{'':>9}  paired (ours - the direct runs around it): median "
                  f"{f['paired_overhead_ms_median']:.2f} ms; direct - direct: {f['direct_vs_direct_ms_median']:.2f} ms "
                  f"(the method's noise)")
            print(f"{'':<44}{'':>7}{'':>11}{'':>9}  outside the runner (API, durable writes, scheduling): median "
                  f"{f['outside_runner_ms_median']:.2f} ms")


def gui(figures):
    rows = {f["figure"]: f for f in figures if f.get("part") == "gui"}
    if not rows:
        return
    print()
    print("The control room over 100,000 sessions (offscreen)")
    header = f"{'figure':<52}{'measured':>12}{'limit':>10}{'ratio':>8}  verdict"
    print_header(header)

    def line(label, value, limit, unit):
        ratio = value / limit if limit else 0
        verdict = "PASS" if value <= limit else f"MISS ({ratio:.1f}x the limit)"
        print(f"{label:<52}{value:>10.1f}{unit:>2}{limit:>8.0f}{unit:>2}{ratio:>8.2f}  {verdict}")

    if "shown" in rows:
        line("window shown (the load runs behind it)", rows["shown"]["ms"], rows["shown"]["limit_ms"], "ms")
    if "loaded" in rows:
        r = rows["loaded"]
        print(f"{'all sessions in the table':<52}{r['ms'] / 1000:>10.1f} s{'-':>10}{'-':>8}  "
              f"{r['sessions']} rows{'' if r['complete'] else ' (INCOMPLETE)'}")
        line("worst event-loop stall while loading", r["worst_stall_ms"], r["stall_limit_ms"], "ms")
    if "rss" in rows:
        r = rows["rss"]
        line(f"RSS, every session loaded ({r['before_window_mb']:.0f} MB before the window)", r["mb"],
             r["limit_mb"], "MB")
    if "filter" in rows:
        line("worst filter over every row (text, status)", rows["filter"]["worst_ms"], rows["filter"]["limit_ms"], "ms")
    if "filter_sorted" in rows:
        r = rows["filter_sorted"]
        line(f"worst filter, sorted by creation (the sort {r['sort_ms']:.0f} ms)", r["worst_ms"], r["limit_ms"], "ms")
    if "stream" in rows:
        r = rows["stream"]
        line(f"worst stall, {r['events']} events in {r['seconds']:.1f} s", r["worst_stall_ms"], r["limit_ms"], "ms")


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(f"usage: {sys.argv[0]} FIGURES.jsonl...")
        return
    figures = load(sys.argv[1:])
    writes(figures)
    prepare(figures)
    startup(figures)
    http(figures)
    ws(figures)
    dispatch(figures)
    opencode(figures)
    gui(figures)


if __name__ == "__main__":
    main()
