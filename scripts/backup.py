#!/usr/bin/python3
"""Backs up the devplan data of one district, several, or all of them from Redis, and restores
it into another Redis (README, "Backup and restore").

  scripts/backup.py backup  --redis ADDR [--district CODE ...] --out FILE
  scripts/backup.py restore --redis ADDR --in FILE [--replace]

ADDR is a Unix socket path (unix:/run/… or /run/…) or host:port, or a Redis Cluster's seed
nodes as the servers take them, cluster://h1:7001,h2:7001 (README, "Redis Cluster"): the
backup then reads every master (each district lives whole on the master of its slot) and the
restore writes each district to the master of its slot, then waits for one of its replicas
(WAIT 1, as the servers' writes do; a district no replica confirmed is named). A backup of a
cluster restores into one Redis and the other way round: the file is per district either
way. A slot that moves while the tool runs (MOVED, ASK) stops it: run it again. Operators log in as the
`admin` Redis user (deploy/redis/users.acl): --user admin --password-file
/etc/devplan/redis-admin-password. The servers' own user may not read every key's DUMP.

What a district's backup is: every key under its hash tag "{CODE}" (services/common/redis_keys.h:
facts, request ids with their time to live, plans, month-end snapshots, the audit trail, the
data version), each as Redis's own DUMP payload, read in one MULTI/EXEC. Every acknowledged
write bumps the district's data version in the same script as the write, so a snapshot whose
version is the one read before its keys were listed holds exactly one moment of the district:
no write half in it. When a write lands in between, the district is read again by one script
that lists and dumps its keys at once (ATOMIC_SNAPSHOT: it scans the keyspace, blocking Redis
for about half a second per million keys). Districts are independent (a scorecard reads one district), so each is
consistent on its own; for one moment of the whole Redis, copy its AOF directory instead.

Restore writes each key with RESTORE (keeping its remaining time to live), refuses a district
that already has data unless --replace, bumps each restored district's data version (no server
may serve a card or facts it cached from before; the cards computed afterwards are those of the
backup), and puts the districts with a plan back into the index of plans (agg:plan_districts).
The payloads are Redis's: restore into the same Redis major version or a later one.

File: gzip of JSON lines — a header, then per district one line and one line per key (base64
payload). SCAN_COUNT keys per SCAN step."""
import argparse
import base64
import datetime
import gzip
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from devplan_tools.redis_client import Redis  # noqa: E402

FORMAT = "devplan-backup/1"
SCAN_COUNT = 1000
TAG = re.compile(r"\{(\d{6})\}")
PLAN_DISTRICTS = "agg:plan_districts"  # the one key outside every district (redis_keys.h)


CLUSTER = "cluster://"
# How long a restored district waits for a replica of its master (Redis Cluster).
REPLICA_WAIT_MS = 5000


def connect(args, address=None):
    r = Redis(address or args.redis, binary=True)
    if args.password_file:
        with open(args.password_file, encoding="utf-8") as f:
            r("AUTH", args.user, f.read().strip())
    return r


class Nodes:
    """The Redis the tool works on: one, or a Redis Cluster's masters, each with a connection,
    and which of them serves a key."""

    def __init__(self, args):
        self.cluster = args.redis.startswith(CLUSTER)
        if not self.cluster:
            self.masters = [connect(args)]
            self.ranges = []
            return
        seeds = [a for a in args.redis[len(CLUSTER):].split(",") if a]
        if not seeds:
            raise ValueError("--redis: cluster:// names no seed node")
        slots, errors = None, []
        for seed in seeds:
            try:
                seed_conn = connect(args, seed)
                slots = seed_conn("CLUSTER", "SLOTS")
                seed_conn.close()
                break
            except (OSError, RuntimeError) as e:
                errors.append("%s: %s" % (seed, e))
        if slots is None:
            raise ConnectionError("no seed node answered CLUSTER SLOTS: " + "; ".join(errors))
        by_address = {}
        self.ranges = []  # (first slot, last slot, master's connection)
        for first, last, master, *_ in slots:
            address = "%s:%d" % (text(master[0]), master[1])
            if address not in by_address:
                by_address[address] = connect(args, address)
            self.ranges.append((first, last, by_address[address]))
        self.masters = list(by_address.values())

    def for_key(self, key):
        """The connection of the master serving `key`."""
        if not self.cluster:
            return self.masters[0]
        slot = self.masters[0]("CLUSTER", "KEYSLOT", key)
        for first, last, conn in self.ranges:
            if first <= slot <= last:
                return conn
        raise RuntimeError("redis: slot %d of %s is served by no master (CLUSTERDOWN?)" % (slot, key))

    def for_district(self, district):
        return self.for_key("ver:{%s}" % district)

    def wait_for_replica(self, conn):
        """True when one replica has everything written on `conn` (always, on one Redis)."""
        return not self.cluster or conn("WAIT", 1, REPLICA_WAIT_MS) >= 1


