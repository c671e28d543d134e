#!/usr/bin/env bash
# All tests: install what is missing, build once, run every test with ctest in parallel.
# Integration tests start their own redis-server on a Unix socket in a private directory and
# real gRPC servers on loopback ports the kernel picks, so they are safe to run side by side.
#
#   scripts/test.sh                     build/ (warnings are errors), every test
#   scripts/test.sh --sanitize=address  build-asan/: Clang with ASan + LeakSanitizer + UBSan and
#                                       the libFuzzer targets (-DDEVPLAN_FUZZ=ON); the `unit`
#                                       and `redis` tests (not `browser`, not `slow`), their
#                                       fuzz regression replays among them, then every fuzz
#                                       target briefly (scripts/fuzz.sh --ci, 3.5 minutes)
#   scripts/test.sh --sanitize=thread   build-tsan/: ThreadSanitizer; the same tests;
#                                       tests/tsan.supp silences races reported only inside
#                                       Debian's uninstrumented gRPC, protobuf and abseil
#
# CI (CI=true) runs the plain pass, then the address pass. Measured here (2 cores): the
# address build with clang++-14 from a cold ccache compiles for about 20 minutes of CPU (about
# 10 minutes at -j2; the same tree with g++ took twice that), its 420 tests about 25 seconds,
# then the fuzzers 3.5 minutes; the plain pass about 6 minutes cold. `slow` (the Python client over real servers, 25 s
# under ASan) is left to the plain pass: under the sanitizer's load it can miss its deadlines.
#
# In a sanitizer pass every instrumented process (test binaries, and the servers and devplanctl
# the tests start) writes its reports to <build dir>/sanitizer-reports/; any report fails the
# run and is printed at the end, since a server's own output is not a test's.
set -euo pipefail
cd "$(dirname "$0")/.."

SANITIZE=""
for arg in "$@"; do
  case "$arg" in
    --sanitize=address | --sanitize=thread) SANITIZE="${arg#--sanitize=}" ;;
    *) echo "usage: scripts/test.sh [--sanitize=address|--sanitize=thread]" >&2; exit 2 ;;
  esac
done
JOBS="${DEVPLAN_TEST_JOBS:-$(nproc)}"

plain_pass() {
  local dir="${DEVPLAN_BUILD_DIR:-build}"
  DEVPLAN_BUILD_DIR="$dir" scripts/build.sh -DDEVPLAN_WERROR=ON -DDEVPLAN_SANITIZE=
  /usr/bin/python3 scripts/check_plan.py "$dir/python" deploy/plans/*.textproto
  scripts/node_deps.sh "$dir"
  (cd "$dir" && ctest -j "$JOBS" --output-on-failure --timeout 300)
}

sanitizer_pass() {
  local kind="$1" dir
  case "$kind" in
    address) dir=build-asan ;;
    thread) dir=build-tsan ;;
  esac
  if [ "$kind" = address ]; then
    # One instrumented tree for the ASan tests and the fuzzers (libFuzzer is Clang's), so the
    # fuzzers cost no build of their own. A tree configured with another compiler is
    # configured anew: CMake keeps the compiler of a cache it finds.
    if [ -f "$dir/CMakeCache.txt" ] &&
      ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=\(/usr/bin/\)\{0,1\}clang++-14$' "$dir/CMakeCache.txt"; then
      echo "test.sh: $dir was configured with another compiler; configuring it for clang++-14"
      rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles"
    fi
    CXX=clang++-14 DEVPLAN_BUILD_DIR="$dir" scripts/build.sh -DDEVPLAN_WERROR=ON \
      -DDEVPLAN_SANITIZE=address -DDEVPLAN_FUZZ=ON
  else
    DEVPLAN_BUILD_DIR="$dir" scripts/build.sh -DDEVPLAN_WERROR=ON -DDEVPLAN_SANITIZE="$kind"
  fi
  local reports="$PWD/$dir/sanitizer-reports"
  rm -rf "$reports"
  mkdir -p "$reports"
  # detect_leaks=1: LeakSanitizer works in this container (checked: it reports a leak).
  export ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan"
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
  export TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp:second_deadlock_stack=1:log_path=$reports/tsan"
  local status=0
  (cd "$dir" && ctest -j "$JOBS" --output-on-failure --timeout 300 -L 'unit|redis' -LE 'browser|slow') ||
    status=$?
  if compgen -G "$reports/*" >/dev/null; then
    echo "test.sh: the $kind sanitizer reported (reports in $reports):" >&2
    cat "$reports"/* >&2
    status=1
  fi
  if [ "$kind" = address ] && [ "$status" -eq 0 ]; then
    DEVPLAN_BUILD_DIR="$dir" scripts/fuzz.sh --ci || status=$?
  fi
  return "$status"
}

if [ "$SANITIZE" = address ] || { [ -z "$SANITIZE" ] && [ "${CI:-}" = true ]; }; then
  scripts/bootstrap.sh --clang
else
  scripts/bootstrap.sh
fi
if [ -n "$SANITIZE" ]; then
  sanitizer_pass "$SANITIZE"
else
  plain_pass
  if [ "${CI:-}" = true ]; then
    sanitizer_pass address
  fi
fi
