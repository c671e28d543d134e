#!/bin/sh
# Prints deploy/redis/users.acl as Redis loads it: without its comment lines, with the SHA-256
# of each password in place of its placeholder. Used by deploy/install.sh and, the same way, by
# the tests' private Redis (tests/support/redis_server.cc, scripts/devplan_tools/suite.py).
#
#   render-acl.sh --devplan-password-file F [--devplan-password-file F2] --admin-password-file A
#                 [--replicator-password-file R]
#   render-acl.sh --devplan-password-file F --open-default-user [--replicator-password-file R]
#
# A second --devplan-password-file gives the user both passwords, for a rotation without
# downtime (README, "Redis"). --open-default-user is for the tests' Redis alone, on a socket
# in a private directory: `default` gets every command without a password (so the tests can
# inspect everything) and there is no `admin`; the servers still log in as devplan. Without
# --replicator-password-file there is no `replicator` (a Redis without replicas needs none).
set -eu
here=$(dirname "$0")
devplan_hashes=""
admin_hash=""
replicator_hash=""
open_default=no

die() { echo "render-acl.sh: $*" >&2; exit 2; }

# The password as the servers read it (trailing newlines are not part of it); refused unless
# 16..512 printable characters without spaces, as the servers refuse it.
hash_of() {
  [ -r "$1" ] || die "$1: cannot be read"
  pw=$(cat "$1")
  case $pw in *[!!-~]*) die "$1: the password must be printable ASCII without spaces" ;; esac
  if [ ${#pw} -lt 16 ] || [ ${#pw} -gt 512 ]; then die "$1: the password must be 16..512 characters"; fi
  printf '%s' "$pw" | sha256sum | cut -c1-64
}

while [ $# -gt 0 ]; do
  case $1 in
    --devplan-password-file) [ $# -ge 2 ] || die "$1 needs a file"
      devplan_hashes="$devplan_hashes #$(hash_of "$2")"; shift 2 ;;
    --admin-password-file) [ $# -ge 2 ] || die "$1 needs a file"
      admin_hash=$(hash_of "$2"); shift 2 ;;
    --replicator-password-file) [ $# -ge 2 ] || die "$1 needs a file"
      replicator_hash=$(hash_of "$2"); shift 2 ;;
    --open-default-user) open_default=yes; shift ;;
    *) die "unknown argument $1" ;;
  esac
done
[ -n "$devplan_hashes" ] || die "--devplan-password-file is required"
[ "$open_default" = yes ] || [ -n "$admin_hash" ] || die "--admin-password-file is required"

# sed's replacement: the hashes are hex and '#', nothing sed would read as special.
grep -v -e '^#' -e '^[[:space:]]*$' "$here/users.acl" |
  sed -e "s|#@DEVPLAN_PASSWORD_SHA256@|${devplan_hashes# }|" |
  if [ -n "$replicator_hash" ]; then
    sed -e "s|@REPLICATOR_PASSWORD_SHA256@|$replicator_hash|"
  else
    sed -e '/^user replicator /d'
  fi |
  if [ "$open_default" = yes ]; then
    sed -e 's|^user default .*|user default on nopass ~* \&* +@all|' -e '/^user admin /d'
  else
    sed -e "s|@ADMIN_PASSWORD_SHA256@|$admin_hash|"
  fi
