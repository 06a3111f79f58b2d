#!/usr/bin/env bash
# Executes lecture notebooks through a real Jupyter client: Debian's nbconvert/nbclient start
# the jcnn kernel from a kernelspec and run each cell over ZeroMQ, exactly as Jupyter does.
#   scripts/nbconvert-check.sh [OUTPUT_DIR] [NOTEBOOK...]    default: target/nb-jupyter, notebooks/*.ipynb
# The kernelspec "jcnn" is installed from target/jcnn.jar into a temporary prefix that
# JUPYTER_PATH puts first, so this tests the jar just built (on $JAVA_HOME's java when set),
# not whatever is installed for the user. The executed copies go to OUTPUT_DIR; the committed
# notebooks are not touched. Set JCNN_EPOCHS (e.g. 1) to train notebooks 08 and 09 for fewer epochs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/nb-jupyter}
shift || true
if [ $# -eq 0 ]; then set -- notebooks/*.ipynb; fi
if [ -n "${JAVA_HOME:-}" ]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
if [ ! -f target/jcnn.jar ]; then
  echo "nbconvert-check: target/jcnn.jar is missing; build it first: mvn -B -q -DskipTests package" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
java -jar target/jcnn.jar install --prefix "$tmp/env" --name jcnn >/dev/null
export JUPYTER_PATH="$tmp/env/share/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export PYDEVD_DISABLE_FILE_VALIDATION=1
mkdir -p "$out"
start=$(date +%s)
# --ExecutePreprocessor.timeout: the training cells of notebooks 08 and 09 run for minutes on 2 cores.
/usr/bin/jupyter nbconvert --to notebook --execute \
  --ExecutePreprocessor.kernel_name=jcnn \
  --ExecutePreprocessor.timeout=3600 \
  --output-dir "$out" "$@"
echo "nbconvert-check: executed $# notebook(s) through Jupyter (nbconvert/nbclient, $(java -version 2>&1 | head -1)) into $out in $(( $(date +%s) - start )) s"
