#!/usr/bin/python3
"""Backup and restore (scripts/backup.py) over real suites.

The SAMPLE data of both districts is loaded into one suite and backed up, whole and one
district alone; each backup is restored into a fresh suite's empty Redis, and the cards,
the ranking and the audit trail read there are those of the first suite. A restore over a
district that has data is refused without --replace, and a backup taken while a writer keeps
writing holds whole writes only."""
import datetime
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import ROOT, date, scorecard_pb2, scorecard_pb2_grpc, social_pb2  # noqa: E402
from devplan_tools.stubs import social_pb2_grpc, grpc  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.sample import districts, social  # noqa: E402

BACKUP = os.path.join(ROOT, "scripts", "backup.py")
S = scorecard_pb2
DATES = [(2024, 3, 31), (2024, 9, 30), (2024, 11, 15)]


def run(*args):
    return subprocess.run(["/usr/bin/python3", BACKUP] + list(args), capture_output=True, text=True)


def cards(suite, districts):
    """What a reader sees: each district's card at DATES (compute times cleared), the ranking,
    and the audit trail's entries."""
    out = {}
    with suite.channel("aggregator", "dashboard") as ch, suite.channel("aggregator", "auditor") as ach:
        stub = scorecard_pb2_grpc.ScorecardServiceStub(ch)
        for d in districts:
            for y, m, day in DATES:
                c = stub.GetScorecard(S.GetScorecardRequest(district=d, as_of=date(datetime.date(y, m, day))), timeout=30)
                c.ClearField("compute_time")
                out[(d, y, m, day)] = c.SerializeToString(deterministic=True)
        cmp = stub.CompareDistricts(S.CompareDistrictsRequest(as_of=date(datetime.date(2024, 9, 30))), timeout=30)
        cmp.ClearField("compute_time")
        out["compare"] = cmp.SerializeToString(deterministic=True)
        audit = scorecard_pb2_grpc.ScorecardServiceStub(ach)
        for d in districts:
            page = audit.ListAuditEntries(S.ListAuditEntriesRequest(parent="districts/" + d, page_size=1000),
                                          timeout=30)
            out[("audit", d)] = [e.SerializeToString(deterministic=True) for e in page.entries]
    return out


class BackupRestoreTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="devplan-backup-")
        cls.source = Suite()
        cls.source.start()
        districts.load(cls.source, years=(2024,))

    @classmethod
    def tearDownClass(cls):
        cls.source.stop()

    def restored(self, backup_file):
        target = Suite()
        target.start()
        self.addCleanup(target.stop)
        done = run("restore", "--redis", target.redis_socket, "--in", backup_file)
        self.assertEqual(done.returncode, 0, done.stderr)
        return target, done

    def test_everything_restored_reads_the_same(self):
        expected = cards(self.source, ["410108", "410102"])  # after any other test's writes
        path = os.path.join(self.tmp, "all.jsonl.gz")
        done = run("backup", "--redis", self.source.redis_socket, "--out", path)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("backed up 2 districts", done.stdout)
        print(done.stdout.strip())
        target, restored = self.restored(path)
        print(restored.stdout.strip())
        got = cards(target, ["410108", "410102"])
        self.assertEqual(set(got), set(expected))
        for k in expected:
            self.assertEqual(got[k], expected[k], k)
        self.assertGreater(len(got[("audit", "410108")]), 0)
        # Over data already there: refused, naming the districts, nothing changed.
        again = run("restore", "--redis", target.redis_socket, "--in", path)
        self.assertEqual(again.returncode, 1)
        self.assertIn("410108, 410102", again.stderr.replace("410102, 410108", "410108, 410102"))
        forced = run("restore", "--redis", target.redis_socket, "--in", path, "--replace")
        self.assertEqual(forced.returncode, 0, forced.stderr)
        self.assertEqual(cards(target, ["410108", "410102"])["compare"], expected["compare"])

    def test_one_district_alone(self):
        with self.source.channel("aggregator", "dashboard") as ch:
            c = scorecard_pb2_grpc.ScorecardServiceStub(ch).GetScorecard(
                S.GetScorecardRequest(district="410102", as_of=date(datetime.date(2024, 9, 30))), timeout=30)
            c.ClearField("compute_time")
            self.expected_410102 = c.SerializeToString(deterministic=True)
        path = os.path.join(self.tmp, "410102.jsonl.gz")
        done = run("backup", "--redis", self.source.redis_socket, "--district", "410102", "--out", path)
        self.assertEqual(done.returncode, 0, done.stderr)
        target, _ = self.restored(path)
        with target.channel("aggregator", "dashboard") as ch:
            stub = scorecard_pb2_grpc.ScorecardServiceStub(ch)
            c = stub.GetScorecard(S.GetScorecardRequest(district="410102", as_of=date(datetime.date(2024, 9, 30))), timeout=30)
            c.ClearField("compute_time")
            self.assertEqual(c.SerializeToString(deterministic=True), self.expected_410102)
            cmp = stub.CompareDistricts(S.CompareDistrictsRequest(as_of=date(datetime.date(2024, 9, 30))), timeout=30)
            self.assertEqual([r.district for r in cmp.districts], ["410102"])
        self.assertEqual(target.redis("EXISTS", "ver:{410108}"), 0)

    def test_a_backup_under_writes_holds_whole_writes(self):
        """A writer revises one month's figure again and again. Each write bumps the district's
        version by one and the figure's revision by one in one script, so in a backup of one
        moment the two have moved by the same amount; a backup mixing moments would not."""
        name = "districts/410102/monthlyFigures/SOCIAL_INDICATOR_NEW_URBAN_JOBS/2024-12"

        def revision(suite):
            with suite.reporting_channel("social", "410102") as ch:
                try:
                    return social_pb2_grpc.SocialServiceStub(ch).GetMonthlyFigure(
                        social_pb2.GetMonthlyFigureRequest(name=name), timeout=10).revision
                except grpc.RpcError as e:
                    if e.code() != grpc.StatusCode.NOT_FOUND:
                        raise
                    return 0
        v0, r0 = int(self.source.redis("GET", "ver:{410102}")), revision(self.source)
        stop = threading.Event()
        written = []

        def writer():
            with self.source.reporting_channel("social", "410102") as ch:
                stub = social_pb2_grpc.SocialServiceStub(ch)
                while not stop.is_set():
                    stub.ReportMonthlyFigure(social_pb2.ReportMonthlyFigureRequest(
                        district="410102", indicator=social_pb2.SOCIAL_INDICATOR_NEW_URBAN_JOBS,
                        month=date(datetime.date(2024, 12, 1)), value=len(written) + 1, reported_by=social.HRSS,
                        note="backup test"), timeout=10)
                    written.append(1)
        t = threading.Thread(target=writer)
        t.start()
        try:
            paths = []
            for i in range(3):
                paths.append(os.path.join(self.tmp, "busy-%d.jsonl.gz" % i))
                done = run("backup", "--redis", self.source.redis_socket, "--district", "410102", "--out", paths[-1])
                self.assertEqual(done.returncode, 0, done.stderr)
                print(done.stdout.strip())
        finally:
            stop.set()
            t.join()
        self.assertGreater(len(written), 0)
        versions = []
        for path in paths:
            with gzip.open(path, "rt", encoding="ascii") as f:
                f.readline()
                version = json.loads(f.readline())["version"]
            versions.append(version)
            target, _ = self.restored(path)
            self.assertEqual(version - v0, revision(target) - r0, path)
        self.assertGreater(max(versions), v0, "the writer wrote while backups were taken")


if __name__ == "__main__":
    unittest.main()
