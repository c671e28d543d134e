#!/usr/bin/python3
"""Mints a development bearer token (a JWT signed RS256 with token.key from
scripts/dev-certs.sh, by Debian's openssl). FOR DEVELOPMENT AND TESTS ONLY.

  scripts/dev-token.py --key DIR/token.key --sub IDENTITY [--ttl SECONDS] [--aud devplan]
                       [--iss devplan-dev] [--exp-at UNIX] [--alg RS256|HS256|none]

--alg other than RS256 and --exp-at exist so tests can make the tokens a server must refuse."""
import argparse
import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--key", required=True)
    p.add_argument("--sub", required=True)
    p.add_argument("--ttl", type=int, default=3600)
    p.add_argument("--exp-at", type=int)
    p.add_argument("--aud", default="devplan")
    p.add_argument("--iss", default="devplan-dev")
    p.add_argument("--alg", default="RS256", choices=["RS256", "HS256", "none"])
    p.add_argument("--hmac-secret-file", help="for --alg HS256: the bytes used as the HMAC secret")
    a = p.parse_args()
    now = int(time.time())
    claims = {"sub": a.sub, "aud": a.aud, "iss": a.iss, "iat": now,
              "exp": a.exp_at if a.exp_at is not None else now + a.ttl}
    header = {"alg": a.alg, "typ": "JWT"}
    signing_input = (b64(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()))
    if a.alg == "RS256":
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", a.key], input=signing_input.encode(),
                             capture_output=True, check=True).stdout
    elif a.alg == "HS256":
        with open(a.hmac_secret_file, "rb") as f:
            sig = hmac.new(f.read(), signing_input.encode(), hashlib.sha256).digest()
    else:
        sig = b""
    sys.stdout.write(signing_input + "." + b64(sig) + "\n")


if __name__ == "__main__":
    main()