def text(b):
    return b.decode() if isinstance(b, bytes) else b


def scan(r, pattern="*"):
    cursor = b"0"
    while True:
        cursor, keys = r("SCAN", cursor, "MATCH", pattern, "COUNT", SCAN_COUNT)
        yield from (text(k) for k in keys)
        if cursor == b"0":
            return


def district_keys(r, wanted):
    """(district → its keys, district → its version read before the keys were listed) on one
    Redis (one master of a cluster). `wanted` None: every district found."""
    if wanted is not None:
        districts = list(wanted)
    else:
        districts = sorted({TAG.search(k).group(1) for k in scan(r, "ver:{*}") if TAG.search(k)})
    versions = dict(zip(districts, pipeline(r, [("GET", "ver:{%s}" % d) for d in districts])))
    by_district = {d: [] for d in districts}
    others = set()
    for k in scan(r):
        m = TAG.search(k)
        if m and m.group(1) in by_district:
            by_district[m.group(1)].append(k)
        elif not m and k != PLAN_DISTRICTS:
            others.add(k)
    if others and wanted is None:
        print("not in any district, not backed up: %s" % ", ".join(sorted(others)[:10]), file=sys.stderr)
    return {d: sorted(keys) for d, keys in by_district.items()}, versions


def pipeline(r, commands):
    for c in commands:
        r.send(*c)
    return [r.reply() for _ in commands]


def transaction(r, commands):
    """MULTI, `commands`, EXEC in one pipelined round trip; EXEC's replies."""
    return pipeline(r, [("MULTI",)] + commands + [("EXEC",)])[-1]


# One moment of a district whatever its writers do: its keys listed and dumped inside one
# script. It scans the whole keyspace for the district's tag, blocking Redis meanwhile (about
# half a second per million keys), so it is the fallback when a write lands between the
# listing and the dump.
ATOMIC_SNAPSHOT = """
local out = {redis.call('GET', KEYS[1]) or '0'}
local cursor = '0'
repeat
  local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 10000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do
    out[#out + 1] = k
    out[#out + 1] = redis.call('PTTL', k)
    out[#out + 1] = redis.call('DUMP', k)
  end
until cursor == '0'
return out
"""


def snapshot(r, district, keys, listed_at):
    """(version, [(key, pttl, payload)], read again) of one moment of the district. `keys` were listed
    after its version was `listed_at`: when the version is still that, no write has added or
    removed a key since, and the listed keys' dumps in one transaction are that moment."""
    ver = "ver:{%s}" % district
    commands = [("GET", ver)]
    for k in keys:
        commands += [("PTTL", k), ("DUMP", k)]
    replies = transaction(r, commands)
    now, rest = replies[0], replies[1:]
    if now == listed_at and all(p is not None for p in rest[1::2]):
        return int(now or 0), [(k, rest[2 * i], rest[2 * i + 1]) for i, k in enumerate(keys)], False
    flat = r("EVAL", ATOMIC_SNAPSHOT, 1, ver, "*{%s}*" % district)
    entries = sorted((text(flat[i]), flat[i + 1], flat[i + 2]) for i in range(1, len(flat), 3))
    return int(flat[0]), entries, True


def backup(args):
    nodes = Nodes(args)
    start = time.monotonic()
    # Each master's districts, listed and dumped on it; --district names are sent to their
    # slot's master.
    work = []  # (connection, district, its keys, its version when listed)
    for r in nodes.masters:
        wanted = None
        if args.district:
            wanted = [d for d in args.district if nodes.for_district(d) is r]
        by_district, versions = district_keys(r, wanted)
        work += [(r, d, keys, versions[d]) for d, keys in by_district.items()]
    work.sort(key=lambda w: w[1])
    total_keys = total_bytes = read_again = 0
    with gzip.open(args.out + ".tmp", "wt", encoding="ascii") as out:
        out.write(json.dumps({"format": FORMAT, "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
                              "redis_version": redis_version(nodes.masters[0]), "masters": len(nodes.masters),
                              "districts": [w[1] for w in work]}) + "\n")
        for r, district, keys, listed_at in work:
            version, entries, again = snapshot(r, district, keys, listed_at)
            read_again += again
            out.write(json.dumps({"district": district, "version": version, "keys": len(entries)}) + "\n")
            for key, pttl, payload in entries:
                out.write(json.dumps({"key": key, "pttl": pttl, "dump": base64.b64encode(payload).decode()}) + "\n")
                total_bytes += len(payload)
            total_keys += len(entries)
    os.replace(args.out + ".tmp", args.out)  # a backup file is whole or absent
    print("backed up %d districts (%d read again, a write having landed), %d keys, %.1f MB of "
          "payloads from %d master%s in %.1f s to %s" % (
              len(work), read_again, total_keys, total_bytes / 1e6, len(nodes.masters),
              "s" if len(nodes.masters) > 1 else "", time.monotonic() - start, args.out))


