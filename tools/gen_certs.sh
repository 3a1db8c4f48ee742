#!/usr/bin/env bash
# Generates a private CA, a server certificate for HOST (DNS name or IP), and
# one client certificate per principal, for a pilot or a test of mutual TLS.
# The client certificate's common name is the principal the hub sees.
#
#   tools/gen_certs.sh OUT_DIR HOST PRINCIPAL...
#   tools/gen_certs.sh certs 127.0.0.1 finance@350400 analyst@350400
#
# Writes OUT_DIR/ca.pem, server.pem, server.key and <principal>.pem/.key.
set -euo pipefail
out="$1"; host="$2"; shift 2
mkdir -p "$out"
cd "$out"
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=reform hub test CA" \
  -keyout ca.key -out ca.pem 2>/dev/null
if [[ "$host" =~ ^[0-9.]+$ ]]; then san="IP:$host"; else san="DNS:$host"; fi
sign() {  # name subject [extfile-line]
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$2" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
sign server "$host" "subjectAltName=$san"
for p in "$@"; do
  sign "$p" "$p" "extendedKeyUsage=clientAuth"
done
