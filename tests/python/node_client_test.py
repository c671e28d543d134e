#!/usr/bin/python3
"""A Node.js client (tests/node/client_check.js: @grpc/grpc-js, the protos loaded at run time)
calls a suite running as deployed, over TLS with a bearer token and a client certificate, as a
department's system written in Node would.

The suite's own Python client checks what Node got: the same card, figure by figure; a write
answered with the writer's department filled in, once in the audit trail under the writer's
identity even when sent twice; a spoofed department, a reader's write, no
credentials, an expired token and plaintext to a TLS port refused with their own codes, and
none of them audited.

Needs Node.js and the packages of tests/node/package-lock.json in <build dir>/node
(scripts/node_deps.sh; scripts/test.sh runs it): exits 77 (skipped) without them."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import ROOT, BUILD_DIR, date, scorecard_pb2 as S, scorecard_pb2_grpc  # noqa: E402
from devplan_tools.sample import DISTRICT, plans, social  # noqa: E402
from devplan_tools.suite import Suite  # noqa: E402

AS_OF = datetime.date(2024, 9, 30)
READER = "dashboard"
WRITER = "hr-social-security-" + DISTRICT  # 区人力资源和社会保障局: new urban jobs, to the SocialService
CHECK = os.path.join(ROOT, "tests", "node", "client_check.js")
NODE_MODULES = os.path.join(BUILD_DIR, "node", "node_modules")


def audit_entries(suite):
    """Every audit entry of the district, oldest first."""
    with suite.channel("aggregator", "auditor") as ch:
        stub = scorecard_pb2_grpc.ScorecardServiceStub(ch)
        entries, token = [], ""
        while True:
            page = stub.ListAuditEntries(S.ListAuditEntriesRequest(parent="districts/" + DISTRICT, page_size=1000,
                                                                   page_token=token), timeout=10)
            entries += page.entries
            token = page.next_page_token
            if not token:
                return entries


class NodeClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.suite = Suite().start()
        social.load(cls.suite.reporting_channels(DISTRICT)["social"], log=lambda *a, **k: None)
        with cls.suite.channel("aggregator", "plan-admin") as ch:
            plans.load(ch, log=lambda *a, **k: None,
                       files=[f for f in plans.plan_files() if os.path.basename(f) == DISTRICT + "-2024.textproto"])
        cls.writer = WRITER
        cls.department = cls.suite.department(cls.writer)
        cls.other_department = next(i.department for i in cls.suite.policy.identities
                                    if i.department and i.department != cls.department)
        cls.audited_before = audit_entries(cls.suite)
        # Python's card before Node writes (Node reads its card before it writes too).
        with cls.suite.channel("aggregator", READER) as ch:
            cls.card = scorecard_pb2_grpc.ScorecardServiceStub(ch).GetScorecard(
                S.GetScorecardRequest(district=DISTRICT, as_of=date(AS_OF)), timeout=10)
        cert, key = cls.suite.cert_files(cls.writer)
        config = {
            "protos": os.path.join(ROOT, "protos"),
            "ca": os.path.join(cls.suite.certs, "ca.pem"),
            "aggregator": cls.suite.addr("aggregator"),
            "social": cls.suite.addr("social"),
            "district": DISTRICT,
            "as_of": AS_OF.isoformat(),
            "reader_token": cls.suite.token(READER),
            "expired_token": cls.suite.token(READER, "--exp-at", str(int(time.time()) - 120)),
            "writer_cert": cert,
            "writer_key": key,
            "other_department": cls.other_department,
            "new_jobs": 4321,
        }
        path = os.path.join(cls.suite.tmp, "node-check.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f, ensure_ascii=False)
        run = subprocess.run([shutil.which("node"), CHECK, path], capture_output=True, text=True, timeout=120,
                             env=dict(os.environ, NODE_PATH=NODE_MODULES))
        if run.returncode != 0:
            raise AssertionError("client_check.js exited %d:\n%s" % (run.returncode, run.stderr))
        cls.steps = {}
        for line in run.stdout.splitlines():
            step = json.loads(line)
            cls.steps[step["step"]] = step
        cls.config = config

    @classmethod
    def tearDownClass(cls):
        cls.suite.stop()

    def test_card_is_the_one_python_reads(self):
        step = self.steps["card"]
        self.assertEqual(step["code"], "OK", step.get("details"))
        card, got = self.card, step["reply"]

        def same(node_value, message, field, what):
            """Node's value of an optional double is null exactly when Python's is unset."""
            if message.HasField(field):
                self.assertAlmostEqual(node_value, getattr(message, field), places=9, msg=what)
            else:
                self.assertIsNone(node_value, what)

        self.assertEqual(got["district"], DISTRICT)
        same(got["overall_score"], card, "overall_score", "overall_score")
        self.assertGreater(len(card.indicators), 0)
        self.assertEqual([i["id"] for i in got["indicators"]], [i.id for i in card.indicators])
        for node, py in zip(got["indicators"], card.indicators):
            same(node["actual"], py, "actual", py.id)
            same(node["score"], py, "score", py.id)
            self.assertEqual(node["status"], S.IndicatorStatus.Name(py.status), py.id)
        # Social figures were loaded: the card is not all empty.
        self.assertTrue(any(i.HasField("actual") for i in card.indicators))

    def test_write_is_filled_in_and_audited_once(self):
        first, again = self.steps["write"], self.steps["write_again"]
        self.assertEqual(first["code"], "OK", first.get("details"))
        self.assertEqual(again["code"], "OK", again.get("details"))
        self.assertEqual(first["reply"]["reported_by"], self.department)
        self.assertEqual(first["reply"]["value"], str(self.config["new_jobs"]))
        self.assertEqual(again["reply"], first["reply"])
        new = [e for e in audit_entries(self.suite) if e.name not in {b.name for b in self.audited_before}]
        self.assertEqual(len(new), 1, [(e.method, e.identity) for e in new])
        self.assertEqual(new[0].identity, self.writer)
        self.assertEqual(new[0].department, self.department)
        self.assertEqual(new[0].resource, first["reply"]["name"])
        self.assertTrue(new[0].method.endswith("/ReportMonthlyFigure"), new[0].method)

    def test_refusals_have_their_own_codes(self):
        expected = {
            "spoofed_reported_by": "PERMISSION_DENIED",
            "reader_writes": "PERMISSION_DENIED",
            "no_credentials": "UNAUTHENTICATED",
            "expired_token": "UNAUTHENTICATED",
            "plaintext_to_tls_port": "UNAVAILABLE",
        }
        for step, code in expected.items():
            self.assertEqual(self.steps[step]["code"], code, (step, self.steps[step].get("details")))
        self.assertIn(self.other_department, self.steps["spoofed_reported_by"]["details"])


if __name__ == "__main__":
    if not shutil.which("node") or not os.path.isdir(NODE_MODULES):
        print("skipped: needs node and %s (scripts/node_deps.sh)" % NODE_MODULES)
        sys.exit(77)
    unittest.main()
