#!/usr/bin/env bash
# Executes every lecture notebook through a real Jupyter client: Debian's nbconvert/nbclient
# start the installed "jcnn" kernelspec (java -jar target/jcnn.jar install --user) and run each
# cell over ZeroMQ, exactly as Jupyter does. Used by CI next to the headless runner.
#   scripts/nbconvert-check.sh [OUTPUT_DIR] [NOTEBOOK...]    default: target/nbconvert, notebooks/*.ipynb
# The executed copies go to OUTPUT_DIR; the committed notebooks are not touched.
# Set JCNN_EPOCHS (e.g. 1) to train notebook 08 for fewer epochs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/nbconvert}
shift || true
if [ $# -eq 0 ]; then set -- notebooks/*.ipynb; fi
if ! /usr/bin/jupyter kernelspec list 2>/dev/null | grep -qw jcnn; then
  echo "nbconvert-check: the jcnn kernelspec is not installed; run: java -jar target/jcnn.jar install --user" >&2
  exit 2
fi
mkdir -p "$out"
# --ExecutePreprocessor.timeout: notebook 08's training cell runs for minutes on 2 cores.
/usr/bin/jupyter nbconvert --to notebook --execute \
  --ExecutePreprocessor.kernel_name=jcnn \
  --ExecutePreprocessor.timeout=3600 \
  --output-dir "$out" "$@"
echo "nbconvert-check: executed $# notebook(s) through Jupyter into $out"
