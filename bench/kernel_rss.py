#!/usr/bin/python3
"""Peak memory of the jcnn kernel while it trains, through a real Jupyter client.

Starts the kernel from target/jcnn.jar with a kernelspec of its own (in a temporary JUPYTER_PATH)
for each option set, runs notebook 08's cells that load Fashion-MNIST, build the lecture network
and train it one epoch with the test set as validation (batch 64, Adam 1e-3, seed 42), then reads
the kernel process's VmHWM (peak RSS), 8 s later its VmRSS, and its VmRSS 3 s after a cell that
calls System.gc() (and prints the heap's committed and used MiB). Before loading the data it reads
the fresh kernel's VmRSS 3 s after a trivial cell (idle, as scripts/bench_kernel.py does).
The option sets run in turn, their order reversed every other round, over ROUNDS rounds:

  current  the JVM options of the top-level kernel.json (what `install` writes: the serial collector
           since 2026-12-03)
  g1       the kernelspec of 2026-12-02 20:00 UTC: G1 with -XX:G1PeriodicGCInterval=1000 and
           -XX:GCTimeRatio=4 instead of -XX:+UseSerialGC -XX:-ShrinkHeapInSteps
  parallel g1 with the parallel collector
  before   g1 without -XX:GCTimeRatio=4, -Xms64m and the CompileCommand options (the kernelspec
           before 2026-12-02 20:00 UTC)

Usage (from the repository root, after `mvn package`):
  /usr/bin/python3 bench/kernel_rss.py [ROUNDS [VARIANT...]]    (default: 2 rounds of g1 and current)
Needs Debian's python3-jupyter-client and the Fashion-MNIST files (scripts/setup.sh installs both).
"""
import json
import os
import sys
import tempfile
import time

from jupyter_client import KernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = json.load(open(os.path.join(ROOT, "kernel.json")))["argv"]
CURRENT = TEMPLATE[1:TEMPLATE.index("-jar")]
ADDED = ("-XX:GCTimeRatio=", "-Xms", "-XX:CompileCommand=")
SERIAL = ("-XX:+UseSerialGC", "-XX:-ShrinkHeapInSteps")
G1 = [a for a in CURRENT if a not in SERIAL] + ["-XX:G1PeriodicGCInterval=1000", "-XX:GCTimeRatio=4"]
VARIANTS = {"current": CURRENT, "g1": G1, "parallel": G1 + ["-XX:+UseParallelGC"],
            "before": [a for a in G1 if not a.startswith(ADDED)]}
CELLS = [
    "Dataset train = FashionMnist.train(); Dataset test = FashionMnist.test();",
    "Net net = Cnn.input(1, 28, 28).conv(32, 3, padding(1)).relu().maxPool(2)"
    ".conv(64, 3, padding(1)).relu().maxPool(2)"
    ".flatten().dropout(0.5).dense(128).relu().dense(10).softmax().seed(42).build();",
    "long t0 = System.nanoTime();"
    " History history = net.train(train).validate(test).epochs(1).batch(64).optimizer(adam(1e-3)).seed(42).quiet().run();"
    " System.out.printf(\"epoch_s %.1f test_accuracy %.4f%n\", (System.nanoTime() - t0) / 1e9,"
    " history.validationAccuracy().get(0));",
]


def mib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")


def run(name):
    spec_dir = tempfile.mkdtemp()
    os.makedirs(f"{spec_dir}/kernels/jcnn-rss")
    argv = ["java"] + VARIANTS[name] + ["-jar", os.path.join(ROOT, "target/jcnn.jar"), "kernel", "{connection_file}"]
    with open(f"{spec_dir}/kernels/jcnn-rss/kernel.json", "w") as f:
        json.dump({"argv": argv, "display_name": "jcnn rss", "language": "java", "interrupt_mode": "message"}, f)
    os.environ["JUPYTER_PATH"] = spec_dir
    km = KernelManager(kernel_name="jcnn-rss")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        pid = km.provisioner.process.pid
        out = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])

        kc.execute_interactive("int warm = 1 + 1;", timeout=120)
        time.sleep(3)
        fresh = mib(pid, "VmRSS")
        for code in CELLS:
            reply = kc.execute_interactive(code, timeout=900, output_hook=hook)
            if reply["content"]["status"] != "ok":
                raise SystemExit(f"{name}: cell failed: {reply['content']}")
        peak = mib(pid, "VmHWM")
        time.sleep(8)
        idle = mib(pid, "VmRSS")
        kc.execute_interactive("System.gc(); System.out.printf(\" heap_committed_mib %d heap_used_mib %d%n\", Runtime.getRuntime().totalMemory() >> 20, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);", timeout=120, output_hook=hook)
        time.sleep(3)
        after_gc = mib(pid, "VmRSS")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(f"{name:8s} fresh_idle_rss_mib {fresh:.0f} peak_rss_mib {peak:.0f} rss_8s_later_mib {idle:.0f} rss_after_gc_cell_mib {after_gc:.0f} {''.join(out).strip()}", flush=True)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    names = sys.argv[2:] or ["g1", "current"]
    for v in names:
        if v not in VARIANTS:
            raise SystemExit(f"unknown variant {v!r}; expected one of {', '.join(VARIANTS)}")
        print(f"# {v}: {' '.join(VARIANTS[v])}")
    for r in range(rounds):
        for name in (names if r % 2 == 0 else names[::-1]):
            run(name)


if __name__ == "__main__":
    main()
