#!/usr/bin/env bash
# Keeps the demo clusters gently changing: every PERIOD seconds a rollout of the shop frontend in
# one cluster, and in between a scale up or down, an edit of a custom resource, and a namespace
# created or deleted, so the journal, the history diffs and the live feed always have something new.
#   churn.sh KUBECTL PERIOD KUBECONFIG...
set -uo pipefail
KUBECTL="$1"; PERIOD="$2"; shift 2
CONFIGS=("$@")
STEP=$(( PERIOD / 4 )); [ "$STEP" -ge 1 ] || STEP=1
k() { "$KUBECTL" --kubeconfig "$1" --request-timeout=20s "${@:2}"; }
say() { echo "$(date -u +%H:%M:%S) $*"; }

round=0
while true; do
  round=$((round + 1))
  cfg="${CONFIGS[$(( (round - 1) % ${#CONFIGS[@]} ))]}"
  # A rollout: a new pod template makes a new ReplicaSet; the old one scales down.
  k "$cfg" -n shop set env deployment/frontend "RELEASE=r$round" >/dev/null && say "rollout r$round of shop/frontend ($cfg)"
  sleep "$STEP"
  # Scale up or down.
  replicas=$(( 1 + round % 4 ))
  k "$cfg" -n shop scale deployment/cart --replicas="$replicas" >/dev/null && say "scaled shop/cart to $replicas"
  sleep "$STEP"
  # Edit a custom resource and a ConfigMap.
  k "$cfg" -n argocd patch applications.argoproj.io shop --type merge \
    -p "{\"metadata\":{\"annotations\":{\"demo/last-sync\":\"$(date -u +%FT%TZ)\"}},\"spec\":{\"source\":{\"targetRevision\":\"sync-$round\"}}}" >/dev/null \
    && say "edited Application argocd/shop"
  k "$cfg" -n shop patch configmap shop-settings --type merge -p "{\"data\":{\"checkout.timeoutSeconds\":\"$(( 20 + round % 3 * 10 ))\"}}" >/dev/null
  sleep "$STEP"
  # A short-lived namespace: created one round, deleted the next (the namespace controller finalises it).
  if [ $(( round % 2 )) = 1 ]; then
    k "$cfg" create namespace "preview-$round" >/dev/null && \
      k "$cfg" -n "preview-$round" create configmap preview --from-literal=branch="feature-$round" >/dev/null && \
      say "created namespace preview-$round"
  else
    prev="${CONFIGS[$(( (round - 2) % ${#CONFIGS[@]} ))]}"
    k "$prev" delete namespace "preview-$(( round - 1 ))" --wait=false >/dev/null 2>&1 && say "deleting namespace preview-$(( round - 1 ))"
  fi
  sleep "$STEP"
done
