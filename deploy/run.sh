#!/usr/bin/env bash
# Runs the AllKinds aggregator, building it first if needed. Arguments go to the aggregator:
#   deploy/run.sh --config config/allkinds.yaml
#   deploy/run.sh                      # every context of $KUBECONFIG or ~/.kube/config
#   deploy/run.sh --demo [--port PORT] # three local clusters with live workloads (see deploy/demo)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--demo" ]; then
  shift
  exec bash deploy/demo/demo.sh "$@"
fi

source deploy/lib-java.sh

JAR=aggregator/target/allkinds.jar
newest_source=$(find pom.xml aggregator/pom.xml aggregator/src/main migrations web-ui config -newer "$JAR" -type f 2>/dev/null | head -n 1 || true)
if [ ! -f "$JAR" ] || [ -n "$newest_source" ]; then
  echo "[allkinds] building $JAR" >&2
  mvn -q -B -DskipTests -Dspotless.check.skip=true package
fi
exec java -XX:+ExitOnOutOfMemoryError -XX:+UnlockDiagnosticVMOptions -XX:GCLockerRetryAllocationCount=100 ${JAVA_OPTS:-} -jar "$JAR" "$@"
