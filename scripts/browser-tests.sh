#!/usr/bin/env bash
# The browser tests, in headless Chromium (chromium, chromium-driver, python3-selenium), with
# Debian's Python and a temporary kernelspec (scripts/kernelspec-env.sh):
#  - src/test/browser/widgets_browser_test.py: builds src/test/browser (npm ci, esbuild) into a
#    page that uses @jupyterlab/services and @jupyter-widgets/html-manager/controls; a local
#    Jupyter server (python3-jupyter-server, 127.0.0.1, a free port, a token) starts the jcnn
#    kernel, and the test drags a slider, clicks a button and moves an interact control;
#  - src/test/browser/notebook_browser_test.py: a committed lecture notebook in classic Notebook
#    (jupyter-notebook 6.x) is not marked modified once the kernel has started, and a new Java
#    cell is highlighted by CodeMirror (text/x-java).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd src/test/browser && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run --silent build)
. scripts/kernelspec-env.sh jcnn-browser-test
echo "== browser tests for jcnn on $(java -version 2>&1 | head -1), $(chromium --version 2>/dev/null || echo chromium)"
/usr/bin/python3 -Xfrozen_modules=off -m unittest -v src/test/browser/widgets_browser_test.py \
  src/test/browser/notebook_browser_test.py
