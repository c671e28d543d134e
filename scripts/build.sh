#!/usr/bin/env bash
# Configures (once) and builds everything into build/ (or $DEVPLAN_BUILD_DIR). Generated
# code is one library; ccache keeps rebuilds cheap.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${DEVPLAN_BUILD_DIR:-build}"
JOBS="${DEVPLAN_JOBS:-$(nproc)}"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$BUILD_DIR" -j "$JOBS"
