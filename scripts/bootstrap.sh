#!/usr/bin/env bash
# Installs what devplan needs from Debian 12's own packages. Idempotent: when every package
# is present it changes nothing; otherwise it runs `apt-get update` first, then installs
# only what is missing. Run as root on a fresh machine.
#   scripts/bootstrap.sh           what the build, the tests and the demo need
#   scripts/bootstrap.sh --clang   and Clang with libFuzzer (clang-14, libclang-rt-14-dev), for
#                                  the address pass of scripts/test.sh and scripts/fuzz.sh
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libhiredis-dev redis-server
  libjwt-dev openssl
  libgtest-dev googletest libabsl-dev libcli11-dev libspdlog-dev libbenchmark-dev
  prometheus-cpp-dev
  prometheus
  libcpp-httplib-dev  # the HTTP/JSON gateway's server (why this one: services/gateway/CMakeLists.txt)
  zlib1g-dev  # the gateway's gzip of kept replies (services/gateway/gzip.h)
  python3 python3-grpcio python3-protobuf
  chromium fonts-noto-cjk
  nodejs  # the Node.js client check (tests/node; its packages: scripts/node_deps.sh)
)
# npm from Debian unless an npm is already there: a Node.js installed from elsewhere (e.g.
# NodeSource's nodejs package) brings its own, and Debian's npm would conflict with it.
command -v npm >/dev/null || PACKAGES+=(npm)
case "${1:-}" in
  "") ;;
  --clang) PACKAGES+=(clang-14 libclang-rt-14-dev) ;;
  *) echo "usage: scripts/bootstrap.sh [--clang]" >&2; exit 2 ;;
esac

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "bootstrap: missing ${missing[*]}; run as root to install them" >&2
  exit 1
fi
echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
