#!/usr/bin/env bash
# The main job: install what is missing, build, start a private redis-server and the four
# services over TLS with the access policy (development CA and identities made by
# scripts/dev-certs.sh into build/dev-certs the first time, kept after), load the Huiji 2024
# plan and SAMPLE data, print the district scorecard, stop everything it started (also on
# Ctrl-C or an error).
#   scripts/demo.sh                 print the scorecard and exit
#   scripts/demo.sh --serve         keep serving on the default ports until interrupted, and
#                                   print how to call it (devplanctl, grpcurl; curl through the
#                                   HTTP/JSON gateway it starts on 127.0.0.1:8080) and the
#                                   big screen's URL, http://127.0.0.1:8080/?…#token=…
#   scripts/demo.sh --as-of 2024-12-31
#   scripts/demo.sh --district 410102 --year 2025    the SAMPLE 2025 plan, as of 2025-11-30
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/build.sh
export DEVPLAN_BUILD_DIR="$(pwd)/${DEVPLAN_BUILD_DIR:-build}"
# Debian's /usr/bin/python3 sees python3-grpcio; another python3 on PATH may not.
exec /usr/bin/python3 scripts/demo.py "$@"
