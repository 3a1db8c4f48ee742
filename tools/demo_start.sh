#!/usr/bin/env bash
# Starts the demo hub from a built tree (tools/demo.sh builds first): hubd on
# $HUB_ADDR (default 127.0.0.1:50051; port 0 picks a free one) with its store
# in $HUB_DATA (default ./hub-data), its log chained and signed with
# $HUB_LOG_CRYPTO (sha256-ed25519 by default; sm3-sm2 for SM3 and SM2, then
# the default store is ./hub-data-sm3), then loads the seed catalog and the demo
# year and shows the records in conflict. hubd keeps running in the
# background; its pid is in $HUB_DATA/hubd.pid, the port in
# $HUB_DATA/hubd.port.
#
# LOCAL DEMO ONLY: --insecure_demo_auth trusts the x-hub-principal header
# (hubctl's --as), and --demo_clock lets `hubctl demo load` deliver each
# report at its receipt date (so `asof --at 2024-07-25` sees what had arrived
# by then, and late reports are late). The demo keeps its own signing key
# beside (not in) the store, $HUB_DATA/audit_*.pem, and its backups carry it
# (--backup_signing_key) so that a restored demo hub signs with the same key.
set -euo pipefail
cd "$(dirname "$0")/.."
ADDR="${HUB_ADDR:-127.0.0.1:50051}"
LOG_CRYPTO="${HUB_LOG_CRYPTO:-sha256-ed25519}"
case "$LOG_CRYPTO" in
  sha256-ed25519) DATA="${HUB_DATA:-./hub-data}"; KEY=audit_ed25519.pem ;;
  sm3-sm2) DATA="${HUB_DATA:-./hub-data-sm3}"; KEY=audit_sm2.pem ;;
  *) echo "demo: HUB_LOG_CRYPTO must be sha256-ed25519 or sm3-sm2" >&2; exit 2 ;;
esac
# Prometheus metrics on loopback: 127.0.0.1:9464, or a free port when the
# hub itself takes one (HUB_ADDR with port 0); the address is written to
# $HUB_DATA/hubd.metrics either way.
if [ -z "${HUB_METRICS:-}" ]; then
  case "$ADDR" in *:0) METRICS=127.0.0.1:0 ;; *) METRICS=127.0.0.1:9464 ;; esac
else
  METRICS="$HUB_METRICS"
fi
mkdir -p "$DATA"
if [ -f "$DATA/hubd.pid" ] && kill -0 "$(cat "$DATA/hubd.pid")" 2>/dev/null; then
  echo "demo: stopping the hubd already running from $DATA"
  kill "$(cat "$DATA/hubd.pid")"
  while kill -0 "$(cat "$DATA/hubd.pid")" 2>/dev/null; do sleep 0.2; done
fi
rm -f "$DATA/hubd.port" "$DATA/hubd.metrics_port" "$DATA/hubd.metrics"
nohup build/hub/server/hubd --data_dir="$DATA/db" --listen="$ADDR" \
  --port_file="$DATA/hubd.port" --log_crypto="$LOG_CRYPTO" \
  --audit_key="$DATA/$KEY" --backup_signing_key \
  --insecure_demo_auth --demo_clock \
  --metrics_listen="$METRICS" --metrics_port_file="$DATA/hubd.metrics_port" \
  --backup_dir="$DATA/backups" >"$DATA/hubd.log" 2>&1 &
echo $! >"$DATA/hubd.pid"
for _ in $(seq 100); do
  [ -f "$DATA/hubd.port" ] && break
  kill -0 "$(cat "$DATA/hubd.pid")" 2>/dev/null || break  # hubd refused
  sleep 0.1
done
[ -f "$DATA/hubd.port" ] || { cat "$DATA/hubd.log"; exit 1; }
# The port hubd bound (the one asked for, or the free one port 0 picked).
export HUB_ADDR="${ADDR%:*}:$(cat "$DATA/hubd.port")"
echo "${METRICS%:*}:$(cat "$DATA/hubd.metrics_port")" >"$DATA/hubd.metrics"

HUBCTL=build/tools/hubctl/hubctl
$HUBCTL --as reform_office@350400 demo load tools/catalog
echo
echo "== Sanming (三明市) records in conflict: hubctl --as analyst@350400 list --state conflict"
$HUBCTL --as analyst@350400 list --state conflict --page_size 10
echo
echo "== Why: hubctl --as analyst@350400 get indicator resident_insurance_subsidy_per_person 350404 2024"
$HUBCTL --as analyst@350400 get indicator resident_insurance_subsidy_per_person 350404 2024
echo
echo "hubd is serving on $HUB_ADDR (pid $(cat "$DATA/hubd.pid"), log $DATA/hubd.log,"
echo "metrics http://$(cat "$DATA/hubd.metrics")/metrics, backups in $DATA/backups),"
echo "its log chained and signed with $LOG_CRYPTO; checkpoint public key: $DATA/$KEY.pub"
echo "Try: $HUBCTL --as analyst@350400 list --indicator primary_care_visit_share --period 2024H1"
echo "Stop it with: kill \$(cat $DATA/hubd.pid)"
