#!/usr/bin/env bash
# The README's test command (what .ci/run calls). On a fresh Debian 12 machine it installs what
# the tests need (scripts/setup.sh), then on JDK 17 and on JDK 25:
#   1. mvn clean verify: the Java unit tests (engine, nn, train, data, plot, display, eval,
#      kernel, notebook runner, and the lecture numbers of the committed notebooks);
#   2. scripts/kernel-tests.sh: the jupyter_kernel_test suite against the built jar, and (first
#      JDK only) scripts/reliability.py at CI sizes (interrupts, lifecycle, floods, fuzz, soak);
#   3. every lecture notebook through the headless runner (target/nb-runner) and through a real
#      Jupyter client, nbconvert/nbclient (target/nb-jupyter);
#   4. LectureNumbersTest again, on each set of executed copies (-Djcnn.notebooks=DIR).
# Notebook 08 trains the lecture's full 5 epochs once per run (JDK 17, runner) and is held to
# 91% test accuracy; its other executions use JCNN_EPOCHS=1 and the bar for one epoch (85%).
# JCNN_TEST_JDKS="17" (or "25") limits the run to one JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
BASE_PATH=$PATH
t0=$(date +%s)
step() { echo; echo "== [$(( $(date +%s) - t0 )) s] $*"; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0 skipped=0

count_surefire() { # adds every Surefire execution's summary in $log to the tally
  local run failed errors skip
  while read -r run failed errors skip; do
    passed=$(( passed + run - failed - errors - skip )); skipped=$(( skipped + skip ))
  done < <(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" \
           | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)/\1 \2 \3 \4/')
}

check_numbers() { # DIR: the lecture's numbers in the executed copies in DIR
  mvn -B -ntp -o surefire:test -Dtest=LectureNumbersTest -Djcnn.notebooks="$1" | tee "$log" | grep -E "Tests run:|FAIL|ERROR"
  count_surefire
  echo "lecture numbers checked in $1"
}

count_notebooks() { # DIR: every executed notebook in DIR counts as one passed test
  passed=$(( passed + $(ls "$1"/*.ipynb | wc -l) ))
}

first=yes
for v in ${JCNN_TEST_JDKS:-17 25}; do
  case $v in
    17) export JAVA_HOME=$JDK17 ;;
    25) export JAVA_HOME=$JDK25 ;;
    *) echo "test.sh: unknown JDK '$v' (expected 17 or 25)" >&2; exit 2 ;;
  esac
  if [ ! -x "$JAVA_HOME/bin/java" ]; then
    echo "test.sh: JDK $v is not at $JAVA_HOME (set JDK$v=/path/to/jdk)" >&2; exit 2
  fi
  export PATH="$JAVA_HOME/bin:$BASE_PATH"
  step "JDK $v ($(java -version 2>&1 | head -1)): mvn clean verify"
  mvn -B -ntp clean verify | tee "$log"
  count_surefire

  step "JDK $v: jupyter_kernel_test"
  bash scripts/kernel-tests.sh 2>&1 | tee "$log"
  ran=$(sed -nE 's/^Ran ([0-9]+) tests? in .*/\1/p' "$log" | tail -1)
  skip=$(sed -nE 's/^OK \(skipped=([0-9]+)\)$/\1/p' "$log" | tail -1)
  passed=$(( passed + ran - ${skip:-0} )); skipped=$(( skipped + ${skip:-0} ))

  if [ $first = yes ]; then
    # issue 10 at CI sizes (full sizes: docs/RELIABILITY.md); each run that holds counts as one test
    step "JDK $v: reliability runs (interrupts, lifecycle, floods, fuzz, soak)"
    /usr/bin/python3 scripts/reliability.py all 2>&1 | tee "$log"
    passed=$(( passed + $(grep -c '^== .* done in' "$log") ))
  fi

  epochs=1
  if [ $first = yes ]; then epochs=5; fi
  step "JDK $v: all notebooks through the headless runner (notebook 08: $epochs epoch(s))"
  JCNN_EPOCHS=$epochs java --add-modules jdk.incubator.vector -Djava.awt.headless=true \
    -jar target/jcnn.jar run notebooks/*.ipynb --out target/nb-runner
  count_notebooks target/nb-runner
  check_numbers target/nb-runner

  step "JDK $v: all notebooks through Jupyter (nbconvert, notebook 08: 1 epoch)"
  JCNN_EPOCHS=1 bash scripts/nbconvert-check.sh target/nb-jupyter
  count_notebooks target/nb-jupyter
  check_numbers target/nb-jupyter
  first=no
done
step "all tests passed on JDK ${JCNN_TEST_JDKS:-17 25} (JUnit, jupyter_kernel_test, executed notebooks, lecture numbers)"
echo "tests: $passed passed, 0 failed, $skipped skipped"
