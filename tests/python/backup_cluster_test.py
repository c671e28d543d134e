#!/usr/bin/python3
"""scripts/backup.py on a Redis Cluster (issue #16). The SAMPLE data of both districts, whose
slots are on different masters, is loaded into a suite on a private 3-master/3-replica cluster
and backed up from every master; restored into a second cluster, and into a single Redis,
the cards, the ranking and the audit trails read there are those of the first suite. A
restore over districts that have data is refused without --replace; --district takes one
district from its master alone. And the cluster's replicas replicate as the ACL's replicator
user, which may run nothing but replication."""
import gzip
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from backup_restore_test import cards, run  # noqa: E402
from devplan_tools.redis_client import Redis  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import districts  # noqa: E402

DISTRICTS = ["410108", "410102"]


class BackupClusterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="devplan-backup-cluster-")
        cls.source = Suite(cluster=True)
        cls.source.start()
        districts.load(cls.source, years=(2024,))
        cluster = cls.source.cluster
        masters = {cluster.master_of(cluster.run(0, "CLUSTER", "KEYSLOT", "ver:{%s}" % d)) for d in DISTRICTS}
        assert len(masters) == 2, "the two districts on different masters"
        cls.expected = cards(cls.source, DISTRICTS)
        cls.path = os.path.join(cls.tmp, "all.jsonl.gz")
        cls.done = run("backup", "--redis", cls.source.redis_addr, "--out", cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.source.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def restored_into(self, target):
        target.start()
        self.addCleanup(target.stop)
        done = run("restore", "--redis", target.redis_addr, "--in", self.path)
        self.assertEqual(done.returncode, 0, done.stderr)
        print(done.stdout.strip())
        return done

    def assert_reads_the_same(self, target):
        got = cards(target, DISTRICTS)
        self.assertEqual(set(got), set(self.expected))
        for k in self.expected:
            self.assertEqual(got[k], self.expected[k], k)
        self.assertGreater(len(got[("audit", "410108")]), 0)

    def test_1_backup_reads_every_master(self):
        self.assertEqual(self.done.returncode, 0, self.done.stderr)
        print(self.done.stdout.strip())
        self.assertIn("backed up 2 districts", self.done.stdout)
        self.assertIn("from 3 masters", self.done.stdout)

    def test_2_restored_into_a_cluster(self):
        target = Suite(cluster=True)
        done = self.restored_into(target)
        self.assertIn("into 3 masters", done.stdout)
        self.assert_reads_the_same(target)
        again = run("restore", "--redis", target.redis_addr, "--in", self.path)
        self.assertEqual(again.returncode, 1)
        self.assertIn("already have data", again.stderr)
        forced = run("restore", "--redis", target.redis_addr, "--in", self.path, "--replace")
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assert_reads_the_same(target)

    def test_3_restored_into_one_redis(self):
        target = Suite()
        self.restored_into(target)
        self.assert_reads_the_same(target)

    def test_4_one_district_from_its_master(self):
        path = os.path.join(self.tmp, "410102.jsonl.gz")
        done = run("backup", "--redis", self.source.redis_addr, "--district", "410102", "--out", path)
        self.assertEqual(done.returncode, 0, done.stderr)
        with gzip.open(path, "rt", encoding="ascii") as f:
            lines = [json.loads(line) for line in f]
        self.assertEqual(lines[0]["districts"], ["410102"])
        keys = [rec["key"] for rec in lines[2:]]
        self.assertGreater(len(keys), 0)
        self.assertTrue(all("{410102}" in k for k in keys), keys[:5])

    def test_5_replicas_log_in_as_the_replicator_which_reads_nothing(self):
        """The cluster replicates as deploy/redis/users.acl's `replicator` (+psync +replconf
        +ping), the user deploy/redis/cluster.conf gives the replicas; it may run nothing else."""
        cluster = self.source.cluster
        for i in range(cluster.n):
            self.assertEqual(cluster.run(i, "CONFIG", "GET", "masteruser"), ["masteruser", "replicator"])
        # Every replica's link up, as a wait: on a loaded machine (cluster-node-timeout 1 s) a
        # link may be down for a moment, which one look at the instant could take for a failure.
        cluster.wait_healthy(20)
        with open(cluster.replicator_password_file, encoding="ascii") as f:
            password = f.read().strip()
        r = Redis("127.0.0.1:%d" % cluster.ports[0])
        try:
            self.assertEqual(r("AUTH", "replicator", password), "OK")
            self.assertEqual(r("PING"), "PONG")
            for command in (("GET", "ver:{410108}"), ("KEYS", "*"), ("CONFIG", "GET", "*")):
                with self.assertRaisesRegex(RuntimeError, "NOPERM"):
                    r(*command)
        finally:
            r.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
