#!/bin/sh
# Installs devplan on this host for systemd, as root, from a built tree (scripts/build.sh):
#
#   deploy/install.sh                        install, or update keeping the passwords
#   deploy/install.sh --rotate-redis-password   give the servers a new Redis password
#
# - the four server binaries and gateway_server into /usr/local/bin, the big screen's page into
#   /usr/local/share/devplan/www (cmake --install build)
# - the system user devplan, which the servers run as
# - /etc/devplan (root only): redis.conf (deploy/redis/redis.conf), the two Redis passwords,
#   made once with openssl and kept on a re-run — redis-password (user devplan: the servers,
#   handed to them by systemd's LoadCredential) and redis-admin-password (user admin:
#   operators) — and redis-users.acl, deploy/redis/users.acl with their hashes
#   (deploy/redis/render-acl.sh), readable by Redis's group
# - the units of deploy/systemd into /etc/systemd/system; Debian's redis-server.service (no
#   AOF, the same port) disabled, devplan-redis started
# The servers are enabled but start only once their TLS files and the access policy are in
# /etc/devplan (README, "Deployment").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
etc=/etc/devplan
servers="investment environment social aggregator"

die() { echo "install.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"

# A new password: 32 random bytes in base64 (44 characters), in a file only root reads.
new_password() {
  (umask 077 && openssl rand -base64 32 > "$1")
}

# The ACL for the devplan passwords in the files given ($@), then Redis reloads it. ACL LOAD
# closes every connection; the servers reconnect at once (a call in flight may answer
# UNAVAILABLE: clients retry it with its request_id).
load_acl() {
  args=""
  for f in "$@"; do args="$args --devplan-password-file $f"; done
  # The replication user, once deploy/instances.sh made its password (a Redis Cluster).
  if [ -f "$etc/redis-replicator-password" ]; then
    args="$args --replicator-password-file $etc/redis-replicator-password"
  fi
  # shellcheck disable=SC2086  # one word per file name, none with spaces
  "$here/redis/render-acl.sh" $args --admin-password-file "$etc/redis-admin-password" \
    > "$etc/redis-users.acl.new"
  chgrp redis "$etc/redis-users.acl.new"
  chmod 640 "$etc/redis-users.acl.new"
  mv "$etc/redis-users.acl.new" "$etc/redis-users.acl"
  if systemctl is-active --quiet devplan-redis; then
    REDISCLI_AUTH=$(cat "$etc/redis-admin-password") redis-cli --user admin ACL LOAD >/dev/null
  fi
}

if [ "${1:-}" = --rotate-redis-password ]; then
  # Both passwords valid while each server restarts onto the new one, then the old one goes.
  [ -f "$etc/redis-password" ] || die "nothing to rotate: run deploy/install.sh first"
  new_password "$etc/redis-password.new"
  load_acl "$etc/redis-password" "$etc/redis-password.new"
  mv "$etc/redis-password.new" "$etc/redis-password"
  for s in $servers; do systemctl try-restart "devplan-$s"; done
  load_acl "$etc/redis-password"
  echo "install.sh: the servers use the new Redis password; the old one is refused"
  exit 0
fi
[ $# -eq 0 ] || die "unknown argument $1"

command -v redis-server >/dev/null || die "redis-server missing: scripts/bootstrap.sh installs it"
[ -x "$here/../build/services/social/social_server" ] || die "build first: scripts/build.sh"
cmake --install "$here/../build" --prefix /usr/local

id devplan >/dev/null 2>&1 ||
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin devplan

install -d -m 755 -o root -g root "$etc"
install -m 644 "$here/redis/redis.conf" "$etc/redis.conf"
[ -f "$etc/redis-password" ] || new_password "$etc/redis-password"
[ -f "$etc/redis-admin-password" ] || new_password "$etc/redis-admin-password"
load_acl "$etc/redis-password"

install -m 644 "$here"/systemd/devplan-*.service /etc/systemd/system/
systemctl daemon-reload
systemctl disable --now redis-server.service 2>/dev/null || true
systemctl enable --now devplan-redis.service
for s in $servers; do systemctl enable "devplan-$s"; done
# The gateway needs only the CA (it has no identity and no Redis password).
systemctl enable devplan-gateway
echo "install.sh: devplan-redis runs; start the servers once $etc/tls and $etc/policy.textproto are in place:"
echo "  systemctl start devplan-investment devplan-environment devplan-social devplan-aggregator devplan-gateway"
