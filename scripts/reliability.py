#!/usr/bin/python3
"""Reliability runs for issue 10: interrupts, lifecycle, hostile input, floods, a day of use.

Each run drives a real kernel process through jupyter_client (Debian's Python) and prints one
JSON object per run, plus a summary; the exit status is 0 only if every check held.

  /usr/bin/python3 scripts/reliability.py [--kernel jcnn|python3] [--full] [--out DIR] RUN...

RUN is one or more of: interrupts lifecycle fuzz flood soak (or "all").
Without --full each run is small enough for CI (scripts/reliability-ci.sh, about two minutes);
--full runs the sizes the issue names (10,000 fuzzed messages, 20,000 soak cells, 20 restarts,
5 interrupts per cell state). --kernel python3 runs the same checks against Debian's
ipykernel where they apply (the cells are Python), for comparison in docs/RELIABILITY.md.

The jcnn kernelspec is installed from target/jcnn.jar (or $JCNN_JAR) into a temporary
JUPYTER_PATH, so nothing global is needed; the kernel runs on the `java` on PATH.
"""
import argparse
import hashlib
import hmac
import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone

import zmq
from jupyter_client.manager import KernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAILURES = []


def check(ok, what):
    if not ok:
        FAILURES.append(what)
        print("FAIL:", what, flush=True)
    return ok


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def rss_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def cpu_seconds(pid):
    """utime + stime of a process and all its threads, in seconds."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_dead(pid, timeout):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if not alive(pid):
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


class Env:
    """A temporary JUPYTER_PATH holding the jcnn kernelspec, and runtime dir for connection files."""

    def __init__(self, kernel):
        self.kernel = kernel
        self.tmp = tempfile.mkdtemp(prefix="jcnn-reliability-")
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(self.tmp, "runtime")
        os.makedirs(os.environ["JUPYTER_RUNTIME_DIR"])
        if kernel == "jcnn":
            jar = os.environ.get("JCNN_JAR", os.path.join(ROOT, "target", "jcnn.jar"))
            subprocess.run(["java", "-jar", jar, "install", "--prefix", os.path.join(self.tmp, "env"),
                            "--name", "jcnn-reliability"], check=True, stdout=subprocess.DEVNULL)
            os.environ["JUPYTER_PATH"] = os.path.join(self.tmp, "env", "share", "jupyter")
            self.name = "jcnn-reliability"
        else:
            self.name = "python3"
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"

    def start(self, transport="tcp", **kw):
        km = KernelManager(kernel_name=self.name, transport=transport)
        if transport == "ipc":
            km.ip = os.path.join(self.tmp, "ipc-%s" % uuid.uuid4().hex[:8])
        km.start_kernel(**kw)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        return km, kc

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def pid_of(km):
    return km.provisioner.process.pid


def execute(kc, code, timeout=120, allow_stdin=False, stop_on_error=True):
    """Runs a cell; returns (reply content, iopub messages of the cell)."""
    msg_id = kc.execute(code, allow_stdin=allow_stdin, stop_on_error=stop_on_error)
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=120):
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        out.append(m)
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    while True:
        r = kc.get_shell_msg(timeout=timeout)
        if r["parent_header"].get("msg_id") == msg_id:
            return r["content"], out


def drain(kc, timeout=0.2):
    while True:
        try:
            kc.get_iopub_msg(timeout=timeout)
        except queue.Empty:
            break


def stdout_of(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


# ---------------------------------------------------------------------------------------------
# 1. interrupts
# ---------------------------------------------------------------------------------------------

FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"

# name: (cell, seconds to wait before interrupting (a range: uniform), needs input)
INTERRUPT_STATES = {
    "jcnn": {
        "issue cell: fresh kernel (JShell starting)": (
            "var net = Cnn.input(1,28,28).conv(32,3,padding(1)).relu().maxPool(2).flatten().dense(10).softmax().build();\n"
            "net.train(FashionMnist.train()).epochs(100).batch(64).optimizer(adam(1e-3)).run();", (0.2, 1.5), False),
        "issue cell: data load, build, training": (
            "var net = Cnn.input(1,28,28).conv(32,3,padding(1)).relu().maxPool(2).flatten().dense(10).softmax().build();\n"
            "net.train(FashionMnist.train()).epochs(100).batch(64).optimizer(adam(1e-3)).run();", (0.3, 3.0), False),
        "JShell compiling a long cell": (
            "\n".join("int m%d(int x) { return x + %d; }" % (i, i) for i in range(60)) + "\nThread.sleep(100000);",
            (0.05, 0.6), False),
        "between snippets": ("Thread.sleep(300);\nint between = 1;\nThread.sleep(300);\nint between2 = 2;\nThread.sleep(100000);",
                             (0.2, 0.8), False),
        "reading IDX files": ('for (int i = 0; i < 100; i++) jcnn.data.Idx.read(java.nio.file.Path.of("%s"));' % FASHION,
                              (0.3, 1.5), False),
        "GEMM in ForkJoin tasks": ("var ga = Tensor.randn(1, 1024, 1024); var gb = Tensor.randn(2, 1024, 1024);\n"
                                   "for (int i = 0; i < 1000; i++) ga.matmul(gb);", (0.5, 1.5), False),
        "Thread.sleep": ("Thread.sleep(100000);", (0.3, 0.8), False),
        "Object.wait": ("var lock = new Object(); synchronized (lock) { lock.wait(); }", (0.3, 0.8), False),
        "waiting on a lock": ("var rl = new java.util.concurrent.locks.ReentrantLock();\n"
                              "var holder = new Thread(() -> { rl.lock(); try { Thread.sleep(1_000_000); } catch (InterruptedException e) { } });\n"
                              "holder.setDaemon(true); holder.start(); Thread.sleep(100); rl.lockInterruptibly();",
                              (0.5, 1.0), False),
        "waiting on a future": ("new java.util.concurrent.CompletableFuture<String>().get();", (0.3, 0.8), False),
        "reading stdin": ("var sc = new java.util.Scanner(System.in); sc.nextLine();", (0.5, 1.0), True),
        "printing": ('for (long i = 0; ; i++) System.out.println("line " + i);', (0.3, 0.8), False),
        "publishing displays": ('for (int i = 0; ; i++) display("frame " + i);', (0.3, 0.8), False),
        "swallowed interrupt, then sleep": (
            "{ try { Thread.sleep(100000); } catch (InterruptedException e) { } Thread.sleep(100000); }", (0.3, 0.8), False),
    },
    "python3": {
        "Thread.sleep": ("import time; time.sleep(100000)", (0.3, 0.8), False),
        "busy loop": ("i = 0\nwhile True: i += 1", (0.3, 0.8), False),
        "Object.wait": ("import threading; threading.Event().wait()", (0.3, 0.8), False),
        "waiting on a future": ("import concurrent.futures as cf; cf.Future().result()", (0.3, 0.8), False),
        "reading stdin": ("input()", (0.5, 1.0), True),
        "printing": ("i = 0\nwhile True:\n    print('line', i); i += 1", (0.3, 0.8), False),
        "swallowed interrupt, then sleep": (
            "import time\ntry:\n    time.sleep(100000)\nexcept KeyboardInterrupt:\n    pass\ntime.sleep(100000)", (0.3, 0.8), False),
    },
}
INTERRUPT_STATES["jcnn"]["busy loop"] = ("long spin = 0; while (true) spin++;", (0.3, 0.8), False)


def interrupt_once(env, km, kc, code, delay, allow_stdin, kept_check):
    pid = pid_of(km)
    drain(kc)
    msg_id = kc.execute(code, allow_stdin=allow_stdin)
    time.sleep(delay)
    t0 = time.perf_counter()
    if env.kernel == "jcnn" or km.kernel_spec.interrupt_mode == "message":
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        r = kc.get_control_msg(timeout=30)
        reply_s = time.perf_counter() - t0
        reply_ok = r["content"].get("status") == "ok"
        # the kernel's own share: from reading the request to handing the reply to ZeroMQ
        kernel_ms = r.get("metadata", {}).get("jcnn_received_to_reply_ms")
    else:
        km.interrupt_kernel()   # SIGINT, what jupyter_client does for ipykernel (interrupt_mode signal)
        reply_s, reply_ok, kernel_ms = None, True, None
    stopped_s = None
    ename = None
    deadline = t0 + 30
    while time.perf_counter() < deadline:
        try:
            m = kc.get_shell_msg(timeout=0.5)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") == msg_id:
            stopped_s = time.perf_counter() - t0
            ename = m["content"].get("ename")
            break
    result = {"delay": round(delay, 3), "reply_s": reply_s, "reply_kernel_ms": kernel_ms, "reply_ok": reply_ok,
              "stopped_s": stopped_s, "ename": ename}
    if stopped_s is None:
        return result
    drain(kc, 0.3)
    # no thread of the cell keeps running: process CPU back to idle within 2 s
    idle = None
    for _ in range(8):
        c0 = cpu_seconds(pid)
        time.sleep(0.25)
        c1 = cpu_seconds(pid)
        if c1 - c0 < 0.25 * 0.3:
            idle = time.perf_counter() - t0 - stopped_s
            break
    result["cpu_idle_after_s"] = idle
    content, msgs = execute(kc, kept_check, timeout=60)
    result["kept"] = content["status"] == "ok" and "41" in stdout_of(msgs) + json.dumps([m["content"] for m in msgs])
    return result


def run_interrupts(env, full):
    tries = 5 if full else 1
    states = INTERRUPT_STATES[env.kernel]
    kept_set = "int kept = 41;" if env.kernel == "jcnn" else "kept = 41"
    kept_check = "System.out.println(kept);" if env.kernel == "jcnn" else "print(kept)"
    rng = random.Random(10)
    results = {}
    all_rows = []
    km = kc = None
    for name, (code, (lo, hi), stdin) in states.items():
        rows = []
        for t in range(tries):
            fresh = name.startswith("issue cell: fresh")
            if fresh or km is None:
                if km is not None:
                    kc.stop_channels()
                    km.shutdown_kernel(now=True)
                km, kc = env.start()
                if not fresh:
                    execute(kc, kept_set)
            if fresh:
                # the first cell of a kernel whose JShell is still starting: no warm-up cell
                row = interrupt_once(env, km, kc, code, rng.uniform(lo, hi), stdin, "int kept = 41; System.out.println(kept);")
                kc.stop_channels()
                km.shutdown_kernel(now=True)
                km = kc = None
            else:
                row = interrupt_once(env, km, kc, code, rng.uniform(lo, hi), stdin, kept_check)
                if row["stopped_s"] is None:
                    kc.stop_channels()
                    km.shutdown_kernel(now=True)
                    km = kc = None
            rows.append(row)
            print("interrupt %-45s %s" % (name, json.dumps(row)), flush=True)
        all_rows.append(rows)
        stopped = [r["stopped_s"] for r in rows if r["stopped_s"] is not None]
        replies = [r["reply_s"] for r in rows if r["reply_s"] is not None]
        kernel_side = [r["reply_kernel_ms"] for r in rows if r.get("reply_kernel_ms") is not None]
        results[name] = {
            "tried": len(rows), "stopped": len(stopped),
            "stop_p50_s": percentile(stopped, 50), "stop_p95_s": percentile(stopped, 95), "stop_max_s": max(stopped) if stopped else None,
            "reply_p50_ms": percentile(replies, 50) * 1000 if replies else None,
            "reply_p95_ms": percentile(replies, 95) * 1000 if replies else None,
            "reply_max_ms": max(replies) * 1000 if replies else None,
            "reply_kernel_p50_ms": percentile(kernel_side, 50) if kernel_side else None,
            "reply_kernel_p95_ms": percentile(kernel_side, 95) if kernel_side else None,
            "kept": sum(1 for r in rows if r.get("kept")), "cpu_idle": sum(1 for r in rows if r.get("cpu_idle_after_s") is not None),
        }
        if env.kernel == "jcnn":
            s = results[name]
            check(s["stopped"] == s["tried"], "interrupt %s: %d of %d stopped" % (name, s["stopped"], s["tried"]))
            check(s["stopped"] == 0 or s["stop_max_s"] <= 2.0, "interrupt %s: worst stop %.2f s > 2 s" % (name, s["stop_max_s"] or 0))
            check(s["reply_max_ms"] is None or s["reply_max_ms"] <= (50 if full else 1000),
                  "interrupt %s: interrupt_reply after %.0f ms" % (name, s["reply_max_ms"] or 0))
            check(s["kept"] == s["stopped"], "interrupt %s: variables kept in %d of %d" % (name, s["kept"], s["stopped"]))
            check(all(r["ename"] == "Interrupted" for r in rows if r["stopped_s"] is not None),
                  "interrupt %s: error names %s" % (name, [r["ename"] for r in rows]))
    alls = [r for r in results.values()]
    out = {"states": results, "tried": sum(r["tried"] for r in alls), "stopped": sum(r["stopped"] for r in alls)}
    every = [row for rows_ in all_rows for row in rows_]
    client_ms = [r["reply_s"] * 1000 for r in every if r["reply_s"] is not None]
    kernel_ms = [r["reply_kernel_ms"] for r in every if r.get("reply_kernel_ms") is not None]
    out["reply_client_ms"] = {"p50": percentile(client_ms, 50), "p95": percentile(client_ms, 95)} if client_ms else None
    out["reply_kernel_ms"] = {"p50": percentile(kernel_ms, 50), "p95": percentile(kernel_ms, 95)} if kernel_ms else None
    print("interrupt_reply latency, ms: client (request sent -> reply received) %s; kernel (request read -> reply "
          "handed to ZeroMQ) %s" % (json.dumps(out["reply_client_ms"]), json.dumps(out["reply_kernel_ms"])), flush=True)
    out["queued"] = run_interrupt_queued(env, km, kc)
    return out


def interrupt_request(env, km, kc):
    """Interrupts as the kernelspec says; returns the interrupt_reply's latency in s (None for SIGINT)."""
    if env.kernel == "jcnn" or km.kernel_spec.interrupt_mode == "message":
        t0 = time.perf_counter()
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        kc.get_control_msg(timeout=30)
        return time.perf_counter() - t0
    km.interrupt_kernel()
    return None


