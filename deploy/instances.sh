#!/bin/sh
# Writes one machine's share of the three-machine layout (README, "Three machines"): the
# environment files of its replicas, two of each service (a and b), read by the template units
# devplan-<service>@.service, and its Redis Cluster settings for devplan-redis@.service.
#
#   deploy/instances.sh [--out DIR] THIS_IP IP1 IP2 IP3
#
# THIS_IP is this machine's address, one of IP1..IP3 (every machine of the suite, the same
# order on each). DIR is /etc/devplan by default: it gets instances/<service>-{a,b}.env and
# redis-cluster.conf. Ports on every machine: replica a 5005x (health 5006x, metrics 5007x),
# replica b the same plus 100; Redis Cluster nodes 7001 and 7002.
#
# The replicas of the cluster log in to their masters as the ACL's `replicator`, with one
# password on every machine: DIR/redis-replicator-password, made here on the first machine
# (when missing) and copied to the others before they run this. deploy/install.sh then puts
# the user in the ACL (run it again after this script).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=/etc/devplan
die() { echo "instances.sh: $*" >&2; exit 2; }

if [ "${1:-}" = --out ]; then [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2; fi
[ $# -eq 4 ] || die "usage: instances.sh [--out DIR] THIS_IP IP1 IP2 IP3"
this=$1; shift
is_ip() { printf '%s' "$1" | grep -Eq '^([0-9]{1,3}\.){3}[0-9]{1,3}$'; }
for ip in "$this" "$@"; do is_ip "$ip" || die "\"$ip\" is not an IPv4 address"; done
case " $* " in *" $this "*) ;; *) die "THIS_IP $this is not one of $*" ;; esac

# Every replica of a service on every machine, as the clients' address flags take them.
replicas() {
  list=""
  for ip in "$@"; do list="$list,$ip:$port,$ip:$((port + 100))"; done
  printf '%s' "${list#,}"
}
redis="cluster://"
for ip in "$@"; do redis="$redis$ip:7001,$ip:7002,"; done
redis=${redis%,}
port=50051; investment=$(replicas "$@")
port=50052; environment=$(replicas "$@")
port=50053; social=$(replicas "$@")

umask 022
mkdir -p "$out/instances"
for svc in aggregator investment environment social; do
  case $svc in aggregator) base=50050 ;; investment) base=50051 ;; environment) base=50052 ;; social) base=50053 ;; esac
  up=$(printf '%s' "$svc" | tr '[:lower:]' '[:upper:]')
  for replica in a b; do
    p=$base; [ $replica = a ] || p=$((base + 100))
    f="$out/instances/$svc-$replica.env"
    {
      echo "# devplan-$svc@$replica.service on $this (deploy/instances.sh)"
      echo "DEVPLAN_${up}_ADDR=$this:$p"
      echo "DEVPLAN_${up}_HEALTH_ADDR=$this:$((p + 10))"
      echo "DEVPLAN_${up}_METRICS_ADDR=$this:$((p + 20))"
      echo "DEVPLAN_REDIS_ADDR=$redis"
      if [ $svc = aggregator ]; then
        echo "DEVPLAN_INVESTMENT_ADDR=$investment"
        echo "DEVPLAN_ENVIRONMENT_ADDR=$environment"
        echo "DEVPLAN_SOCIAL_ADDR=$social"
      fi
    } > "$f"
  done
done
replicator="$out/redis-replicator-password"
[ -f "$replicator" ] || (umask 077 && openssl rand -base64 32 > "$replicator")
(
  umask 027
  # The password is base64: no character sed would read as special but "|", which it lacks.
  sed -e "s|@BIND@|$this|" -e "s|@REPLICATOR_PASSWORD@|$(cat "$replicator")|" "$here/redis/cluster.conf" \
    > "$out/redis-cluster.conf"
)
if getent group redis >/dev/null; then chgrp redis "$out/redis-cluster.conf"; fi
echo "instances.sh: wrote $out/instances/*.env and $out/redis-cluster.conf for $this; copy"
echo "  $replicator to the other machines (one password for all), run deploy/install.sh again"
echo "  (the replicator user into the ACL), then:"
echo "  systemctl enable --now devplan-redis@7001 devplan-redis@7002"
echo "  systemctl enable --now devplan-{investment,environment,social,aggregator}@{a,b}"
