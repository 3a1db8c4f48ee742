#!/usr/bin/env bash
# The README's first command: install what is missing, build, start hubd on
# its embedded RocksDB store in ./hub-data, load the seed catalog and the demo
# year, and show merged records. hubd keeps running in the background.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh hubd hubctl hub_verifier   # what the demo and README use

ADDR="${HUB_ADDR:-127.0.0.1:50051}"
DATA="${HUB_DATA:-./hub-data}"
mkdir -p "$DATA"
if [ -f "$DATA/hubd.pid" ] && kill -0 "$(cat "$DATA/hubd.pid")" 2>/dev/null; then
  echo "demo: stopping the hubd already running from $DATA"
  kill "$(cat "$DATA/hubd.pid")"
  while kill -0 "$(cat "$DATA/hubd.pid")" 2>/dev/null; do sleep 0.2; done
fi
rm -f "$DATA/hubd.port"
# Local demo only: no TLS, the principal comes from hubctl's --as flag.
# The demo keeps its own signing key, beside (not in) the data directory.
nohup build/hub/server/hubd --data_dir="$DATA/db" --listen="$ADDR" \
  --port_file="$DATA/hubd.port" --audit_key="$DATA/audit_ed25519.pem" \
  --insecure_demo_auth >"$DATA/hubd.log" 2>&1 &
echo $! >"$DATA/hubd.pid"
for _ in $(seq 100); do [ -f "$DATA/hubd.port" ] && break; sleep 0.1; done
[ -f "$DATA/hubd.port" ] || { cat "$DATA/hubd.log"; exit 1; }

export HUB_ADDR="$ADDR"
HUBCTL=build/tools/hubctl/hubctl
$HUBCTL --as reform_office@350400 catalog load tools/catalog
$HUBCTL --as reform_office@350400 demo load
echo
echo "== Sanming (三明市) records in conflict: hubctl --as analyst@350400 list --state conflict"
$HUBCTL --as analyst@350400 list --state conflict --page_size 10
echo
echo "== Why: hubctl --as analyst@350400 get indicator resident_insurance_subsidy_per_person 350404 2024"
$HUBCTL --as analyst@350400 get indicator resident_insurance_subsidy_per_person 350404 2024
echo
echo "hubd is serving on $ADDR (pid $(cat "$DATA/hubd.pid"), log $DATA/hubd.log)."
echo "Try: $HUBCTL --as analyst@350400 list --indicator primary_care_visit_share --period 2024H1"
echo "Stop it with: kill \$(cat $DATA/hubd.pid)"
