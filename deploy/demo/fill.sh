#!/usr/bin/env bash
# Fills one demo cluster: namespaces, Deployments (the controller manager makes their ReplicaSets
# and Pods), Services, ConfigMaps, Secrets, RBAC, and objects of real operator CRDs. Each cluster
# runs its own version of the same apps.
#   fill.sh KUBECTL KUBECONFIG CLUSTER CRD_DIR MANIFEST_DIR
set -euo pipefail
KUBECTL="$1"; export KUBECONFIG="$2"; CLUSTER="$3"; CRDS="$4"; MANIFESTS="$5"
k() { "$KUBECTL" --request-timeout=30s "$@"; }

case "$CLUSTER" in
  prod-eu) ENV=production; REGION=eu-west-1; CURRENCY=EUR; SHOP=1.4.2; PAY=3.1.0; FRONTEND=3; BASKET=true ;;
  prod-us) ENV=production; REGION=us-east-1; CURRENCY=USD; SHOP=1.4.1; PAY=3.0.7; FRONTEND=4; BASKET=false ;;
  *)       ENV=staging;    REGION=eu-west-1; CURRENCY=EUR; SHOP=1.5.0-rc.1; PAY=3.2.0-beta; FRONTEND=1; BASKET=true ;;
esac
render() {
  sed -e "s/@ENV@/$ENV/g" -e "s/@REGION@/$REGION/g" -e "s/@CURRENCY@/$CURRENCY/g" \
      -e "s/@SHOP_VERSION@/$SHOP/g" -e "s/@PAYMENTS_VERSION@/$PAY/g" \
      -e "s/@FRONTEND_REPLICAS@/$FRONTEND/g" -e "s/@NEW_BASKET@/$BASKET/g" "$1"
}

# The CRDs first (the server drops schema keywords newer than 1.20, hence --validate=false).
crd_files=()
for f in argo-cd/appproject-crd.yaml argo-cd/application-crd.yaml cert-manager/cert-manager.io_issuers.yaml \
    cert-manager/cert-manager.io_certificates.yaml prometheus-operator/monitoring.coreos.com_servicemonitors.yaml \
    prometheus-operator/monitoring.coreos.com_prometheusrules.yaml; do
  crd_files+=(-f "$CRDS/$f")
done
k create --validate=false "${crd_files[@]}" >/dev/null
{ render "$MANIFESTS/10-shop.yaml"; echo "---"; render "$MANIFESTS/30-platform.yaml"
  if [ "$ENV" = production ]; then echo "---"; render "$MANIFESTS/20-payments.yaml"; fi
} | k apply --validate=false -f - >/dev/null
k wait --for=condition=established --timeout=60s \
  crd/appprojects.argoproj.io crd/applications.argoproj.io crd/issuers.cert-manager.io \
  crd/certificates.cert-manager.io crd/servicemonitors.monitoring.coreos.com crd/prometheusrules.monitoring.coreos.com >/dev/null
render "$MANIFESTS/40-operators.yaml" | k apply --validate=false -f - >/dev/null
echo "filled $CLUSTER"
