#!/usr/bin/env bash
# Configures and builds the hub in ./build: every target, or only the targets
# named (e.g. `tools/build.sh hubd hubctl`). Tests and benchmarks are
# configured unless HUB_BUILD_TESTS=OFF / HUB_BUILD_BENCHMARKS=OFF, so building
# a few targets never leaves stale test binaries behind.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache, when installed, makes rebuilds in several checkouts cheap.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd .. && pwd)}" CCACHE_NOHASHDIR=1
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DHUB_BUILD_TESTS="${HUB_BUILD_TESTS:-ON}" \
  -DHUB_BUILD_BENCHMARKS="${HUB_BUILD_BENCHMARKS:-ON}" >/dev/null
ninja -C build -j "$(nproc)" "$@"
