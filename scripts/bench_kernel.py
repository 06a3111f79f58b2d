#!/usr/bin/python3
"""Kernel benchmark: jupyter_client against jcnn and against Debian's ipykernel.

Measures, per kernel, in one run:
  start        seconds from launching the kernel process to the first kernel_info_reply
  cell p50/p95 milliseconds for a trivial cell, execute_request to execute_reply + idle
  complete p50 milliseconds for a completion after warm-up
  10k lines    seconds to print 10,000 lines (execute_request to idle), and lines received
  idle RSS     resident memory of the kernel process 3 s after the last cell, MiB
  shutdown     seconds from shutdown_request until the process has exited

Usage (Debian's Python):
  /usr/bin/python3 scripts/bench_kernel.py [--kernels jcnn,python3] [--rounds 5] [--cells 50] [--completions 20] [--quick]
The jcnn kernelspec must be installed (java -jar target/jcnn.jar install, or JUPYTER_PATH).
Prints a Markdown table for docs/BENCHMARKS.md and the raw numbers as JSON.
"""
import argparse
import json
import os
import platform
import queue
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

CODE = {
    "jcnn": {
        "trivial": "1",
        "complete": "System.out.printl",
        "lines": 'for (int i = 0; i < 10000; i++) System.out.println("line " + i);',
    },
    "python3": {
        "trivial": "1",
        "complete": "pri",
        "lines": "for i in range(10000): print('line', i)",
    },
}


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_until_idle(kc, code, timeout=120):
    """Sends code; returns (seconds until both its reply and its idle status arrived, stdout text).

    Blocks on iopub until idle, then on shell for the reply (kernels send the reply first, so it
    is normally already there); no polling loop that would compete for the CPUs.
    """
    start = time.perf_counter()
    msg_id = kc.execute(code)
    text = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            text.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - start
    if reply["content"]["status"] != "ok":
        raise RuntimeError("cell failed: %r" % (reply["content"],))
    return elapsed, "".join(text)


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def bench(kernel_name, code, cells, completions):
    km = KernelManager(kernel_name=kernel_name)
    start = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    kc.get_shell_msg(timeout=60)
    first_reply = time.perf_counter() - start
    kc.wait_for_ready(timeout=60)

    for _ in range(5):  # warm-up (jcnn: JShell starts in the background)
        run_until_idle(kc, code["trivial"])
    cell_ms = [run_until_idle(kc, code["trivial"])[0] * 1000 for _ in range(cells)]

    complete_ms = []
    for i in range(completions + 3):
        t = time.perf_counter()
        kc.complete(code["complete"], len(code["complete"]))
        reply = kc.get_shell_msg(timeout=60)
        if i >= 3:  # the first completions warm the analysis up
            complete_ms.append((time.perf_counter() - t) * 1000)
        assert reply["msg_type"] == "complete_reply", reply["msg_type"]

    lines_s, text = run_until_idle(kc, code["lines"])
    lines = text.splitlines()

    pid = km.provisioner.process.pid
    time.sleep(3.0)  # idle: 3 s after the last cell
    idle = rss_mib(pid)

    kc.stop_channels()
    t = time.perf_counter()
    km.shutdown_kernel(now=False)
    shutdown = time.perf_counter() - t
    return {
        "kernel": kernel_name,
        "first_kernel_info_reply_s": first_reply,
        "trivial_cell_p50_ms": statistics.median(cell_ms),
        "trivial_cell_p95_ms": percentile(cell_ms, 95),
        "complete_p50_ms": statistics.median(complete_ms),
        "ten_thousand_lines_s": lines_s,
        "lines_received": len(lines),
        "idle_rss_mib": idle,
        "shutdown_s": shutdown,
        "cells": cells,
        "completions": completions,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kernels", default="jcnn,python3")
    parser.add_argument("--cells", type=int, default=50)
    parser.add_argument("--completions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5,
                        help="fresh kernel processes per kernel, alternating; the table shows medians over rounds")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 round, 5 cells, 3 completions")
    args = parser.parse_args()
    if args.quick:
        args.cells, args.completions, args.rounds = 5, 3, 1
    names = args.kernels.split(",")
    per_kernel = {name: [] for name in names}
    print("load average at start: %.2f %.2f %.2f" % os.getloadavg(), flush=True)
    for r in range(args.rounds):
        order = names if r % 2 == 0 else list(reversed(names))
        for name in order:
            code = CODE.get(name, CODE["jcnn"] if "jcnn" in name else CODE["python3"])
            result = bench(name, code, args.cells, args.completions)
            result["round"] = r + 1
            per_kernel[name].append(result)
            print("round %d %s: %s" % (r + 1, name, json.dumps(result)), flush=True)
    print("load average at end: %.2f %.2f %.2f" % os.getloadavg())

    def med(name, key):
        return statistics.median(x[key] for x in per_kernel[name])

    print()
    print("Command: /usr/bin/python3 scripts/bench_kernel.py " + " ".join(sys.argv[1:]))
    print("Machine: %s, %d CPUs, Python %s" % (platform.platform(), os.cpu_count(), platform.python_version()))
    print("Medians over %d rounds (each a fresh kernel process; %d trivial cells and %d completions per round)"
          % (args.rounds, args.cells, args.completions))
    print()
    print("| kernel | first kernel_info_reply | trivial cell p50 / p95 | completion p50 | 10,000 lines (received, fewest) | idle RSS | shutdown |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        print("| %s | %.2f s | %.1f / %.1f ms | %.1f ms | %.3f s (%d) | %.0f MiB | %.2f s |" % (
            name, med(name, "first_kernel_info_reply_s"), med(name, "trivial_cell_p50_ms"),
            med(name, "trivial_cell_p95_ms"), med(name, "complete_p50_ms"), med(name, "ten_thousand_lines_s"),
            min(x["lines_received"] for x in per_kernel[name]), med(name, "idle_rss_mib"), med(name, "shutdown_s")))
    if len(names) == 2:
        a, b = names
        print()
        print("| ratio %s / %s | %.2f | %.2f | %.2f | %.2f | | %.2f | %.2f |" % (
            a, b, med(a, "first_kernel_info_reply_s") / med(b, "first_kernel_info_reply_s"),
            med(a, "trivial_cell_p50_ms") / med(b, "trivial_cell_p50_ms"),
            med(a, "complete_p50_ms") / med(b, "complete_p50_ms"),
            med(a, "ten_thousand_lines_s") / med(b, "ten_thousand_lines_s"),
            med(a, "idle_rss_mib") / med(b, "idle_rss_mib"), med(a, "shutdown_s") / med(b, "shutdown_s")))


if __name__ == "__main__":
    main()
