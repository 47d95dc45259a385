"""Self time per op and step from one or two Chrome traces (libtorch's or torch.profiler's).

Usage: python3 op_table.py TRACE STEPS [TRACE2 STEPS2] [--shapes]

Prints a Markdown table: op (with input shapes when --shapes), self time per step (ms) and calls
per step for each trace, sorted by the larger self time. Self time is an event's duration minus
its children's on the same thread; profiler bookkeeping events ("PyTorch Profiler", "ProfilerStep")
are left out. The matrix-product row (mm, addmm, bmm) does the same work on both sides, so it is
the yardstick for reading the others when the machine was loaded.
"""
import collections
import json
import sys

GEMMS = ("aten::mm", "aten::addmm", "aten::bmm")


def self_times(path, steps, shapes):
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    events = [e for e in events if e.get("ph") == "X" and not e["name"].startswith(("PyTorch Profiler", "ProfilerStep"))]
    by_thread = collections.defaultdict(list)
    for e in events:
        by_thread[e.get("tid")].append(e)
    totals, calls = collections.Counter(), collections.Counter()
    for thread_events in by_thread.values():
        thread_events.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack, children = [], collections.Counter()
        for i, e in enumerate(thread_events):
            while stack and thread_events[stack[-1]]["ts"] + thread_events[stack[-1]]["dur"] <= e["ts"]:
                stack.pop()
            if stack:
                children[stack[-1]] += e["dur"]
            stack.append(i)
        for i, e in enumerate(thread_events):
            key = e["name"]
            if shapes:
                dims = e.get("shape", e.get("args", {}).get("Input Dims"))
                key += " " + json.dumps(dims).replace(" ", "")
            totals[key] += (e["dur"] - children[i]) / 1000 / steps
            calls[key] += 1 / steps
    return totals, calls


def main():
    args = [a for a in sys.argv[1:] if a != "--shapes"]
    shapes = "--shapes" in sys.argv
    runs = [self_times(args[i], float(args[i + 1]), shapes) for i in range(0, len(args), 2)]
    names = sorted(set().union(*[r[0].keys() for r in runs]), key=lambda n: -max(r[0][n] for r in runs))
    header = "| op | " + " | ".join(f"trace {i + 1} ms/step | calls/step" for i in range(len(runs))) + " |"
    print(header)
    print("| --- |" + " ---: | ---: |" * len(runs))
    for label, select in (("matrix products (mm, addmm, bmm)", lambda n: n.split(" ")[0] in GEMMS),
                          ("all ops", lambda n: True)):
        cells = [f"{sum(v for n, v in r[0].items() if select(n)):.1f} | " for r in runs]
        print(f"| **{label}** | " + " | ".join(cells) + " |")
    for n in names[:40]:
        print(f"| {n} | " + " | ".join(f"{r[0][n]:.1f} | {r[1][n]:.0f}" for r in runs) + " |")
    for i, path in enumerate(args[0::2]):
        print(f"\ntrace {i + 1}: {path}")


if __name__ == "__main__":
    main()
