#!/bin/bash
# Notebook 09's residual network: jcnn (public API) against PyTorch 1.13 (Debian's python3-torch), same
# network, batch norm momentum/eps, AdamW, label smoothing and batch size (the notebook's 32 unless
# BATCH is given), 2 threads each, in one run.
#
#   bench/residual/bench.sh [ROUNDS] [WARMUP_BATCHES] [TIMED_BATCHES] [BATCH]  (defaults 3, 50, 300, 32; 0 timed = one whole epoch)
#
# Each measurement is a fresh process (a JVM running ResidualSteps.java, or /usr/bin/python3 running
# residual_torch.py) that trains WARMUP_BATCHES untimed batches, then times TIMED_BATCHES.
# Rounds alternate A-B-B-A: odd rounds run jcnn first, even rounds PyTorch first. Prints every
# RESULT line, then the medians. JCNN_JAR (default target/jcnn.jar) picks the jar; JCNN_BASE_JAR, if set, adds
# a third side, the same jcnn program on another build (e.g. before a change), in the rotation A-B-C / C-B-A.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
WARMUP=${2:-50}
BATCHES=${3:-300}
BATCH=${4:-32}
EPOCH_BATCHES=$(( (60000 + BATCH - 1) / BATCH ))
JAR=${JCNN_JAR:-target/jcnn.jar}
BASE=${JCNN_BASE_JAR:-}
[ -f "$JAR" ] || { echo "bench/residual/bench.sh: $JAR is missing; build it with: mvn -B -ntp -q -DskipTests package" >&2; exit 1; }
LOG=$(mktemp)
jcnn_side() {
  local jar=${1:-$JAR} side=${2:-jcnn}
  java --add-modules jdk.incubator.vector -Djcnn.threads=2 -cp "$jar" bench/residual/ResidualSteps.java "$WARMUP" "$BATCHES" 1 "$BATCH" 2>/dev/null \
    | grep '^RESULT' | sed "s/\"side\": \"jcnn\"/\"side\": \"$side\"/" | tee -a "$LOG"
}
base_side() {
  if [ -n "$BASE" ]; then jcnn_side "$BASE" jcnn-base; fi
}
torch_side() {
  OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/residual/residual_torch.py \
    --warmup "$WARMUP" --batches "$BATCHES" --threads 2 --batch "$BATCH" | grep '^RESULT' | tee -a "$LOG"
}
echo "start $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs, jar $JAR, batch $BATCH"
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2 == 1)); then jcnn_side; torch_side; base_side; else base_side; torch_side; jcnn_side; fi
done
echo "end $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$LOG" "$EPOCH_BATCHES" <<'PY'
import json, statistics, sys
epoch_batches = int(sys.argv[2])
rows = [json.loads(l.split(" ", 1)[1]) for l in open(sys.argv[1]) if l.startswith("RESULT")]
med = {}
for side in ("jcnn", "pytorch", "jcnn-base"):
    s = [r["s_per_100_batches"] for r in rows if r["side"] == side]
    if s:
        med[side] = statistics.median(s)
        print(f"{side:9s} s per 100 batches: median {med[side]:.2f} (rounds: {', '.join(f'{v:.2f}' for v in s)}); "
              f"per {epoch_batches}-batch epoch: {med[side] * epoch_batches / 100:.0f} s")
if "jcnn" in med and "pytorch" in med:
    print(f"jcnn / PyTorch (medians): {med['jcnn'] / med['pytorch']:.2f}")
if "jcnn" in med and "jcnn-base" in med:
    print(f"jcnn-base / jcnn (medians): {med['jcnn-base'] / med['jcnn']:.2f}")
cpu = {side: statistics.median([r["cpu_s_per_100_batches"] for r in rows if r["side"] == side])
       for side in ("jcnn", "jcnn-base") if any(r["side"] == side for r in rows)}
for side, v in cpu.items():
    print(f"{side:9s} process CPU s per 100 batches (all threads): median {v:.2f}")
PY
rm -f "$LOG"
