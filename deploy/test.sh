#!/usr/bin/env bash
# Runs every test: installs what the tests need (etcd, a kube-apiserver built once and cached),
# then runs the Maven build with all unit and integration tests. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

source deploy/lib-java.sh
bash deploy/test-env/install.sh
exec mvn -B -ntp verify "$@"
