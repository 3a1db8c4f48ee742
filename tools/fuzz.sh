#!/usr/bin/env bash
# The libFuzzer targets of tests/fuzz (see tests/fuzz/README.md), built with
# Debian's clang-16 and libFuzzer in ./build-fuzz (AddressSanitizer and
# UndefinedBehaviorSanitizer on every object; the normal gcc build in
# ./build is not touched).
#
#   tools/fuzz.sh build              configure and build ./build-fuzz
#   tools/fuzz.sh smoke [SECONDS]    build, run every regression input, then
#                                    every target SECONDS (default 3) on its
#                                    seeded corpus (the ctest fuzz_smoke)
#   tools/fuzz.sh run TARGET SECONDS one target, longer; the corpus grows in
#                                    build-fuzz/corpus/TARGET, crashes go to
#                                    build-fuzz/crashes/TARGET
#   tools/fuzz.sh long SECONDS       `run` of every target in turn
#   tools/fuzz.sh list               the targets
#
# Any sanitizer report, abort or broken invariant fails the run; its input
# is kept under build-fuzz/crashes/. A crash fixed becomes a regression
# input: tests/fuzz/regressions/TARGET/<name>, run by every smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
B=build-fuzz
TARGETS=(csv_reader_fuzz import_finance_fuzz import_health_commission_fuzz
  import_medical_insurance_fuzz decimal_fuzz period_fuzz submission_fuzz
  catalog_fuzz)
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

build() {
  local launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd .. && pwd)}" CCACHE_NOHASHDIR=1
  fi
  CXX=clang++-16 cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    "${launcher[@]}" -DHUB_FUZZ=ON -DHUB_BUILD_TESTS=OFF \
    -DHUB_BUILD_BENCHMARKS=OFF \
    -DCMAKE_CXX_FLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $SAN" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN" >/dev/null
  ninja -C "$B" -j "$(nproc)" "${TARGETS[@]}" make_fuzz_seeds >/dev/null
}

# The period a sample's name says, e.g. ..._sm2024h1.csv -> 2024H1.
sample_period() {
  local base
  base=$(basename "$1")
  base=${base%.csv}
  base=${base%.gb18030}
  base=${base##*_}
  base=${base##[a-z][a-z]}
  echo "${base^^}"
}

# Fills build-fuzz/seeds/TARGET from the samples (tests/adapters/data).
seed() {
  local s="$B/seeds"
  rm -rf "$s"
  mkdir -p "$s"
  for t in "${TARGETS[@]}"; do mkdir -p "$s/$t"; done
  cp tests/adapters/data/*.csv tests/adapters/data/bad/* "$s/csv_reader_fuzz/"
  for f in tests/adapters/data/*.csv tests/adapters/data/bad/*.csv; do
    local b dept
    b=$(basename "$f")
    for dept in finance health_commission medical_insurance; do
      if [[ "$b" == "$dept"_* ]]; then
        { sample_period "$f"; cat "$f"; } >"$s/import_${dept}_fuzz/$b"
      fi
    done
  done
  local i=0
  for d in "601.00" "-0.5" "1e3" "12,3" "0.000000000000000001" \
    "3.14159" "100" "0" "-0"; do
    printf '%s\0%s' "$d" "7.5" >"$s/decimal_fuzz/d$i"
    i=$((i + 1))
  done
  for p in 2024 2024H1 2024H2 2024Q3 2024-07 2024Q1-Q3 2024-13 1990 2026; do
    printf '%s' "$p" >"$s/period_fuzz/$p"
  done
  "$B/tests/fuzz/make_fuzz_seeds" "$s/catalog_fuzz" "$s/submission_fuzz"
}

# run TARGET SECONDS: the regression inputs, then the fuzzer on its corpus.
run() {
  local t=$1 secs=$2 bin="$B/tests/fuzz/$1"
  local corpus="$B/corpus/$t" crashes="$B/crashes/$t"
  mkdir -p "$corpus" "$crashes"
  local reg="tests/fuzz/regressions/$t"
  if compgen -G "$reg/*" >/dev/null; then
    "$bin" -runs=1 "$reg"/* 2>"$B/logs/$t.regressions.log" ||
      { cat "$B/logs/$t.regressions.log"; echo "fuzz: $t: a regression input fails"; return 1; }
  fi
  "$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$corpus" "$B/seeds/$t" 2>"$B/logs/$t.log" ||
    { tail -40 "$B/logs/$t.log"; echo "fuzz: $t failed; input in $crashes"; return 1; }
  local execs cov
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$B/logs/$t.log" | grep -o '[0-9]*$' || echo 0)
  cov=$(grep -o 'cov: [0-9]*' "$B/logs/$t.log" | tail -1 | grep -o '[0-9]*' || echo 0)
  printf 'fuzz: %-32s %4ss %10s execs  cov %6s  corpus %5s files  clean\n' \
    "$t" "$secs" "$execs" "$cov" "$(ls "$corpus" | wc -l)"
}

cmd=${1:-smoke}
case "$cmd" in
  list) printf '%s\n' "${TARGETS[@]}" ;;
  build) build ;;
  smoke | long)
    secs=${2:-3}
    build
    seed
    mkdir -p "$B/logs"
    status=0
    for t in "${TARGETS[@]}"; do run "$t" "$secs" || status=1; done
    exit "$status"
    ;;
  run)
    build
    seed
    mkdir -p "$B/logs"
    run "$2" "$3"
    ;;
  *) sed -n 2,20p "$0"; exit 2 ;;
esac
