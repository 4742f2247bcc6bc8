#!/usr/bin/env bash
# Provisions the admission webhook's certificate (docs/operator.md, "Admission webhook"): a self-signed CA and a serving
# certificate for the Service multi-webhook.<namespace>.svc, written as the kubernetes.io/tls Secret the manager mounts
# (multi-webhook-tls), and the CA as caBundle of every webhook of the Validating- and MutatingWebhookConfiguration
# multi-webhook. Run it after `kubectl apply -k config/`, and again before the certificate expires (the manager picks up
# the renewed Secret without a restart; the new CA is patched into the configurations at the same time).
#
#   bash scripts/webhook-cert.sh [--namespace multi-system] [--days 365] [--out DIR]
#
# Needs openssl and kubectl (KUBECONFIG as usual). --out keeps ca.crt, tls.crt and tls.key in DIR (default: a temporary
# directory that is removed).
set -euo pipefail

namespace=multi-system
days=365
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --namespace) namespace="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "webhook-cert.sh: unknown argument $1 (use --namespace, --days, --out)" >&2; exit 2 ;;
  esac
done
[[ "$days" =~ ^[1-9][0-9]*$ ]] || { echo "webhook-cert.sh: --days must be a positive number, not $days" >&2; exit 2; }
for tool in openssl kubectl; do
  command -v "$tool" >/dev/null || { echo "webhook-cert.sh: $tool is not on PATH" >&2; exit 1; }
done

service=multi-webhook
secret=multi-webhook-tls
config=multi-webhook
if [[ -n "$out" ]]; then
  mkdir -p "$out"
  dir="$out"
else
  dir="$(mktemp -d -t multi-webhook-cert.XXXXXX)"
  trap 'rm -rf "$dir"' EXIT
fi

# The CA signs only this certificate; its key is not kept unless --out asks for the files.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days "$days" \
  -subj "/CN=multi-webhook-ca" -keyout "$dir/ca.key" -out "$dir/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
  -subj "/CN=$service.$namespace.svc" -keyout "$dir/tls.key" -out "$dir/tls.csr" 2>/dev/null
cat > "$dir/tls.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:$service,DNS:$service.$namespace,DNS:$service.$namespace.svc,DNS:$service.$namespace.svc.cluster.local
EXT
openssl x509 -req -in "$dir/tls.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -sha256 -days "$days" \
  -extfile "$dir/tls.ext" -out "$dir/tls.crt" 2>/dev/null
openssl verify -CAfile "$dir/ca.crt" "$dir/tls.crt" >/dev/null
rm -f "$dir/tls.csr" "$dir/tls.ext" "$dir/ca.srl"
[[ -n "$out" ]] || rm -f "$dir/ca.key"

kubectl create secret tls "$secret" --namespace "$namespace" --cert "$dir/tls.crt" --key "$dir/tls.key" \
  --dry-run=client -o yaml | kubectl apply -f - >/dev/null
echo "secret $namespace/$secret written (valid $days days, $service.$namespace.svc)"

bundle="$(base64 -w0 < "$dir/ca.crt")"
for kind in validatingwebhookconfiguration mutatingwebhookconfiguration; do
  count="$(kubectl get "$kind" "$config" -o jsonpath='{range .webhooks[*]}{.name}{"\n"}{end}' | grep -c . || true)"
  if [[ "$count" -eq 0 ]]; then
    echo "webhook-cert.sh: $kind $config has no webhooks; apply config/ first (kubectl apply -k config/)" >&2
    exit 1
  fi
  patch="["
  for ((i = 0; i < count; i++)); do
    patch+="{\"op\":\"add\",\"path\":\"/webhooks/$i/clientConfig/caBundle\",\"value\":\"$bundle\"}"
    (( i + 1 < count )) && patch+=","
  done
  patch+="]"
  kubectl patch "$kind" "$config" --type=json -p "$patch" >/dev/null
  echo "$kind $config: caBundle set on $count webhook(s)"
done