def redis_version(r):
    for line in text(r("INFO", "server")).split("\r\n"):
        if line.startswith("redis_version:"):
            return line.split(":", 1)[1]
    return ""


def read_backup(path):
    """(header, [(district, version, [(key, pttl, payload)])]), checked whole before anything
    is restored."""
    with gzip.open(path, "rt", encoding="ascii") as f:
        header = json.loads(f.readline())
        if header.get("format") != FORMAT:
            raise ValueError("%s: not a %s file" % (path, FORMAT))
        districts = []
        for line in f:
            rec = json.loads(line)
            if "district" in rec:
                districts.append((rec["district"], rec["version"], []))
                continue
            if not districts or TAG.search(rec["key"]).group(1) != districts[-1][0]:
                raise ValueError("%s: key %s outside its district" % (path, rec["key"]))
            districts[-1][2].append((rec["key"], rec["pttl"], base64.b64decode(rec["dump"])))
    for district, _, keys in districts:
        if header["districts"].count(district) != 1:
            raise ValueError("%s: district %s not in the header once" % (path, district))
    return header, districts


def restore(args):
    header, districts = read_backup(args.input)
    nodes = Nodes(args)
    start = time.monotonic()
    if not args.replace:
        # Every write bumps its district's version: a district with data has one.
        present = [d for d, _, _ in districts if nodes.for_district(d)("EXISTS", "ver:{%s}" % d)]
        if present:
            print("refused: these districts already have data (--replace overwrites them): %s"
                  % ", ".join(present), file=sys.stderr)
            return 1
    keys = 0
    unconfirmed = []
    for district, _, entries in districts:
        r = nodes.for_district(district)
        # One transaction per district: a server never sees half of it restored.
        commands = [("DEL", k) for k in scan(r, "*{%s}*" % district)] if args.replace else []
        for key, pttl, payload in entries:
            commands.append(("RESTORE", key, pttl if pttl > 0 else 0, payload, "REPLACE"))
        commands.append(("INCR", "ver:{%s}" % district))
        transaction(r, commands)
        if not nodes.wait_for_replica(r):
            unconfirmed.append(district)
        if any(k == "agg:{%s}:plan_current" % district for k, _, _ in entries):
            nodes.for_key(PLAN_DISTRICTS)("SADD", PLAN_DISTRICTS, district)
        keys += len(entries)
    print("restored %d districts, %d keys (backup of %s, Redis %s) into %d master%s in %.1f s" % (
        len(districts), keys, header["created"], header["redis_version"], len(nodes.masters),
        "s" if len(nodes.masters) > 1 else "", time.monotonic() - start))
    if unconfirmed:
        print("no replica confirmed within %d ms (restored on their master only; a failover now would "
              "lose them): %s" % (REPLICA_WAIT_MS, ", ".join(unconfirmed)), file=sys.stderr)
        return 3
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("backup", "restore"):
        p = sub.add_parser(name)
        p.add_argument("--redis", required=True,
                       help="unix:/path, /path, host:port, or a Redis Cluster's seeds cluster://h1:p1,h2:p2")
        p.add_argument("--user", default="admin")
        p.add_argument("--password-file", help="the Redis user's password (AUTH); none: no AUTH")
        if name == "backup":
            p.add_argument("--district", action="append", default=[],
                           help="GB/T 2260 code; repeat for several; none: every district")
            p.add_argument("--out", required=True)
        else:
            p.add_argument("--in", dest="input", required=True)
            p.add_argument("--replace", action="store_true",
                           help="overwrite districts that already have data")
    args = parser.parse_args()
    for d in getattr(args, "district", []):
        if not re.fullmatch(r"\d{6}", d):
            parser.error("--district: %r is not a six-digit GB/T 2260 code" % d)
    try:
        if args.command == "backup":
            backup(args)
            return 0
        return restore(args)
    except RuntimeError as e:
        if re.match(r"redis: (MOVED|ASK|TRYAGAIN|CLUSTERDOWN)", str(e)):
            print("the cluster's slots moved or are down while %s ran (%s): run it again" % (args.command, e),
                  file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
