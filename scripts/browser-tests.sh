#!/usr/bin/env bash
# The widget browser test: builds src/test/browser (npm ci, esbuild) into a page that uses
# @jupyterlab/services and @jupyter-widgets/html-manager/controls, then runs
# src/test/browser/widgets_browser_test.py with Debian's Python: a local Jupyter server
# (python3-jupyter-server, 127.0.0.1, a free port, a token) starts the jcnn kernel from a
# temporary kernelspec, and headless Chromium (chromium, chromium-driver, python3-selenium)
# drags a slider, clicks a button and moves an interact control.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JCNN_JAR:-target/jcnn.jar}
if [ ! -f "$JAR" ]; then
  mvn -B -q -o package -DskipTests
fi
if [ -n "${JAVA_HOME:-}" ]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
(cd src/test/browser && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run --silent build)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
name=jcnn-browser-test
java -jar "$JAR" install --prefix "$tmp/env" --name "$name" >/dev/null
export JUPYTER_PATH="$tmp/env/share/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export JUPYTER_DATA_DIR="$tmp/data"
export JUPYTER_CONFIG_DIR="$tmp/config"
export JCNN_KERNEL_NAME="$name"
export PYDEVD_DISABLE_FILE_VALIDATION=1
echo "== widget browser test for jcnn on $(java -version 2>&1 | head -1), $(chromium --version 2>/dev/null || echo chromium)"
/usr/bin/python3 -Xfrozen_modules=off -m unittest -v src/test/browser/widgets_browser_test.py
