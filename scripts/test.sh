#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages), then builds and
# tests jcnn on JDK 17 and JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
for home in "" "$JDK25"; do
  if [ -n "$home" ]; then export JAVA_HOME="$home"; fi
  echo "== mvn verify on $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -1)"
  mvn -B -q verify
done