def replies_for(kc, ids, timeout=60):
    """The shell replies to ids (a list), in the order they came."""
    got = []
    deadline = time.perf_counter() + timeout
    while len(got) < len(ids) and time.perf_counter() < deadline:
        try:
            r = kc.get_shell_msg(timeout=1)
        except queue.Empty:
            continue
        if r["parent_header"].get("msg_id") in ids:
            got.append(r)
    return got


def run_interrupt_queued(env, km=None, kc=None):
    """An interrupt is never lost for cells received but not started: (1) cells queued behind a
    running cell are aborted (stop_on_error), a cell sent after the interrupt runs; (2) on a fresh
    kernel, a cell queued behind a completion that waits for JShell to start (so no cell runs when
    the interrupt comes) ends with Interrupted and never runs."""
    jcnn = env.kernel == "jcnn"
    results = {}
    if km is None:
        km, kc = env.start()
    execute(kc, "int kept = 41;" if jcnn else "kept = 41")
    drain(kc)
    a = kc.execute("Thread.sleep(100000);" if jcnn else "import time; time.sleep(100000)")
    b = kc.execute("kept = 0;" if jcnn else "kept = 0")
    time.sleep(0.5)
    interrupt_request(env, km, kc)
    c = kc.execute("System.out.println(kept);" if jcnn else "print(kept)")
    got = replies_for(kc, [a, b, c])
    statuses = [(r["content"]["status"], r["content"].get("ename")) for r in got]
    drain(kc, 0.5)
    content, msgs = execute(kc, "System.out.println(kept);" if jcnn else "print(kept)")
    results["behind a running cell"] = {"replies": statuses, "kept": "41" in stdout_of(msgs)}
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    if jcnn:
        km, kc = env.start()
        kc.complete("System.out.pr", 13)   # on a fresh kernel this waits for JShell to start
        a = kc.execute('System.out.println("ran");')
        time.sleep(0.3)
        early = []
        while True:   # the case only holds if JShell was still starting when the interrupt came
            try:
                early.append(kc.get_shell_msg(timeout=0)["msg_type"])
            except queue.Empty:
                break
        interrupt_request(env, km, kc)
        b = kc.execute("int after = 2;")
        got = replies_for(kc, [a, b])
        results["behind a completion on a fresh kernel"] = {
            "replies": [(r["content"]["status"], r["content"].get("ename")) for r in got],
            "jshell_up_before_interrupt": "complete_reply" in early}
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    for name, r in results.items():
        print("interrupt queued %-40s %s" % (name, json.dumps(r)), flush=True)
    if jcnn:
        r = results["behind a running cell"]
        check(r["replies"] == [("error", "Interrupted"), ("aborted", None), ("ok", None)] and r["kept"],
              "interrupt queued behind a running cell: %s (expected Interrupted, aborted, ok; kept 41)" % r)
        r = results["behind a completion on a fresh kernel"]
        check(r["jshell_up_before_interrupt"] or r["replies"] == [("error", "Interrupted"), ("ok", None)],
              "interrupt queued behind a completion: %s (expected Interrupted, ok)" % r)
    return results


