#!/usr/bin/env bash
# Configures and builds everything into build/ (or $DEVPLAN_BUILD_DIR). Generated code is one
# library; ccache keeps rebuilds cheap.
#   scripts/build.sh                          configure once (RelWithDebInfo), then build
#   scripts/build.sh -DDEVPLAN_WERROR=ON …    (re)configure with these CMake options, then build
# The options stay in the build directory's cache (README "Building by hand" lists them).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${DEVPLAN_BUILD_DIR:-build}"
JOBS="${DEVPLAN_JOBS:-$(nproc)}"
if [ ! -f "$BUILD_DIR/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
fi
cmake --build "$BUILD_DIR" -j "$JOBS"
