#!/usr/bin/env bash
# Thread sweep of lecture-network training, jcnn against PyTorch, for a many-core machine that has
# Python with torch but no JDK (the `device` machine: 16 cores). Two steps:
#
#   bench/sweep16.sh prepare   # here: builds target/jcnn.jar, a jlink runtime and a copy of the
#                              # Fashion-MNIST training files into .sweep/ (git-ignored, < 64 MiB)
#   bench/sweep16.sh run       # there, from the repository root, with .sweep carried:
#                              #   run(command="bench/sweep16.sh run", carry=[".sweep"], timeout_s=590)
#
# `run` trains the lecture network (conv 32 3x3 pad 1, relu, max-pool 2, conv 64, relu, max-pool 2,
# dropout 0.5, dense 128, relu, dense 10; Adam 1e-3) with batch 64 and 256 at 1, 2, 4, 8 and 16
# threads, jcnn's engine worker (jcnn.bench.Worker, the same as scripts/bench.sh) and
# bench/torch_bench.py alternating in A-B-B-A order over ROUNDS rounds; each process runs untimed
# warm-up batches first, then times IMAGES training images. Every result goes to $OUT/sweep.jsonl
# (one JSON line per process) and the medians to $OUT/sweep.md (stdout too).
#
# Settings (environment): THREADS="1 2 4 8 16", BATCHES="64 256", ROUNDS=2, IMAGES=19200 (300
# batches of 64, 75 of 256; at most 24,000 with the carried data), WARMUP_IMAGES=1920, PYTHON=python3, OUT=./sweep-out.
# Estimated length on 16 cores: about 5 minutes with the defaults (not yet run there).
set -euo pipefail
cd "$(dirname "$0")/.."
SWEEP=.sweep

prepare() {
  if [[ ! -f target/jcnn.jar ]] || [[ ! -f target/jcnn-tools.jar ]] || [[ -n "$(find src pom.xml -newer target/jcnn.jar -print -quit)" ]]; then
    mvn -q -o package -DskipTests || mvn -q package -DskipTests
  fi
  rm -rf "$SWEEP"
  mkdir -p "$SWEEP/data"
  # the modules the bench worker needs (no AWT: it draws nothing), stripped to fit the carry limit
  jlink --add-modules java.base,java.logging,jdk.incubator.vector,jdk.unsupported \
    --strip-debug --no-man-pages --no-header-files --compress=2 --output "$SWEEP/jre"
  # the worker needs jcnn's own classes and Gson only (the full jar carries the kernel's libraries,
  # relocated under jcnn/shaded: of those, only Gson is taken)
  mkdir -p "$SWEEP/classes"
  (cd "$SWEEP/classes" && unzip -q -o ../../target/jcnn.jar 'jcnn/*' -x 'jcnn/shaded/*')
  (cd "$SWEEP/classes" && unzip -q -o ../../target/jcnn.jar 'jcnn/shaded/com/google/gson/*')
  # and the worker itself, which lives in the tools jar (src/tools/java), apart from the library,
  # with the unrelocated Gson the tools are compiled against
  (cd "$SWEEP/classes" && unzip -q -o ../../target/jcnn-tools.jar 'jcnn/*' 'com/google/gson/*')
  (cd "$SWEEP/classes" && jar cf ../jcnn.jar .)
  rm -rf "$SWEEP/classes"
  # the first 24,000 training images (the files must fit the carry limit beside the runtime): a
  # run's 19,200 timed images and its warm-up fit in them
  python3 - "$SWEEP/data" 24000 <<'EOF'
import gzip, struct, sys
out, n = sys.argv[1], int(sys.argv[2])
src = "/usr/share/datasets/fashion-mnist/"
with gzip.open(src + "train-images-idx3-ubyte.gz") as f:
    magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
    data = f.read(n * rows * cols)
with gzip.open(out + "/train-images-idx3-ubyte.gz", "wb") as f:
    f.write(struct.pack(">IIII", magic, n, rows, cols) + data)
with gzip.open(src + "train-labels-idx1-ubyte.gz") as f:
    magic, count = struct.unpack(">II", f.read(8))
    labels = f.read(n)
with gzip.open(out + "/train-labels-idx1-ubyte.gz", "wb") as f:
    f.write(struct.pack(">II", magic, n) + labels)
EOF
  local exclude
  exclude="$(git rev-parse --git-path info/exclude)"
  mkdir -p "$(dirname "$exclude")"
  grep -qx '/.sweep/' "$exclude" 2>/dev/null || echo '/.sweep/' >>"$exclude"
  "$SWEEP/jre/bin/java" --add-modules jdk.incubator.vector -version 2>&1 | head -1
  du -sh "$SWEEP"
}

