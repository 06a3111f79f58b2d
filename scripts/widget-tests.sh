#!/usr/bin/env bash
# Runs the widget protocol tests (src/test/python/test_widgets.py) against target/jcnn.jar
# with Debian's Python. The kernelspec goes into a temporary prefix that JUPYTER_PATH points
# at, so the result does not depend on what is installed globally. The kernel runs on the
# `java` of $JAVA_HOME when set, else the one on PATH. Exit status: unittest's (0 = all passed).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JCNN_JAR:-target/jcnn.jar}
if [ ! -f "$JAR" ]; then
  mvn -B -q -o package -DskipTests
fi
if [ -n "${JAVA_HOME:-}" ]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
name=jcnn-widget-test
java -jar "$JAR" install --prefix "$tmp/env" --name "$name" >/dev/null
export JUPYTER_PATH="$tmp/env/share/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export JUPYTER_DATA_DIR="$tmp/data"
export JCNN_KERNEL_NAME="$name"
# debugpy's warnings about frozen modules are noise here
export PYDEVD_DISABLE_FILE_VALIDATION=1
echo "== widget protocol tests for jcnn on $(java -version 2>&1 | head -1)"
cd src/test/python
/usr/bin/python3 -Xfrozen_modules=off -m unittest -v test_widgets
