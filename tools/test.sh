#!/usr/bin/env bash
# The README's second command: install what is missing, build everything,
# and run every test (unit, end-to-end, Python and Java interop, SIGKILL
# crash).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install_deps.sh
tools/build.sh
cd build
ctest --output-on-failure -j "$(nproc)"
