#!/usr/bin/env bash
# Installs what jcnn's build, tests and notebooks need on a Debian 12 machine, only what is
# missing: Maven and a JDK, the Fashion-MNIST data set, fonts for headless charts, and Debian's
# Jupyter (client, nbconvert, nbclient, kernel test suite, ipykernel as the benchmark peer,
# console, and Jupyter Notebook, which main.sh's last line tells students to open), git
# (MainScriptTest checks that main.sh leaves `git status` clean), python3-onnx (its checker reads
# the files of net.exportOnnx in OnnxCheckerTest), and for the widget browser test a Jupyter
# server, Chromium with its WebDriver, Selenium, and npm.
# PyTorch (python3-torch) is only for benchmarks: pass --bench to install it as well.
set -euo pipefail
packages=(maven default-jdk-headless dataset-fashion-mnist fontconfig fonts-dejavu-core python3-onnx
          jupyter-client jupyter-nbconvert python3-nbclient python3-jupyter-kernel-test
          python3-ipykernel jupyter-console jupyter-notebook git
          python3-jupyter-server chromium chromium-driver python3-selenium)
# node and npm: Debian's packages, unless a node that brings its own npm (NodeSource) is there
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
if [ "${1:-}" = "--bench" ]; then
  packages+=(python3-torch)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "jcnn setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
