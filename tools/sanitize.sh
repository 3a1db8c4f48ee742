#!/usr/bin/env bash
# Sanitizer sweep: builds everything in ./build-asan with AddressSanitizer and
# UndefinedBehaviorSanitizer (Debug, no benchmarks) and runs the whole CTest
# suite there, the Python interop and SIGKILL crash tests included (they start
# the instrumented hubd from build-asan and require it to exit 0 on SIGTERM, so
# a leak in hubd fails them too). Any ASan or UBSan report, or a leak found by
# LeakSanitizer at exit, fails the test that hit it. No suppressions are
# needed today; if a leak ever shows up only inside an uninstrumented Debian
# library (grpc, protobuf, rocksdb static singletons), put a `leak:<symbol>`
# line in tests/lsan.supp and it is picked up here, never one for our code.
# Not part of CI (time budget).
#   tools/sanitize.sh                   # everything
#   tools/sanitize.sh -R CommitterTest  # extra arguments go to ctest
#   JOBS=2 tools/sanitize.sh            # parallelism (default: nproc)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${JOBS:-$(nproc)}
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DHUB_BUILD_BENCHMARKS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
ninja -C build-asan -j "$jobs"
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
if [[ -f tests/lsan.supp ]]; then
  export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
ctest --test-dir build-asan -j "$jobs" --output-on-failure "$@"
