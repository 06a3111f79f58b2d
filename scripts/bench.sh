#!/usr/bin/env bash
# Runs the jcnn-vs-PyTorch benchmark (docs/BENCHMARKS.md): builds target/jcnn.jar and
# target/jcnn-tools.jar (the benchmarks, apart from the library) if needed, then
# `java --add-modules jdk.incubator.vector -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.Main bench "$@"`.
#   scripts/bench.sh              full run: 3 A-B-B-A rounds per workload, a whole epoch after warm-up batches, time to 91%
#   scripts/bench.sh --quick      the same rules on fewer rows (2 threads), 500 timed batches, no accuracy run
#   scripts/bench.sh --only sgemm,conv
# JAVA_HOME selects the JDK (default: java on PATH). Needs /usr/bin/python3 with torch.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ ! -f target/jcnn.jar ]] || [[ ! -f target/jcnn-tools.jar ]] || [[ -n "$(find src pom.xml -newer target/jcnn.jar -print -quit)" ]]; then
  mvn -q -o package -DskipTests || mvn -q package -DskipTests
fi
exec "$JAVA" --add-modules jdk.incubator.vector -cp target/jcnn.jar:target/jcnn-tools.jar jcnn.Main bench "$@"