# ---------------------------------------------------------------------------------------------
# 2. lifecycle
# ---------------------------------------------------------------------------------------------

FRONTEND = r"""
import os, sys, time, json
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name=sys.argv[1], transport=sys.argv[2])
if sys.argv[2] == "ipc":
    km.ip = sys.argv[3]
km.start_kernel()
kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=120)
print(json.dumps({"pid": km.provisioner.process.pid, "connection_file": km.connection_file}), flush=True)
time.sleep(100000)
"""


def ipc_files(prefix):
    d = os.path.dirname(prefix)
    return sorted(f for f in os.listdir(d) if f.startswith(os.path.basename(prefix)))


def run_lifecycle(env, full):
    out = {}
    # orphan: the frontend that started the kernel dies with SIGKILL
    prefix = os.path.join(env.tmp, "ipc-orphan")
    fe = subprocess.Popen([sys.executable, "-c", FRONTEND, env.name, "ipc", prefix], stdout=subprocess.PIPE, text=True)
    info = json.loads(fe.stdout.readline())
    before = ipc_files(prefix)
    fe.kill()
    fe.wait()
    gone = wait_dead(info["pid"], 10)
    time.sleep(0.1)
    out["orphan"] = {"exit_s": gone, "ipc_files_before": len(before), "ipc_files_after": len(ipc_files(prefix))}
    if gone is None:
        os.kill(info["pid"], signal.SIGKILL)
    print("lifecycle orphan", json.dumps(out["orphan"]), flush=True)
    if env.kernel == "jcnn":
        check(gone is not None and gone <= 2.0, "orphan kernel exit after %s s" % gone)
        check(len(before) == 5 and out["orphan"]["ipc_files_after"] == 0, "orphan ipc files %s" % out["orphan"])

    # SIGINT interrupts the running cell and never kills the kernel; SIGTERM shuts down cleanly.
    # The kernel is started by a frontend that ignores SIGINT (as one run under nohup or in a
    # script's background does), the harder case: the kernel inherits SIGINT as ignored, and a
    # JVM then installs no handler unless the kernelspec resets it (env --default-signal=INT).
    prefix = os.path.join(env.tmp, "ipc-signals")
    km = KernelManager(kernel_name=env.name, transport="ipc")
    km.ip = prefix
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        km.start_kernel()
    finally:
        signal.signal(signal.SIGINT, previous)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    pid = pid_of(km)
    sleep = "Thread.sleep(100000);" if env.kernel == "jcnn" else "import time; time.sleep(100000)"
    os.kill(pid, signal.SIGINT)  # idle kernel
    time.sleep(0.5)
    idle_survives = alive(pid)
    msg_id = kc.execute(sleep)
    # SIGINT is about the running cell: wait until the kernel has taken this one (its
    # execute_input), then a second. A signal that comes before the kernel has even read the
    # request from its socket is not about that request (a cold JVM on 2 busy cores once took
    # longer than a fixed 1 s to read it, and the cell then ran its 100 s).
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    time.sleep(1.0)
    t0 = time.perf_counter()
    os.kill(pid, signal.SIGINT)
    content = None
    try:
        while True:
            r = kc.get_shell_msg(timeout=10)
            if r["parent_header"].get("msg_id") == msg_id:
                content = r["content"]
                break
    except queue.Empty:
        pass
    sigint_s = time.perf_counter() - t0 if content else None
    drain(kc)
    ok_after, _ = execute(kc, "1 + 1") if alive(pid) else ({"status": "dead"}, [])
    out["sigint"] = {"frontend_ignored_sigint": True, "idle_survives": idle_survives, "cell_stopped_s": sigint_s,
                     "ename": content and content.get("ename"), "alive_after": alive(pid), "next_cell": ok_after["status"]}
    print("lifecycle sigint", json.dumps(out["sigint"]), flush=True)
    files = len(ipc_files(prefix))
    kc.stop_channels()
    t0 = time.perf_counter()
    os.kill(pid, signal.SIGTERM)
    gone = wait_dead(pid, 10)
    if gone is None:
        os.kill(pid, signal.SIGKILL)
    km.cleanup_resources()
    out["sigterm"] = {"exit_s": gone, "ipc_files_before": files,
                      "ipc_files_after": len([f for f in ipc_files(prefix)])}
    print("lifecycle sigterm", json.dumps(out["sigterm"]), flush=True)
    if env.kernel == "jcnn":
        check(idle_survives and out["sigint"]["alive_after"], "SIGINT killed the kernel")
        check(sigint_s is not None and sigint_s <= 2.0 and out["sigint"]["ename"] == "Interrupted",
              "SIGINT did not interrupt the cell: %s" % out["sigint"])
        check(ok_after["status"] == "ok", "cell after SIGINT: %s" % ok_after)
        check(gone is not None and gone <= 2.0, "SIGTERM exit after %s s" % gone)

    # restarts: shutdown_request(restart=True) then a fresh process, N times
    n = 20 if full else 5
    prefix = os.path.join(env.tmp, "ipc-restarts")
    km = KernelManager(kernel_name=env.name, transport="ipc")
    km.ip = prefix
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    pids = [pid_of(km)]
    times = []
    answered = 0
    for i in range(n):
        t0 = time.perf_counter()
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=120)
        times.append(time.perf_counter() - t0)
        pids.append(pid_of(km))
        content, msgs = execute(kc, "1 + %d" % i)
        answered += content["status"] == "ok"
    last = pids[-1]
    leftover = [p for p in pids[:-1] if alive(p)]
    files_running = len(ipc_files(prefix))
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    time.sleep(0.3)
    out["restarts"] = {"restarts": n, "answered": answered, "restart_p50_s": percentile(times, 50),
                       "restart_max_s": max(times), "leftover_processes": len(leftover) + (1 if alive(last) else 0),
                       "ipc_files_while_running": files_running, "ipc_files_after": len(ipc_files(prefix))}
    print("lifecycle restarts", json.dumps(out["restarts"]), flush=True)
    if env.kernel == "jcnn":
        r = out["restarts"]
        check(r["answered"] == n and r["leftover_processes"] == 0 and r["ipc_files_after"] == 0
              and r["ipc_files_while_running"] == 5, "restarts: %s" % r)
    return out


