#!/usr/bin/env bash
# Configures and builds the hub in ./build (tests on unless HUB_BUILD_TESTS=OFF).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHUB_BUILD_TESTS="${HUB_BUILD_TESTS:-ON}" \
  -DHUB_BUILD_BENCHMARKS="${HUB_BUILD_BENCHMARKS:-ON}" >/dev/null
ninja -C build -j "$(nproc)"
