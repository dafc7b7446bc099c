#!/usr/bin/python3
"""Prints the benchmark figures of one run against their targets and in-run references."""
import json
import sys

ROUTE_TARGET_US = 20.0  # median route at 10,000 agents


def medians(path):
    with open(path) as f:
        data = json.load(f)
    result = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"]
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b["time_unit"]]
        result[name] = b["real_time"] * scale  # microseconds
        if "subtasks" in b:
            result[name + ":subtasks"] = b["subtasks"]
    return data.get("context", {}), result


def main():
    context, m = medians(sys.argv[1])
    print()
    print(f"machine: {context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz, "
          f"(benchmark library built as {context.get('library_build_type', '?')}; the code under test is Release)")
    print()
    print(f"{'agents':>8} {'route (median)':>16} {'route+reserve':>15} {'full scan (ref)':>16} {'index speed-up':>15}")
    sizes = [100, 1000, 10000, 100000]
    for n in sizes:
        r = m.get(f"BM_Route/{n}")
        rr = m.get(f"BM_RouteAndReserve/{n}")
        scan = m.get(f"BM_RouteFullScan/{n}")
        if r is None:
            continue
        speed = f"{scan / r:13.1f}x" if scan else "-"
        rr_text = f"{rr:12.2f} us" if rr is not None else "-"
        scan_text = f"{scan:13.1f} us" if scan is not None else "-"
        print(f"{n:>8} {r:13.2f} us {rr_text:>15} {scan_text:>16} {speed:>15}")

    r10k = m.get("BM_Route/10000")
    if r10k is not None:
        verdict = "meets" if r10k <= ROUTE_TARGET_US else "MISSES"
        print()
        print(f"route at 10,000 agents: {r10k:.2f} us median, target <= {ROUTE_TARGET_US:.0f} us: "
              f"{r10k / ROUTE_TARGET_US:.3f} of the limit ({verdict} the target)")
    r100, r100k = m.get("BM_Route/100"), m.get("BM_Route/100000")
    if r100 and r100k:
        growth = r100k / r100
        verdict = "sub-linear" if growth < 1000 else "NOT sub-linear"
        print(f"growth 100 -> 100,000 agents (x1000): route cost x{growth:.2f} ({verdict})")
    for words in (1000, 10000):
        d = m.get(f"BM_DecomposeLargeTask/{words}")
        if d is not None:
            n = m.get(f"BM_DecomposeLargeTask/{words}:subtasks")
            produced = f", {int(n)} subtasks" if n is not None else ""
            print(f"decomposition of a {words:,}-word task (max_subtasks 500, depth 5): {d / 1000:.2f} ms median{produced}")


if __name__ == "__main__":
    main()