# ---------------------------------------------------------------------------------------------
# 3. hostile input
# ---------------------------------------------------------------------------------------------

class RawClient:
    """Signs and sends frames over its own DEALER sockets, so that anything can be sent."""

    def __init__(self, conn):
        self.conn = conn
        self.key = conn["key"].encode() if isinstance(conn["key"], str) else conn["key"]
        self.session = uuid.uuid4().hex
        self.ctx = zmq.Context()
        self.sockets = {}
        for ch in ("shell", "control", "stdin"):
            s = self.ctx.socket(zmq.DEALER)
            s.setsockopt(zmq.IDENTITY, self.session.encode())
            s.setsockopt(zmq.LINGER, 0)
            s.connect("%s://%s:%d" % (conn["transport"], conn["ip"], conn["%s_port" % ch]))
            self.sockets[ch] = s

    def sign(self, parts):
        h = hmac.new(self.key, digestmod=hashlib.sha256)
        for p in parts:
            h.update(p)
        return h.hexdigest().encode()

    def message(self, msg_type, content, signed=True, corrupt=None):
        header = {"msg_id": uuid.uuid4().hex, "session": self.session, "username": "fuzz", "msg_type": msg_type,
                  "version": "5.3", "date": datetime.now(timezone.utc).isoformat()}
        parts = [json.dumps(header).encode(), b"{}", b"{}",
                 content if isinstance(content, bytes) else json.dumps(content).encode()]
        if corrupt:
            parts = corrupt(parts)
        sig = self.sign(parts) if signed else b""
        return header["msg_id"], [b"<IDS|MSG>", sig] + parts

    def send(self, channel, frames):
        self.sockets[channel].send_multipart(frames, copy=True)

    def replies(self, channel, timeout_ms):
        s = self.sockets[channel]
        out = []
        while s.poll(timeout_ms):
            frames = s.recv_multipart()
            i = frames.index(b"<IDS|MSG>")
            # (parent header, header, content)
            out.append((json.loads(frames[i + 3]), json.loads(frames[i + 2]), json.loads(frames[i + 5])))
            timeout_ms = 50
        return out

    def close(self):
        for s in self.sockets.values():
            s.close(0)
        self.ctx.term()