one() {   # side threads batch round
  local side=$1 t=$2 b=$3 r=$4
  local batches=$(( IMAGES / b )) warm=$(( (WARMUP_IMAGES + b - 1) / b ))
  local line
  if [[ $side == jcnn ]]; then
    line=$(JCNN_THREADS=$t "$SWEEP/jre/bin/java" --add-modules jdk.incubator.vector -Djcnn.threads="$t" \
      -XX:+UseParallelGC -Xmn256m -Xmx3g -cp "$SWEEP/jcnn.jar" jcnn.bench.Worker train --net lecture \
      --batch "$b" --batches "$batches" --warmup "$warm" --data "$SWEEP/data" 2>&1 | grep '^RESULT ' || true)
  else
    line=$(OMP_NUM_THREADS=$t MKL_NUM_THREADS=$t OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE \
      MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 \
      "$PYTHON" bench/torch_bench.py train --net lecture --threads "$t" --batch "$b" --batches "$batches" \
      --warmup "$warm" --data "$SWEEP/data" --keep-uint8 2>&1 | grep '^RESULT ' || true)
  fi
  if [[ -z $line ]]; then
    echo "{\"side\": \"$side\", \"threads\": $t, \"batch\": $b, \"round\": $r, \"error\": true}" | tee -a "$OUT/sweep.jsonl"
    return
  fi
  echo "{\"side\": \"$side\", \"threads\": $t, \"batch\": $b, \"round\": $r, \"result\": ${line#RESULT }}" | tee -a "$OUT/sweep.jsonl"
}

run() {
  THREADS=${THREADS:-"1 2 4 8 16"}
  BATCHES=${BATCHES:-"64 256"}
  ROUNDS=${ROUNDS:-2}
  IMAGES=${IMAGES:-19200}
  WARMUP_IMAGES=${WARMUP_IMAGES:-1920}
  PYTHON=${PYTHON:-python3}
  OUT=${OUT:-./sweep-out}
  mkdir -p "$OUT"
  : >"$OUT/sweep.jsonl"
  [[ -x $SWEEP/jre/bin/java ]] || { echo "sweep16: $SWEEP/jre is missing; run 'bench/sweep16.sh prepare' here and carry .sweep" >&2; exit 2; }
  "$PYTHON" -c 'import torch; print("torch", torch.__version__, "cores", __import__("os").cpu_count())' | tee "$OUT/machine.txt"
  (nproc; grep -m1 'model name' /proc/cpuinfo; cat /proc/loadavg) >>"$OUT/machine.txt"
  for ((r = 1; r <= ROUNDS; r++)); do
    for b in $BATCHES; do
      for t in $THREADS; do
        if (( r % 2 == 1 )); then one jcnn "$t" "$b" "$r"; one torch "$t" "$b" "$r"
        else one torch "$t" "$b" "$r"; one jcnn "$t" "$b" "$r"; fi
      done
    done
  done
  "$PYTHON" - "$OUT/sweep.jsonl" <<'EOF' | tee "$OUT/sweep.md"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
cell = {}
for r in rows:
    if "result" in r:
        cell.setdefault((r["batch"], r["threads"], r["side"]), []).append(r["result"]["images_per_s"])
print("| batch | threads | jcnn images/s (median; all rounds) | PyTorch images/s | jcnn / PyTorch | jcnn scaling vs 1 thread | PyTorch scaling |")
print("|---|---|---|---|---|---|---|")
for b in sorted({k[0] for k in cell}):
    base = {}
    for t in sorted({k[1] for k in cell if k[0] == b}):
        j = cell.get((b, t, "jcnn"), [])
        p = cell.get((b, t, "torch"), [])
        mj = statistics.median(j) if j else float("nan")
        mp = statistics.median(p) if p else float("nan")
        base.setdefault("j", mj); base.setdefault("p", mp)
        fmt = lambda v: ", ".join("%.0f" % x for x in v)
        print("| %d | %d | %.0f (%s) | %.0f (%s) | %.2f | %.2f× | %.2f× |" % (b, t, mj, fmt(j), mp, fmt(p), mj / mp, mj / base["j"], mp / base["p"]))
EOF
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: bench/sweep16.sh prepare|run (see the comment at the top)" >&2; exit 2 ;;
esac
