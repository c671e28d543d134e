#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz/ (README "Fuzzing"), built in the address pass's
# tree (build-asan/, or $DEVPLAN_BUILD_DIR: Clang, ASan + UBSan, -DDEVPLAN_FUZZ=ON), which this
# script configures and builds first when a target is missing.
#
#   scripts/fuzz.sh NAME SECONDS     one target, e.g. scripts/fuzz.sh fuzz_plan 300
#   scripts/fuzz.sh --all SECONDS    every target, SECONDS each
#   scripts/fuzz.sh --ci             every target briefly (CI_SECONDS below; scripts/test.sh
#                                    runs this in CI after the address pass's tests)
#   scripts/fuzz.sh --list           the targets
#   scripts/fuzz.sh --seeds          rewrite the generated seeds (tests/fuzz/corpus/)
#
# A target reads its seeds from the repository (tests/fuzz/corpus/NAME/, the inputs that once
# failed in tests/fuzz/regressions/NAME/, and the project files named in EXTRA_SEEDS), never
# writing there, and keeps what it learns in <build>/fuzz/corpus/NAME/, so later runs go on
# from there. An input that breaks an invariant (a crash, a sanitizer report, an abort in the
# target's checks, a leak, a timeout) is written to <build>/fuzz/artifacts/NAME/; then this
# script fails. Fix the code, then copy the input to tests/fuzz/regressions/NAME/: the
# address pass replays it from then on (ctest -L fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(fuzz_csv fuzz_plan fuzz_hourly fuzz_aqi fuzz_names fuzz_redis_reply fuzz_requests)
# CI: seconds per target. The pure targets reach their plateau within seconds (tens of
# thousands of runs); fuzz_requests makes real gRPC calls (a few hundred a second) and gets
# longer. Total 3.5 minutes.
declare -A CI_SECONDS=([fuzz_requests]=60)
CI_DEFAULT_SECONDS=25
declare -A EXTRA_SEEDS=([fuzz_csv]=tests/devplanctl/data [fuzz_plan]=deploy/plans)
# The longest input tried. Inputs grow to it from the start (-len_control=0): what a long
# string does (a message that quotes it whole) is part of what is looked for.
declare -A MAX_LEN=([fuzz_plan]=65536 [fuzz_csv]=16384 [fuzz_requests]=16384)
DEFAULT_MAX_LEN=4096

BUILD_DIR="${DEVPLAN_BUILD_DIR:-build-asan}"
FUZZ_DIR="$BUILD_DIR/fuzz"

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

ensure_built() {
  local missing=0 t
  for t in "${TARGETS[@]}" fuzz_seeds; do
    [ -x "$BUILD_DIR/tests/fuzz/$t" ] || missing=1
  done
  if [ "$missing" = 1 ]; then
    command -v clang++-14 >/dev/null || scripts/bootstrap.sh --clang
    # The address pass's configuration (scripts/test.sh --sanitize=address).
    CXX=clang++-14 DEVPLAN_BUILD_DIR="$BUILD_DIR" scripts/build.sh -DDEVPLAN_WERROR=ON \
      -DDEVPLAN_SANITIZE=address -DDEVPLAN_FUZZ=ON
  fi
}

# run_target NAME SECONDS: fuzzes, then prints "NAME RUNS EXEC/S NEW-INPUTS" on fd 3.
run_target() {
  local name="$1" seconds="$2"
  local work="$FUZZ_DIR/corpus/$name" artifacts="$FUZZ_DIR/artifacts/$name"
  local log="$FUZZ_DIR/logs/$name.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  local dirs=("$work" "tests/fuzz/corpus/$name")
  [ -d "tests/fuzz/regressions/$name" ] && dirs+=("tests/fuzz/regressions/$name")
  [ -n "${EXTRA_SEEDS[$name]:-}" ] && dirs+=("${EXTRA_SEEDS[$name]}")
  local flags=()
  # A dictionary: tokens byte mutations rarely assemble (field names, extreme numbers).
  [ -f "tests/fuzz/dicts/$name.dict" ] && flags+=("-dict=tests/fuzz/dicts/$name.dict")
  local before
  before=$(find "$work" -type f | wc -l)
  echo "fuzz.sh: $name for ${seconds}s (log: $log)"
  local status=0
  # Halt on the first UBSan report too, so it becomes an artifact; leaks are checked per input.
  ASAN_OPTIONS="detect_leaks=1" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    "$BUILD_DIR/tests/fuzz/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="${MAX_LEN[$name]:-$DEFAULT_MAX_LEN}" -len_control=0 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${flags[@]}" "${dirs[@]}" \
    >"$log" 2>&1 || status=$?
  local runs rate
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  printf '%-18s %10s %8s %6s\n' "$name" "${runs:-?}" "${rate:-?}" \
    "$(($(find "$work" -type f | wc -l) - before))" >&3
  if [ "$status" -ne 0 ] || [ -n "$(ls -A "$artifacts")" ]; then
    echo "fuzz.sh: $name FAILED (exit $status); the end of its log:" >&2
    tail -40 "$log" >&2
    echo "fuzz.sh: inputs in $artifacts/ — reproduce with: $BUILD_DIR/tests/fuzz/$name FILE;" \
      "once fixed, copy FILE to tests/fuzz/regressions/$name/" >&2
    return 1
  fi
}

# run_all SECONDS-OF(NAME)...: every target; fails at the end if any did.
run_all() {
  local failed=() t seconds summary
  summary=$(mktemp)
  exec 3>"$summary"
  local start=$SECONDS
  for t in "${TARGETS[@]}"; do
    seconds=$("$@" "$t")
    run_target "$t" "$seconds" || failed+=("$t")
  done
  exec 3>&-
  echo
  printf '%-18s %10s %8s %6s\n' target executions exec/s new
  cat "$summary"
  rm -f "$summary"
  echo "fuzz.sh: ${#TARGETS[@]} targets in $((SECONDS - start)) s"
  if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: FAILED: ${failed[*]}" >&2
    return 1
  fi
}

ci_seconds() { echo "${CI_SECONDS[$1]:-$CI_DEFAULT_SECONDS}"; }
fixed_seconds() { echo "$FIXED"; }

[ $# -ge 1 ] || usage
case "$1" in
  --list) printf '%s\n' "${TARGETS[@]}" ;;
  --seeds)
    ensure_built
    "$BUILD_DIR/tests/fuzz/fuzz_seeds" --write tests/fuzz/corpus deploy/plans/410108-2024.textproto
    ;;
  --ci)
    ensure_built
    run_all ci_seconds
    ;;
  --all)
    [ $# -eq 2 ] || usage
    FIXED="$2"
    ensure_built
    run_all fixed_seconds
    ;;
  -*) usage ;;
  *)
    [ $# -eq 2 ] || usage
    printf '%s\n' "${TARGETS[@]}" | grep -qx "$1" || { echo "fuzz.sh: no target $1 (--list)" >&2; exit 2; }
    ensure_built
    exec 3>&1
    printf '%-18s %10s %8s %6s\n' target executions exec/s new
    run_target "$1" "$2"
    ;;
esac