WEIRD = [None, True, -1, 0, -(2 ** 63), 2 ** 63, 10 ** 30, 1e308, float("nan"), "", "x" * 10000, [], {}, [1, "a"],
         {"a": {"b": None}}, "\ud800", "é\u0000z"]

FIELDS = {
    "execute_request": {"code": str, "silent": bool, "store_history": bool, "user_expressions": dict,
                        "allow_stdin": bool, "stop_on_error": bool},
    "complete_request": {"code": str, "cursor_pos": int},
    "inspect_request": {"code": str, "cursor_pos": int, "detail_level": int},
    "is_complete_request": {"code": str},
    "history_request": {"output": bool, "raw": bool, "hist_access_type": str, "session": int, "start": int,
                        "stop": int, "n": int, "pattern": str, "unique": bool},
    "comm_open": {"comm_id": str, "target_name": str, "data": dict},
    "comm_msg": {"comm_id": str, "data": dict},
    "comm_close": {"comm_id": str, "data": dict},
    "comm_info_request": {"target_name": str},
    "kernel_info_request": {},
    "input_reply": {"value": str},
}
CHANNEL_OF = {"input_reply": "stdin"}


def fuzz_content(rng, msg_type):
    content = {}
    for field, kind in FIELDS[msg_type].items():
        r = rng.random()
        if r < 0.15:
            continue  # missing field
        if r < 0.6:
            content[field] = rng.choice(WEIRD)
        else:
            content[field] = {str: "x = 1", bool: rng.random() < 0.5, dict: {}, int: rng.randint(-5, 50)}[kind]
            if field == "code":
                content[field] = rng.choice(["1 +", "\"unterminated", "@@@", "/*", "x.", "", "\u00e9\ud83d\ude00"])
            if field == "silent":
                content[field] = False
    if rng.random() < 0.1:
        content["extra_" + str(rng.randint(0, 9))] = rng.choice(WEIRD)
    return content


