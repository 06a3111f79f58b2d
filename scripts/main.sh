#!/usr/bin/env bash
# The README's main command, for a fresh Debian 12 machine:
#   1. installs the Debian packages jcnn needs (scripts/setup.sh: only those missing; Jupyter
#      Notebook included),
#   2. builds target/jcnn.jar,
#   3. installs the Jupyter kernelspec "jcnn" (for the current user),
#   4. executes every lecture notebook with the headless runner into target/notebooks and says
#      where they are. The committed notebooks/ are not touched, so `git status` stays clean.
# Notebooks 08 and 09 train for JCNN_EPOCHS epochs (default 5, the lecture's setting), 10 for 2.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/notebooks

bash scripts/setup.sh   # Debian packages: JDK, Maven, the data set, fonts, Jupyter

echo "== building target/jcnn.jar"
mvn -B -q -DskipTests package

echo "== installing the Jupyter kernelspec"
java --add-modules jdk.incubator.vector -jar target/jcnn.jar install --user

echo "== executing the lecture notebooks into $out (notebooks 08 and 09 train for ${JCNN_EPOCHS:-5} epochs)"
java --add-modules jdk.incubator.vector -Djava.awt.headless=true -jar target/jcnn.jar run notebooks/*.ipynb --out "$out"

echo
echo "The executed notebooks, with their outputs, are in $(pwd)/$out:"
ls -1 "$out"/*.ipynb | sed 's/^/  /'
echo "Open them with:  jupyter notebook $out/   (kernel \"Java (jcnn)\")"
