#!/usr/bin/env bash
# The README's first command: install what is missing, build, then start the
# demo hub (tools/demo_start.sh): hubd on its embedded RocksDB store in
# ./hub-data with the seed catalog and the demo year loaded, each report at
# the date the hub received it. hubd keeps running in the background.
#
#   HUB_LOG_CRYPTO=sm3-sm2 tools/demo.sh   # the same on a hub whose log uses
#                                          # SM3 and SM2 (商用密码), in ./hub-data-sm3
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh hubd hubctl hub_verifier   # what the demo and README use
exec tools/demo_start.sh
