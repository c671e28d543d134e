"""Loads the plan files under deploy/plans/ into the ScorecardService (PutPlan)."""
import glob
import hashlib
import os

from google.protobuf import text_format

from ..stubs import ROOT, scorecard_pb2, scorecard_pb2_grpc


def plan_files():
    return sorted(glob.glob(os.path.join(ROOT, "deploy", "plans", "*.textproto")))


def read_plan(path):
    with open(path, encoding="utf-8") as f:
        return text_format.Parse(f.read(), scorecard_pb2.Plan())


def load(channel, log=print, files=None):
    stub = scorecard_pb2_grpc.ScorecardServiceStub(channel)
    for path in files or plan_files():
        plan = read_plan(path)
        # Same file content → same request_id → loading twice stores one version.
        with open(path, "rb") as f:
            rid = "plan-" + hashlib.sha256(f.read()).hexdigest()[:40]
        stored = stub.PutPlan(scorecard_pb2.PutPlanRequest(plan=plan, request_id=rid))
        log("plan: %s version %d (%d indicators)%s" % (stored.name, stored.version,
                                                      len(stored.indicators),
                                                      " [SAMPLE]" if stored.sample else ""))
