#!/usr/bin/env bash
# A development certificate authority and credentials for the suite, made with Debian's
# openssl. FOR DEVELOPMENT AND TESTS ONLY: the keys sit unencrypted in OUT_DIR.
#
#   scripts/dev-certs.sh OUT_DIR [IDENTITY ...]
#
# Writes into OUT_DIR (kept if already there, so a demo restarts with the same CA):
#   ca.pem, ca.key             the CA every server and client trusts
#   server.pem, server.key     one server certificate for all four services: SAN DNS:localhost,
#                              IP:127.0.0.1 (a deployment gives each host its own)
#   IDENTITY.pem, IDENTITY.key a client certificate per identity, URI SAN
#                              spiffe://devplan/identity/IDENTITY (the policy's identity name)
#   token.key, token.pub       the RS256 key pair tokens are signed with (scripts/dev-token.py)
#                              and servers verify with (--token-public-key)
set -euo pipefail
OUT="${1:?usage: scripts/dev-certs.sh OUT_DIR [IDENTITY ...]}"
shift
mkdir -p "$OUT"
chmod 700 "$OUT"
cd "$OUT"
DAYS=825  # below the 825-day ceiling clients apply to TLS server certificates

key() { [ -f "$1" ] || openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

if [ ! -f ca.pem ]; then
  key ca.key
  openssl req -x509 -new -key ca.key -sha256 -days "$DAYS" -subj "/O=devplan/CN=devplan development CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out ca.pem 2>/dev/null
fi

# sign NAME SUBJECT EXTENSIONS: NAME.pem from NAME.key, signed by the CA.
sign() {
  local name="$1" subject="$2" ext="$3"
  key "$name.key"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "$DAYS" -sha256 \
    -extfile "$name.ext" -out "$name.pem" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

[ -f server.pem ] || sign server "/O=devplan/CN=localhost" \
  "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"

for id in "$@"; do
  if ! [[ "$id" =~ ^[A-Za-z0-9._-]{1,64}$ ]]; then
    echo "dev-certs: identity '$id': 1 to 64 letters, digits, '.', '_' or '-'" >&2
    exit 2
  fi
  [ -f "$id.pem" ] || sign "$id" "/O=devplan/CN=$id" \
    "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=URI:spiffe://devplan/identity/$id"
done

if [ ! -f token.key ]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out token.key 2>/dev/null
  openssl pkey -in token.key -pubout -out token.pub
fi
chmod 600 ./*.key
