# Sourced by kernel-tests.sh, widget-tests.sh and browser-tests.sh (from the repository root):
#   . scripts/kernelspec-env.sh NAME
# Builds target/jcnn.jar if it is missing ($JCNN_JAR overrides it), puts $JAVA_HOME/bin first on
# PATH when JAVA_HOME is set (the kernel runs on that `java`), and installs the jcnn kernelspec
# NAME into a temporary prefix that JUPYTER_PATH points at, so the tests do not depend on what is
# installed globally. Runtime, data and config folders are temporary too; the folder ($tmp) is
# removed when the script exits. Exports JCNN_KERNEL_NAME=NAME for the Python tests.
if [ $# -ne 1 ]; then
  echo "usage: . scripts/kernelspec-env.sh KERNEL_NAME (got $# arguments)" >&2
  return 2
fi
JAR=${JCNN_JAR:-target/jcnn.jar}
if [ ! -f "$JAR" ]; then
  mvn -B -q -o package -DskipTests
fi
if [ -n "${JAVA_HOME:-}" ]; then
  export PATH="$JAVA_HOME/bin:$PATH"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
java -jar "$JAR" install --prefix "$tmp/env" --name "$1" >/dev/null
export JUPYTER_PATH="$tmp/env/share/jupyter"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export JUPYTER_DATA_DIR="$tmp/data"
export JUPYTER_CONFIG_DIR="$tmp/config"
export JCNN_KERNEL_NAME="$1"
# debugpy's warnings about frozen modules are noise here
export PYDEVD_DISABLE_FILE_VALIDATION=1
