#!/usr/bin/env bash
# The README's main command, for a fresh Debian 12 machine:
#   1. installs the Debian packages jcnn needs (only those missing; safe to run again),
#   2. builds target/jcnn.jar,
#   3. installs the Jupyter kernelspec "jcnn" (for the current user),
#   4. executes every lecture notebook with the headless runner and says where they are.
# Notebook 08 trains for JCNN_EPOCHS epochs (default 5, the lecture's setting).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  openjdk-17-jdk-headless   # javac, JShell (jdk.jshell), the Vector API incubator module
  maven                     # the build
  dataset-fashion-mnist     # /usr/share/datasets/fashion-mnist, read by notebook 08
  jupyter-client            # `jupyter kernelspec`, `jupyter console`
  jupyter-nbconvert         # `jupyter nbconvert --execute` (scripts/nbconvert-check.sh)
  python3-nbclient          # the client nbconvert executes notebooks with
  python3-ipykernel         # Jupyter's reference kernel (the kernel benchmarks compare with it)
  fonts-dejavu-core         # a font for chart labels in a headless JVM
  fontconfig                # lets the JVM find that font
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  echo "== installing Debian packages: ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "== Debian packages: all present"
fi

echo "== building target/jcnn.jar"
mvn -B -q -DskipTests package

echo "== installing the Jupyter kernelspec"
java --add-modules jdk.incubator.vector -jar target/jcnn.jar install --user

echo "== executing the lecture notebooks (notebook 08 trains for ${JCNN_EPOCHS:-5} epochs)"
java --add-modules jdk.incubator.vector -Djava.awt.headless=true -jar target/jcnn.jar run notebooks/*.ipynb

echo
echo "The executed notebooks, with their outputs, are in $(pwd)/notebooks:"
ls -1 notebooks/*.ipynb | sed 's/^/  /'
echo "Open them with:  jupyter notebook notebooks/   (kernel \"Java (jcnn)\")"