def run_fuzz(env, full):
    n = 10_000 if full else 1_500
    km, kc = env.start()
    pid = pid_of(km)
    counter = "int fuzzExecuted = 0;" if env.kernel == "jcnn" else "fuzzExecuted = 0"
    execute(kc, counter)
    # "before" is a kernel in use: cells, errors and completions have warmed up the compiler
    for i in range(30):
        execute(kc, ["1 + %d" % i, "1 +", "undefinedName%d" % i][i % 3], stop_on_error=False)
        kc.complete("Syst" if env.kernel == "jcnn" else "pri", 4 if env.kernel == "jcnn" else 3)
    drain(kc, 0.5)
    execute(kc, "System.gc();" if env.kernel == "jcnn" else "import gc; gc.collect()")
    time.sleep(3)
    rss_before = rss_mib(pid)
    conn = km.get_connection_info(session=False)
    raw = RawClient(conn)
    rng = random.Random(4)
    sent = {"valid": 0, "unsigned": 0, "bad_signature": 0, "replayed": 0, "truncated": 0, "random_frames": 0,
            "missing_frames": 0, "extra_frames": 0, "invalid_utf8": 0, "huge": 0, "unknown_type": 0, "wrong_fields": 0}
    valid_ids = []
    execute_ids = set()
    valid_executes = 0
    replayable = []
    code_inc = "fuzzExecuted++;" if env.kernel == "jcnn" else "fuzzExecuted += 1"
    huge_left = 2 if full else 1
    for i in range(n):
        kind = rng.random()
        channel = rng.choice(["shell", "control", "stdin"])
        if kind < 0.10:
            # a valid execute request: must be executed and answered in order
            mid, frames = raw.message("execute_request", {"code": code_inc, "silent": False, "store_history": True,
                                                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})
            raw.send("shell", frames)
            valid_ids.append(mid)
            execute_ids.add(mid)
            valid_executes += 1
            replayable.append(frames)
            sent["valid"] += 1
        elif kind < 0.17:
            mid, frames = raw.message("execute_request", {"code": code_inc, "stop_on_error": False}, signed=False)
            raw.send(channel, frames)
            sent["unsigned"] += 1
        elif kind < 0.24:
            mid, frames = raw.message("execute_request", {"code": code_inc, "stop_on_error": False})
            frames[1] = frames[1][:-4] + b"beef"
            raw.send(channel, frames)
            sent["bad_signature"] += 1
        elif kind < 0.31 and replayable:
            raw.send("shell", rng.choice(replayable))
            sent["replayed"] += 1
        elif kind < 0.38:
            mid, frames = raw.message("execute_request", {"code": code_inc})
            raw.send(channel, frames[:rng.randint(0, len(frames) - 1)] or [b""])
            sent["truncated"] += 1
        elif kind < 0.45:
            raw.send(channel, [bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 200))) for _ in range(rng.randint(1, 9))])
            sent["random_frames"] += 1
        elif kind < 0.50:
            mid, frames = raw.message("kernel_info_request", {})
            del frames[rng.randint(0, len(frames) - 1)]
            raw.send(channel, frames)
            sent["missing_frames"] += 1
        elif kind < 0.55:
            # extra frames after content are buffers: valid, and must be answered
            mid, frames = raw.message("kernel_info_request", {})
            raw.send("shell", frames + [b"extra", b"\xff\xfe"])
            valid_ids.append(mid)
            sent["extra_frames"] += 1
        elif kind < 0.60:
            mid, frames = raw.message("execute_request", b'{"code": "\xff\xfe\xc3\x28", "silent": false}')
            raw.send(channel, frames)
            sent["invalid_utf8"] += 1
        elif kind < 0.62 and huge_left > 0:
            huge_left -= 1
            # on a connection of its own: the kernel disconnects a peer that sends more than it accepts
            other = RawClient(conn)
            mid, frames = other.message("execute_request", {"code": "//" + "x" * (100 << 20)})
            other.send(channel, frames)
            time.sleep(1.0)
            other.close()
            sent["huge"] += 1
        elif kind < 0.70:
            mid, frames = raw.message("frobnicate_%d_request" % rng.randint(0, 9), {"x": 1})
            raw.send(channel, frames)
            sent["unknown_type"] += 1
        else:
            msg_type = rng.choice(list(FIELDS))
            mid, frames = raw.message(msg_type, fuzz_content(rng, msg_type))
            raw.send(CHANNEL_OF.get(msg_type, "shell" if rng.random() < 0.8 else "control"), frames)
            sent["wrong_fields"] += 1
        if i % 200 == 199:
            time.sleep(0.05)   # let replies drain so the DEALER's queue stays small
    # every valid request gets an answer, in order, on shell
    got = []
    ok_executes = 0
    valid_set = set(valid_ids)
    deadline = time.perf_counter() + (600 if full else 180)
    while time.perf_counter() < deadline:
        for parent, header, content in raw.replies("shell", 2000):
            if parent.get("msg_id") in valid_set:
                got.append(parent["msg_id"])
                if header["msg_type"] == "execute_reply" and content.get("status") == "ok":
                    ok_executes += 1
        if len(got) >= len(valid_ids):
            break
    raw.close()
    # kernel_info is answered at once on the shell socket's thread, ahead of queued cells (as
    # ipykernel's control channel would); the order that matters is the cells'
    executes = [m for m in valid_ids if m in execute_ids]
    in_order = [m for m in got if m in execute_ids] == executes
    # executed nothing unsigned or replayed: the counter equals the valid executes
    still_alive = alive(pid)
    count = None
    if still_alive:
        drain(kc, 0.5)
        content, msgs = execute(kc, "System.out.println(fuzzExecuted);" if env.kernel == "jcnn" else "print(fuzzExecuted)", timeout=120)
        text = stdout_of(msgs).strip()
        count = int(text) if text.isdigit() else text
        execute(kc, "System.gc();" if env.kernel == "jcnn" else "import gc; gc.collect()")
        time.sleep(3)
    rss_after = rss_mib(pid)
    # valid executes after an error reply of a fuzzed (signed) request are answered "aborted", as
    # stop_on_error asks; the counter must equal those answered "ok"
    out = {"messages": n, "sent": sent, "valid_answered": len(got), "valid_requests": len(valid_ids), "in_order": in_order,
           "executed": count, "valid_executes": valid_executes, "valid_executes_ok": ok_executes,
           "kernel_deaths": 0 if still_alive else 1,
           "rss_before_mib": rss_before, "rss_after_mib": rss_after}
    print("fuzz", json.dumps(out), flush=True)
    check(still_alive, "fuzz: the kernel died")
    check(len(got) == len(valid_ids) and in_order, "fuzz: answered %d of %d valid requests, in order %s" % (len(got), len(valid_ids), in_order))
    check(count == ok_executes, "fuzz: executed %s cells, %d valid ones were answered ok" % (count, ok_executes))
    check(rss_after is not None and rss_after <= 1.5 * rss_before, "fuzz: RSS %s -> %s MiB" % (rss_before, rss_after))
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return out


