#!/usr/bin/env bash
# Runs every test: installs what the tests need (etcd, a kube-apiserver built once and cached),
# then runs the Maven build with all unit and integration tests. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jdk-headless maven >/dev/null
fi
bash deploy/test-env/install.sh
exec mvn -B -ntp verify "$@"
