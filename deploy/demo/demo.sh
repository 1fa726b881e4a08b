#!/usr/bin/env bash
# A live demo in one command (deploy/run.sh --demo): three real local clusters on loopback (etcd,
# kube-apiserver and kube-controller-manager each), filled with a realistic mix of objects and kept
# gently changing, and AllKinds watching them with its data in a temporary directory.
# Ctrl-C (or SIGTERM) stops every process it started, by pid, and removes the temporary directory.
#   deploy/demo/demo.sh [--port PORT]
# Environment: ALLKINDS_DEMO_PORT (default 8080), ALLKINDS_DEMO_CHURN_SECONDS (default 60: one
# rollout per period), ALLKINDS_DEMO_DIR (a directory to create instead of a mktemp one),
# ALLKINDS_DEMO_COMMAND (what starts AllKinds; default deploy/run.sh).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PORT="${ALLKINDS_DEMO_PORT:-8080}"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    *) echo "[demo] unknown argument: $1 (only --port PORT)" >&2; exit 2 ;;
  esac
done
CACHE="${ALLKINDS_CACHE:-$HOME/.cache/allkinds}"
BIN="$CACHE/k8s-v1.20.2"
CLUSTERS=(prod-eu prod-us staging)

log() { echo "[demo] $*" >&2; }