# ---------------------------------------------------------------------------------------------
# 4. floods and slow clients
# ---------------------------------------------------------------------------------------------

def run_flood(env, full):
    km, kc = env.start()
    pid = pid_of(km)
    execute(kc, "1")
    n = 200
    ids = [kc.execute("%d * 2" % i, stop_on_error=False) for i in range(n)]
    replies = []
    deadline = time.perf_counter() + 300
    while len(replies) < n and time.perf_counter() < deadline:
        try:
            r = kc.get_shell_msg(timeout=5)
        except queue.Empty:
            continue
        replies.append(r)
    order = [r["parent_header"]["msg_id"] for r in replies]
    results = {}
    drain(kc, 1.0)
    flood = {"sent": n, "answered": len(replies), "in_order": order == ids[:len(order)],
             "ok": sum(1 for r in replies if r["content"]["status"] == "ok"), "lost": n - len(replies)}
    print("flood", json.dumps(flood), flush=True)
    check(flood["answered"] == n and flood["in_order"] and flood["ok"] == n, "flood: %s" % flood)

    # a client that subscribes to iopub and then never reads
    conn = km.get_connection_info(session=False)
    ctx = zmq.Context()
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.RCVHWM, 10)
    sub.setsockopt(zmq.RCVBUF, 4096)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect("tcp://%s:%d" % (conn["ip"], conn["iopub_port"]))
    time.sleep(0.5)
    rss0 = rss_mib(pid)
    chunks = 12 if full else 5
    line = "x" * 999
    if env.kernel == "jcnn":
        cell = 'for (int i = 0; i < 4000; i++) System.out.println("%s".substring(0, 990) + i);' % line
    else:
        cell = "for i in range(4000): print('%s'[:990] + str(i), flush=True)" % line
    texts = 0
    streams = 0            # messages the reading client got (every type, but no notice)
    notices = []           # notices the reading client got (it should get none: it read)
    start = time.perf_counter()
    peak = rss0
    for c in range(chunks + 1):
        last = c == chunks   # a last small cell: the kernel still answers
        msg_id = kc.execute("1 + 1" if last else cell)
        while True:
            try:
                m = kc.get_iopub_msg(timeout=60)
            except queue.Empty:
                break
            if m["msg_type"] == "stream" and "were dropped" in m["content"]["text"]:
                notices.append(m["content"]["text"].strip())
                continue
            streams += 1
            if m["msg_type"] == "stream" and not last:
                texts += len(m["content"]["text"])
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" \
                    and m["content"]["execution_state"] == "idle":
                break
        if last:
            content = next(r for r in iter(lambda: kc.get_shell_msg(timeout=60), None)
                           if r["parent_header"].get("msg_id") == msg_id)["content"]
            kernel_alive = alive(pid)
        else:
            elapsed = time.perf_counter() - start
        peak = max(peak, rss_mib(pid) or 0)
    # the slow client reads again: what ZeroMQ kept for it, then the notice of what was dropped
    slow_streams = 0
    slow_notices = []
    quiet_until = time.perf_counter() + 5
    while time.perf_counter() < quiet_until:
        if not sub.poll(200):
            continue
        quiet_until = time.perf_counter() + 3
        frames = sub.recv_multipart()
        try:
            i = frames.index(b"<IDS|MSG>")
            header, parent, body = (json.loads(frames[i + k]) for k in (2, 3, 5))
        except (ValueError, IndexError):
            continue
        if header.get("msg_type") == "stream" and "were dropped" in body.get("text", ""):
            slow_notices.append(body["text"].strip())
        else:
            slow_streams += 1
    sub.close(0)
    ctx.term()

    def dropped_in(texts_):
        total = 0
        for t in texts_:
            mm = re.search(r"([\d,]+) output messages", t)
            total += int(mm.group(1).replace(",", "")) if mm else 0
        return total
    printed = chunks * sum(990 + len(str(i)) + 1 for i in range(4000))
    slow = {"cells": chunks, "chars_printed": printed, "chars_received": texts, "seconds": elapsed,
            "reading_client_messages": streams, "reading_client_notices": notices[:3],
            "reading_client_dropped": dropped_in(notices),
            "slow_client_messages": slow_streams, "slow_client_notices": slow_notices[:3],
            "slow_client_dropped": dropped_in(slow_notices),
            "rss_before_mib": rss0, "rss_peak_mib": peak, "kernel_answers_after": content["status"]}
    print("slow client", json.dumps(slow), flush=True)
    if env.kernel == "jcnn":
        check(kernel_alive and content["status"] == "ok", "slow client: the kernel stopped answering")
        check(peak <= rss0 + 400, "slow client: RSS grew from %.0f to %.0f MiB" % (rss0, peak))
        # every client: messages received + messages its notices say were dropped = messages sent
        sent = streams + slow["reading_client_dropped"]
        check(slow_streams + slow["slow_client_dropped"] == sent,
              "slow client: it received %d and was told %d were dropped; %d were sent"
              % (slow_streams, slow["slow_client_dropped"], sent))
        check(len(slow_notices) >= 1 and slow["slow_client_dropped"] > 0,
              "slow client: no notice of the dropped output (received %d of %d)" % (slow_streams, sent))
        check(texts == printed or notices,
              "slow client: the reading client got %d of %d characters and no notice" % (texts, printed))
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return {"flood": flood, "slow_client": slow}


