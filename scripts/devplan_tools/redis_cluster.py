"""A private Redis Cluster for a suite (issue #16): masters and replicas on loopback, each its
own redis-server with the project's redis.conf and the suite's ACL, a Unix socket for the
suite's own look (Redis default user, open on the private socket as in redis_acl.py) and a
TCP port the servers reach it on (--redis cluster://…). Ports are probed free (bound to 0,
read back, released) just before the start; cluster-node-timeout is 1000 ms. Assembled as
tests/support/redis_cluster.cc does: ADDSLOTSRANGE, MEET, REPLICATE, then wait until every
node says cluster_state:ok and every replica is in sync."""
import os
import socket
import subprocess
import time

from .children import die_with_parent
from .redis_client import Redis
from .stubs import ROOT

SLOTS = 16384


def free_ports(n):
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


class RedisCluster:
    def __init__(self, directory, acl, masters=3, replicas_per_master=1, replicator_password_file=None):
        self.dir = directory
        self.acl = acl
        # Replicas log in to their master as the ACL's `replicator` (deploy/redis/users.acl),
        # as deployed; every node gets it, since a master may become a replica after a failover.
        self.replicator_password_file = replicator_password_file
        self.masters = masters
        self.n = masters * (1 + replicas_per_master)
        ports = free_ports(2 * self.n)
        self.ports, self.bus_ports = ports[:self.n], ports[self.n:]
        self.procs = {}

    def socket(self, i):
        return os.path.join(self.dir, "node%d" % i, "redis.sock")

    def address(self):
        return "cluster://" + ",".join("127.0.0.1:%d" % p for p in self.ports)

    def run(self, i, *args):
        client = Redis(self.socket(i))
        try:
            return client(*args)
        finally:
            client.close()

    def start_node(self, i, log):
        node_dir = os.path.join(self.dir, "node%d" % i)
        os.makedirs(node_dir, exist_ok=True)
        conf = os.path.join(ROOT, "deploy", "redis", "redis.conf")
        self.procs[i] = subprocess.Popen(
            ["redis-server", conf, "--port", str(self.ports[i]), "--unixsocket", self.socket(i),
             "--unixsocketperm", "700", "--dir", node_dir, "--aclfile", self.acl,
             "--daemonize", "no", "--cluster-enabled", "yes",
             "--cluster-port", str(self.bus_ports[i]), "--cluster-node-timeout", "1000",
             "--cluster-config-file", "nodes.conf", "--repl-diskless-sync-delay", "0"] + self._replication_login(),
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
            preexec_fn=die_with_parent())
        self._wait(lambda: self.run(i, "PING") == "PONG", "node %d did not start" % i, 10)

    def _replication_login(self):
        if not self.replicator_password_file:
            return []
        with open(self.replicator_password_file, encoding="ascii") as f:
            return ["--masteruser", "replicator", "--masterauth", f.read().strip()]

    def start(self, log):
        for i in range(self.n):
            self.start_node(i, log)
        for m in range(self.masters):
            self.run(m, "CLUSTER", "ADDSLOTSRANGE", SLOTS * m // self.masters,
                     SLOTS * (m + 1) // self.masters - 1)
        for i in range(1, self.n):
            self.run(i, "CLUSTER", "MEET", "127.0.0.1", self.ports[0], self.bus_ports[0])

        def met():
            for i in range(self.n):
                nodes = self.run(i, "CLUSTER", "NODES")
                if "handshake" in nodes or nodes.count("\n") != self.n:
                    return False
            return True
        self._wait(met, "the nodes did not all meet", 60)
        for i in range(self.masters, self.n):
            master = self.run((i - self.masters) % self.masters, "CLUSTER", "MYID")
            self._wait(lambda: self._ok(i, "CLUSTER", "REPLICATE", master), "REPLICATE refused", 30)
        self.wait_healthy()

    def wait_healthy(self, seconds=60):
        """Until every running node says cluster_state:ok and every replica is in sync."""
        self._wait(self.healthy, "the cluster did not become healthy", seconds)

    def _ok(self, i, *args):
        try:
            self.run(i, *args)
            return True
        except Exception:  # an error reply: not yet
            return False

    def healthy(self):
        for i, p in self.procs.items():
            if p.poll() is not None:
                continue
            if "cluster_state:ok" not in self.run(i, "CLUSTER", "INFO"):
                return False
            repl = self.run(i, "INFO", "replication")
            if "role:slave" in repl and "master_link_status:up" not in repl:
                return False
        return True

    @staticmethod
    def _wait(done, what, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if done():
                    return
            except (OSError, RuntimeError):  # not listening yet, or an error reply (LOADING)
                pass
            time.sleep(0.05)
        raise RuntimeError("redis cluster: " + what)

    def master_of(self, slot):
        """The node serving `slot` now, as a live node's CLUSTER SLOTS says (None: none)."""
        for i, p in self.procs.items():
            if p.poll() is not None:
                continue
            for start, end, master, *_ in self.run(i, "CLUSTER", "SLOTS"):
                if start <= slot <= end:
                    return self.ports.index(int(master[1]))
            return None
        return None

    def kill(self, i):
        """kill -9 of node i: no shutdown, nothing flushed."""
        p = self.procs[i]
        p.kill()
        p.wait()

    def restart(self, i, log):
        """Node i again, from its nodes.conf and AOF: a failed-over master returns as a replica."""
        self.start_node(i, log)

    def stop(self):
        for p in self.procs.values():
            if p.poll() is None:
                p.terminate()
        for p in self.procs.values():
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = {}
