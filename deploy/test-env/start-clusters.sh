#!/usr/bin/env bash
# Starts N real test clusters (etcd + kube-apiserver on loopback) for trying AllKinds by hand,
# writes one kubeconfig with a context per cluster, and stops them all on Ctrl-C.
#   deploy/test-env/start-clusters.sh 2 /tmp/allkinds-demo
#   KUBECONFIG=/tmp/allkinds-demo/kubeconfig deploy/run.sh
set -euo pipefail
N="${1:-2}"
DIR="${2:-$(mktemp -d /tmp/allkinds-demo.XXXXXX)}"
BIN="${ALLKINDS_CACHE:-$HOME/.cache/allkinds}/k8s-v1.20.2"
bash "$(dirname "$0")/install.sh"
mkdir -p "$DIR"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

KCFG="$DIR/kubeconfig"
echo "apiVersion: v1" > "$KCFG"; echo "kind: Config" >> "$KCFG"
clusters=""; users=""; contexts=""
for i in $(seq 1 "$N"); do
  name="cluster$i"; d="$DIR/$name"; mkdir -p "$d"
  ep=$(free_port); pp=$(free_port); ap=$(free_port); token="admin-$(openssl rand -hex 16)"
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  echo "$token,admin,admin,system:masters" > "$d/tokens.csv"
  etcd --name default --data-dir "$d/etcd" --listen-client-urls "http://127.0.0.1:$ep" \
    --advertise-client-urls "http://127.0.0.1:$ep" --listen-peer-urls "http://127.0.0.1:$pp" \
    --initial-advertise-peer-urls "http://127.0.0.1:$pp" --initial-cluster "default=http://127.0.0.1:$pp" \
    >"$d/etcd.log" 2>&1 &
  pids+=($!)
  "$BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$ep" --bind-address=127.0.0.1 --secure-port="$ap" \
    --insecure-port=0 --cert-dir="$d/certs" --token-auth-file="$d/tokens.csv" --authorization-mode=RBAC \
    --service-account-key-file="$d/sa.pub" --service-account-signing-key-file="$d/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc --service-cluster-ip-range=10.0.0.0/24 \
    --disable-admission-plugins=ServiceAccount --enable-priority-and-fairness=false >"$d/kube-apiserver.log" 2>&1 &
  pids+=($!)
  clusters+="- name: $name"$'\n'"  cluster: {server: 'https://127.0.0.1:$ap', insecure-skip-tls-verify: true}"$'\n'
  users+="- name: $name-admin"$'\n'"  user: {token: '$token'}"$'\n'
  contexts+="- name: $name"$'\n'"  context: {cluster: $name, user: $name-admin}"$'\n'
  for _ in $(seq 1 300); do
    curl -ksf -H "Authorization: Bearer $token" "https://127.0.0.1:$ap/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  echo "[test-env] $name ready at https://127.0.0.1:$ap (logs in $d)" >&2
done
{ echo "clusters:"; printf '%s' "$clusters"; echo "users:"; printf '%s' "$users"; echo "contexts:"; printf '%s' "$contexts"
  echo "current-context: cluster1"; } >> "$KCFG"
echo "[test-env] kubeconfig with $N contexts: $KCFG (Ctrl-C stops the clusters)" >&2
wait