# ---------------------------------------------------------------------------------------------
# 5. a day of use
# ---------------------------------------------------------------------------------------------

SOAK_CELLS = {
    "jcnn": {
        "print": 'System.out.println("cell " + %(i)d);',
        "display": 'var dh = display("frame %(i)d");',
        "update": 'dh.update("updated %(i)d");',
        "error": 'throw new IllegalStateException("soak error %(i)d");',
        "big": "float[] big = new float[2_500_000 + %(i)d %% 7]; big[0] = %(i)d;",
        "gc": "System.gc(); System.gc();",
    },
    "python3": {
        "print": "print('cell', %(i)d)",
        "display": "from IPython.display import display; dh = display('frame %(i)d', display_id=True)",
        "update": "dh.update('updated %(i)d')",
        "error": "raise RuntimeError('soak error %(i)d')",
        "big": "import array; big = array.array('f', bytes(10_000_000)); big[0] = %(i)d",
        "gc": "import gc; gc.collect()",
    },
}


def run_soak(env, full, out_dir):
    n = 20_000 if full else 1_000
    big_every = n // 500 if full else 10
    km, kc = env.start()
    pid = pid_of(km)
    cells = SOAK_CELLS[env.kernel]
    execute(kc, cells["display"] % {"i": 0})
    curve = []
    lost = 0
    errors_expected = errors_seen = 0
    completions = 0
    start = time.perf_counter()
    baseline = None
    for i in range(1, n + 1):
        r = i % 10
        if i % big_every == 0:
            kind = "big"
        elif r in (0, 1, 2, 3):
            kind = "print"
        elif r in (4, 5):
            kind = "update"
        elif r == 6:
            kind = "display"
        elif r == 7:
            kind = "error"
        else:
            kind = "complete"
        if kind == "complete":
            mid = kc.complete("System.out.printl" if env.kernel == "jcnn" else "pri", 17 if env.kernel == "jcnn" else 3)
            while True:
                rep = kc.get_shell_msg(timeout=60)
                if rep["parent_header"].get("msg_id") == mid:
                    break
            completions += 1
            lost += 0 if rep["content"].get("matches") else 1
        else:
            content, msgs = execute(kc, cells[kind] % {"i": i}, stop_on_error=False)
            types = [m["msg_type"] for m in msgs]
            if kind == "print":
                lost += 0 if ("cell %d" % i) in stdout_of(msgs) else 1
            elif kind == "display":
                lost += 0 if "display_data" in types else 1
            elif kind == "update":
                lost += 0 if "update_display_data" in types else 1
            elif kind == "error":
                errors_expected += 1
                errors_seen += 1 if content["status"] == "error" and "error" in types else 0
            elif kind == "big":
                lost += 0 if content["status"] == "ok" else 1
        if i % (1000 if full else 100) == 0:
            execute(kc, cells["gc"])
            time.sleep(1.5)
            rss = rss_mib(pid)
            curve.append((i, rss, time.perf_counter() - start))
            if i == (1000 if full else 100):
                baseline = rss
            print("soak %6d cells  RSS %.0f MiB  %.0f s" % (i, rss, time.perf_counter() - start), flush=True)
    final = curve[-1][1]
    out = {"cells": n, "big_redefinitions": n // big_every, "lost": lost, "errors_expected": errors_expected,
           "errors_seen": errors_seen, "completions": completions, "rss_baseline_mib": baseline,
           "rss_final_mib": final, "ratio": final / baseline if baseline else None, "curve": curve,
           "seconds": time.perf_counter() - start}
    print("soak", json.dumps({k: v for k, v in out.items() if k != "curve"}), flush=True)
    check(lost == 0 and errors_seen == errors_expected, "soak: %d outputs lost, errors %d of %d" % (lost, errors_seen, errors_expected))
    check(out["ratio"] is not None and out["ratio"] <= 1.5, "soak: RSS %.0f -> %.0f MiB" % (baseline or 0, final))
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    if out_dir:
        with open(os.path.join(out_dir, "soak-%s.csv" % env.kernel), "w") as f:
            f.write("cells,rss_mib,seconds\n")
            for row in curve:
                f.write("%d,%.1f,%.1f\n" % row)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+", choices=["interrupts", "lifecycle", "fuzz", "flood", "soak", "all"])
    ap.add_argument("--kernel", default="jcnn", choices=["jcnn", "python3"])
    ap.add_argument("--full", action="store_true", help="the sizes the issue names (default: CI sizes)")
    ap.add_argument("--out", help="folder for the JSON results and the soak curve (CSV)")
    args = ap.parse_args()
    runs = ["lifecycle", "interrupts", "flood", "fuzz", "soak"] if "all" in args.runs else args.runs
    env = Env(args.kernel)
    results = {"kernel": args.kernel, "full": args.full, "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    try:
        for run in runs:
            t0 = time.perf_counter()
            if run == "interrupts":
                results[run] = run_interrupts(env, args.full)
            elif run == "lifecycle":
                results[run] = run_lifecycle(env, args.full)
            elif run == "fuzz":
                results[run] = run_fuzz(env, args.full)
            elif run == "flood":
                results[run] = run_flood(env, args.full)
            elif run == "soak":
                results[run] = run_soak(env, args.full, args.out)
            print("== %s done in %.0f s" % (run, time.perf_counter() - t0), flush=True)
    finally:
        env.close()
    results["failures"] = FAILURES
    if args.out:
        with open(os.path.join(args.out, "reliability-%s%s.json" % (args.kernel, "-full" if args.full else "")), "w") as f:
            json.dump(results, f, indent=1)
    print("== %d failure(s)" % len(FAILURES) + ("".join("\n  " + f for f in FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
