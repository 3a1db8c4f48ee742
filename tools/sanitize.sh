#!/usr/bin/env bash
# Sanitizer sweeps; not part of CI (time budget).
#
#   tools/sanitize.sh [CTEST_ARGS...]       AddressSanitizer + UBSan, everything
#   tools/sanitize.sh tsan [GTEST_ARGS...]  ThreadSanitizer, the engine's tests
#   JOBS=2 tools/sanitize.sh ...            parallelism (default: nproc)
#
# ASan/UBSan builds everything in ./build-asan (Debug, no benchmarks) and runs
# the whole CTest suite there, the Python interop and SIGKILL crash tests
# included: they start the instrumented hubd from build-asan and require it to
# exit 0 on SIGTERM, so a leak in hubd fails them too. Any ASan or UBSan
# report (UBSan does not recover), or a leak found by LeakSanitizer at exit,
# fails the test that hit it. No suppressions are needed today; if a leak ever
# shows up only inside an uninstrumented Debian library (grpc, protobuf,
# rocksdb static singletons), put a `leak:<symbol>` line in tests/lsan.supp
# and it is picked up here; never one for our own code.
#
# TSan builds engine_test and audit_test in ./build-tsan (group commit,
# concurrent submitters and stewards, live replay) and runs them; any report
# fails. Debian's abseil is not built with TSan, so tools/tsan_absl_mutex.cc is
# linked in to make absl::Mutex visible to it (without it every guarded
# access is a false race). gRPC is uninstrumented too, so the gRPC server
# tests are left out: their reports are all inside gRPC's own hand-offs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${JOBS:-$(nproc)}

if [[ "${1:-}" == tsan ]]; then
  shift
  mkdir -p build-tsan
  c++ -std=c++17 -g -O1 -fsanitize=thread -c tools/tsan_absl_mutex.cc \
    -o build-tsan/tsan_absl_mutex.o
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DHUB_BUILD_BENCHMARKS=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread $root/build-tsan/tsan_absl_mutex.o" \
    >/dev/null
  ninja -C build-tsan -j "$jobs" engine_test audit_test
  export TSAN_OPTIONS="second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
  status=0
  for t in hub/engine/engine_test hub/audit/audit_test; do
    echo "== TSan: $t $*"
    "build-tsan/$t" "$@" || status=1
  done
  exit "$status"
fi

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