if [ -n "${ALLKINDS_DEMO_DIR:-}" ]; then DIR="$ALLKINDS_DEMO_DIR"; mkdir -p "$DIR"; else DIR="$(mktemp -d "${TMPDIR:-/tmp}/allkinds-demo.XXXXXX")"; fi
# Every child runs in its own process group (setsid), so stopping one stops its children too; their
# ids go to $DIR/pids, where a test can check that none is left after the demo stops.
PIDS="$DIR/pids"
: > "$PIDS"
started=()
stopping=0
# stop_wave PIDS TENTHS: SIGTERM to each process group, then wait up to TENTHS/10 s for them to end.
stop_wave() {
  local p alive
  for p in $1; do kill -TERM -- "-$p" 2>/dev/null || true; done
  for _ in $(seq 1 "$2"); do
    alive=0
    for p in $1; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
}
stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  set +e
  trap '' INT TERM
  if [ -n "${install_pid:-}" ] && kill -0 "$install_pid" 2>/dev/null; then
    # The first build (make, go) runs in the install's own process tree: stop it leaves first.
    local tree=("$install_pid") i=0
    while [ "$i" -lt "${#tree[@]}" ]; do
      mapfile -t -O "${#tree[@]}" tree < <(ps -o pid= --ppid "${tree[$i]}" | tr -d ' ')
      i=$((i + 1))
    done
    kill -TERM "${tree[@]}" 2>/dev/null || true
  fi
  if [ ${#started[@]} -gt 0 ]; then
    log "stopping ${#started[@]} processes"
    # AllKinds, the churn and the Kubernetes servers first, etcd last: an API server whose etcd is
    # gone takes long to stop. Whatever is left after the grace period gets SIGKILL.
    stop_wave "$(grep -v -e ' etcd-' -e ' install$' "$PIDS" | awk '{print $1}')" 150
    stop_wave "$(grep ' etcd-' "$PIDS" | awk '{print $1}')" 50
    local p
    for p in "${started[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
  fi
  rm -rf "$DIR"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# spawn NAME LOG CMD...: starts CMD in its own process group, records its pid.
spawn() {
  local name="$1" out="$2"; shift 2
  setsid "$@" >"$out" 2>&1 < /dev/null &
  local pid=$!
  started+=("$pid")
  echo "$pid $name" >> "$PIDS"
}

# 1. What the clusters need, built once and cached; a progress line every 20 s meanwhile.
if [ ! -x "$BIN/kube-apiserver" ] || [ ! -x "$BIN/kube-controller-manager" ]; then
  log "first start: installing etcd and building kube-apiserver + kube-controller-manager v1.20.2 (10-15 minutes, once; cached in $BIN)"
fi
# Not in a session of its own: sudo may need the terminal to ask for a password.
bash "$ROOT/deploy/test-env/install.sh" >"$DIR/install.log" 2>&1 &
install_pid=$!
echo "$install_pid install" >> "$PIDS"
t0=$SECONDS
while kill -0 "$install_pid" 2>/dev/null; do
  for _ in $(seq 1 40); do kill -0 "$install_pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$install_pid" 2>/dev/null; then
    log "still installing ($((SECONDS - t0)) s): $(tail -n 1 "$DIR/install.log" 2>/dev/null | cut -c1-120)"
  fi
done
if ! wait "$install_pid"; then cat "$DIR/install.log" >&2; log "install failed (log above)"; exit 1; fi
KUBECTL="$(command -v kubectl || true)"
[ -n "$KUBECTL" ] || KUBECTL="$CACHE/kubectl-v1.30/kubectl"
ETCD="$(command -v etcd)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 2. Three clusters: etcd, kube-apiserver, kube-controller-manager each, on free loopback ports.
t_start=$SECONDS
declare -A API TOKEN
for c in "${CLUSTERS[@]}"; do
  d="$DIR/$c"; mkdir -p "$d"
  ep=$(free_port); pp=$(free_port); ap=$(free_port); token="admin-$(openssl rand -hex 16)"
  API[$c]="https://127.0.0.1:$ap"; TOKEN[$c]="$token"
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  echo "$token,admin,admin,system:masters" > "$d/tokens.csv"
  cat > "$d/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: $c
  cluster: {server: 'https://127.0.0.1:$ap', insecure-skip-tls-verify: true}
users:
- name: $c-admin
  user: {token: '$token'}
contexts:
- name: $c
  context: {cluster: $c, user: $c-admin}
current-context: $c
KC
  spawn "etcd-$c" "$d/etcd.log" "$ETCD" --name default --data-dir "$d/etcd" \
    --listen-client-urls "http://127.0.0.1:$ep" --advertise-client-urls "http://127.0.0.1:$ep" \
    --listen-peer-urls "http://127.0.0.1:$pp" --initial-advertise-peer-urls "http://127.0.0.1:$pp" \
    --initial-cluster "default=http://127.0.0.1:$pp"
  spawn "kube-apiserver-$c" "$d/kube-apiserver.log" "$BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$ep" \
    --bind-address=127.0.0.1 --secure-port="$ap" --insecure-port=0 --cert-dir="$d/certs" \
    --token-auth-file="$d/tokens.csv" --authorization-mode=RBAC \
    --service-account-key-file="$d/sa.pub" --service-account-signing-key-file="$d/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc --service-cluster-ip-range=10.0.0.0/24 \
    --disable-admission-plugins=ServiceAccount --enable-priority-and-fairness=false --profiling=false
done
for c in "${CLUSTERS[@]}"; do
  ok=0
  for _ in $(seq 1 450); do
    if curl -ksf -H "Authorization: Bearer ${TOKEN[$c]}" "${API[$c]}/readyz" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.2
  done
  if [ "$ok" != 1 ]; then tail -n 30 "$DIR/$c/kube-apiserver.log" >&2; log "kube-apiserver of $c did not start"; exit 1; fi
  d="$DIR/$c"
  spawn "kube-controller-manager-$c" "$d/kube-controller-manager.log" "$BIN/kube-controller-manager" \
    --kubeconfig="$d/kubeconfig" --leader-elect=false --service-account-private-key-file="$d/sa.key" \
    --root-ca-file="$d/certs/apiserver.crt" --bind-address=127.0.0.1 --secure-port=0 --port=0 --controllers='*'
  log "cluster $c up at ${API[$c]} ($((SECONDS - t_start)) s)"
done

# 3. AllKinds, with its store in the temporary directory, watching the three clusters.
CFG="$DIR/allkinds.yaml"
{
  echo "clusters:"
  for c in "${CLUSTERS[@]}"; do echo "  - {name: $c, kubeconfig: $DIR/$c/kubeconfig}"; done
  echo "store: {url: 'jdbc:h2:file:$DIR/data/allkinds'}"
  echo "http: {host: 127.0.0.1, port: $PORT}"
  echo "sync: {rediscoverySeconds: 30}"
} > "$CFG"
log "starting AllKinds (deploy/run.sh builds it first if needed; log in $DIR/allkinds.log)"
# ALLKINDS_DEMO_COMMAND replaces deploy/run.sh (the demo test runs its own build's classes).
# shellcheck disable=SC2086
spawn allkinds "$DIR/allkinds.log" ${ALLKINDS_DEMO_COMMAND:-bash $ROOT/deploy/run.sh} --config "$CFG"

# 4. The objects, then the churn.
# The three clusters are filled at once (plain children, each waited for).
fills=()
for c in "${CLUSTERS[@]}"; do
  bash "$HERE/fill.sh" "$KUBECTL" "$DIR/$c/kubeconfig" "$c" "$ROOT/deploy/test-env/crds" "$HERE/manifests" \
    >"$DIR/$c/fill.log" 2>&1 &
  fills+=($!)
done
for i in "${!CLUSTERS[@]}"; do
  c="${CLUSTERS[$i]}"
  wait "${fills[$i]}" || { cat "$DIR/$c/fill.log" >&2; log "filling $c failed (log above)"; exit 1; }
  log "cluster $c filled ($((SECONDS - t_start)) s)"
done
spawn churn "$DIR/churn.log" bash "$HERE/churn.sh" "$KUBECTL" "${ALLKINDS_DEMO_CHURN_SECONDS:-60}" \
  "$DIR/prod-eu/kubeconfig" "$DIR/prod-us/kubeconfig" "$DIR/staging/kubeconfig"

allkinds_pid="$(awk '$2=="allkinds"{print $1}' "$PIDS")"
for _ in $(seq 1 1800); do
  if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$allkinds_pid" 2>/dev/null; then tail -n 40 "$DIR/allkinds.log" >&2; log "AllKinds stopped (log above)"; exit 1; fi
  sleep 0.2
done
log "AllKinds is watching prod-eu, prod-us and staging ($((SECONDS - t_start)) s after the clusters started)"
log "logs and data in $DIR (removed on exit); Ctrl-C stops everything"
echo "AllKinds demo: http://127.0.0.1:$PORT/"
while true; do
  for p in "${started[@]}"; do
    if ! kill -0 "$p" 2>/dev/null; then
      log "process $(awk -v p="$p" '$1==p{print $2}' "$PIDS") (pid $p) stopped; stopping the demo"
      tail -n 20 "$DIR/allkinds.log" >&2 || true
      exit 1
    fi
  done
  sleep 1
done
