#!/usr/bin/env bash
# Runs the widget protocol tests (src/test/python/test_widgets.py) against target/jcnn.jar
# with Debian's Python, from a temporary kernelspec (scripts/kernelspec-env.sh). The kernel runs
# on the `java` of $JAVA_HOME when set, else the one on PATH. Exit status: unittest's (0 = all passed).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/kernelspec-env.sh jcnn-widget-test
echo "== widget protocol tests for jcnn on $(java -version 2>&1 | head -1)"
cd src/test/python
/usr/bin/python3 -Xfrozen_modules=off -m unittest -v test_widgets
