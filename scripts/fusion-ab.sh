#!/usr/bin/env bash
# Lecture-network training step, fused (A) against unfused (B, -Djcnn.fuse=false), through the
# public Trainer, in fresh JVMs alternating A B B A for ROUNDS rounds; prints each run and the load.
#   scripts/fusion-ab.sh [rounds] [threads] [warmup] [steps]     (after mvn -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}; threads=${2:-1}; warmup=${3:-50}; steps=${4:-100}
java=${JAVA:-java}
run() {
  "$java" --add-modules jdk.incubator.vector -Djcnn.threads="$threads" -Djcnn.fuse="$1" -Xmx1g \
    -cp "${JARS:-target}/jcnn.jar:${JARS:-target}/jcnn-tools.jar" jcnn.bench.FusionStep "$warmup" "$steps" 2>/dev/null | grep '^fuse='
}
for r in $(seq 1 "$rounds"); do
  for side in true false false true; do
    echo "round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg): $(run "$side")"
  done
done
