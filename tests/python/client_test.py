#!/usr/bin/python3
"""A Python client generated from protos/ calls every service of a running suite.

Keeps the protos usable from other languages (Debian's python3-grpcio, stubs from the
system protoc and grpc_python_plugin) over TLS with client certificates and bearer tokens,
as a department's system would call a deployed suite; checks the health contract: SERVING
while Redis is up, NOT_SERVING (or UNAVAILABLE on calls) while it is stopped, SERVING again by
itself once it is back, on the TLS port without credentials and on the plaintext health port;
and that the real binaries apply the access policy (deploy/auth/policy.textproto)."""
import datetime
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))

from devplan_tools.stubs import (BUILD_DIR, grpc, date, common_pb2, investment_pb2, investment_pb2_grpc,  # noqa: E402
                                 environment_pb2, environment_pb2_grpc, social_pb2,
                                 social_pb2_grpc, scorecard_pb2, scorecard_pb2_grpc,
                                 health_pb2, health_pb2_grpc)
from devplan_tools.sample import plans  # noqa: E402
from devplan_tools.suite import Suite, SERVICES  # noqa: E402

D = "410108"
AS_OF = date(datetime.date(2024, 6, 30))
READER = "dashboard"
WRITER = "dev-reform-410108"  # 区发展改革委, writes to the InvestmentService in 410108


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.suite = Suite().start()
        cls.ch = {s: cls.suite.channel(s, READER) for s in SERVICES}

    @classmethod
    def tearDownClass(cls):
        cls.suite.stop()

    def test_1_every_service_is_serving(self):
        for s in SERVICES:
            self.assertEqual(self.suite.health(s), "SERVING", s)

    def test_2_domain_services_share_the_metrics_contract(self):
        stubs = [investment_pb2_grpc.InvestmentServiceStub(self.ch["investment"]),
                 environment_pb2_grpc.EnvironmentServiceStub(self.ch["environment"]),
                 social_pb2_grpc.SocialServiceStub(self.ch["social"])]
        for stub in stubs:
            defs = stub.ListMetricDefinitions(common_pb2.ListMetricDefinitionsRequest(), timeout=5)
            self.assertGreater(len(defs.definitions), 0)
            resp = stub.GetMetrics(common_pb2.GetMetricsRequest(district=D, as_of=AS_OF), timeout=5)
            self.assertEqual([m.key for m in resp.metrics], [d.key for d in defs.definitions])
            # Further dates in the same call: the same date again answers what as_of did.
            both = stub.GetMetrics(common_pb2.GetMetricsRequest(district=D, as_of=AS_OF, also_as_of=[AS_OF]),
                                   timeout=5)
            self.assertEqual(len(both.also), 1)
            self.assertEqual(both.also[0].as_of, AS_OF)
            self.assertEqual(list(both.also[0].metrics), list(resp.metrics))
            with self.assertRaises(grpc.RpcError) as bad:
                stub.GetMetrics(common_pb2.GetMetricsRequest(district="4101", as_of=AS_OF), timeout=5)
            self.assertEqual(bad.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
            self.assertIn("district", bad.exception.details())

    def test_3_a_write_flows_to_the_metric(self):
        inv = investment_pb2_grpc.InvestmentServiceStub(self.suite.channel("investment", WRITER))
        department = self.suite.department(WRITER)
        p = investment_pb2.Project(project_id="PY-1", district=D, title_zh="Python 客户端测试项目",
                                   category=investment_pb2.PROJECT_CATEGORY_INDUSTRIAL,
                                   key_project=True, total_investment_yuan=500_000_000,
                                   planned_investment_yuan=100_000_000, lead_department="测试",
                                   signed_on=date(datetime.date(2024, 1, 5)),
                                   started_on=date(datetime.date(2024, 2, 1)))
        # A rehearsal (validate_only, AIP-163) answers what the write would and stores nothing,
        # nor uses up the request_id; the service's own checks still run.
        rehearsed = inv.CreateProject(investment_pb2.CreateProjectRequest(
            project=p, reported_by=department, request_id="py-create-1", validate_only=True), timeout=5)
        self.assertEqual(rehearsed.name, "districts/410108/projects/PY-1")
        with self.assertRaises(grpc.RpcError) as absent:
            inv.GetProject(investment_pb2.GetProjectRequest(name=rehearsed.name), timeout=5)
        self.assertEqual(absent.exception.code(), grpc.StatusCode.NOT_FOUND)
        with self.assertRaises(grpc.RpcError) as unknown:
            inv.ReportMonthlyInvestment(investment_pb2.ReportMonthlyInvestmentRequest(
                parent=rehearsed.name, month=date(datetime.date(2024, 3, 1)), amount_yuan=1,
                validate_only=True), timeout=5)
        self.assertEqual(unknown.exception.code(), grpc.StatusCode.NOT_FOUND)
        created = inv.CreateProject(investment_pb2.CreateProjectRequest(
            project=p, reported_by=department, request_id="py-create-1"), timeout=5)
        self.assertEqual(created.name, "districts/410108/projects/PY-1")
        # reported_by left empty: the server fills in the caller's department.
        inv.ReportMonthlyInvestment(investment_pb2.ReportMonthlyInvestmentRequest(
            parent=created.name, month=date(datetime.date(2024, 3, 1)), amount_yuan=12_345), timeout=5)
        reader = investment_pb2_grpc.InvestmentServiceStub(self.ch["investment"])
        resp = reader.GetMetrics(common_pb2.GetMetricsRequest(
            district=D, as_of=AS_OF, keys=["investment.key_projects_investment_ytd"]), timeout=5)
        self.assertGreaterEqual(resp.metrics[0].amount_yuan, 12_345)
        self.assertEqual(list(resp.metrics[0].provenance.departments), [department])

    def test_4_scorecard_service_answers(self):
        sc = scorecard_pb2_grpc.ScorecardServiceStub(self.ch["aggregator"])
        with self.assertRaises(grpc.RpcError) as missing:
            sc.GetScorecard(scorecard_pb2.GetScorecardRequest(district="410102", as_of=AS_OF), timeout=5)
        self.assertEqual(missing.exception.code(), grpc.StatusCode.NOT_FOUND)
        plans = sc.ListPlans(scorecard_pb2.ListPlansRequest(), timeout=5)
        self.assertEqual(len(plans.plans), 0)

    def test_5_health_follows_redis(self):
        self.suite.stop_redis()
        for s in SERVICES:
            self.suite.wait_health(s, "NOT_SERVING", timeout=10)
        inv = investment_pb2_grpc.InvestmentServiceStub(self.ch["investment"])
        with self.assertRaises(grpc.RpcError) as down:
            inv.ListProjects(investment_pb2.ListProjectsRequest(district=D), timeout=5)
        self.assertEqual(down.exception.code(), grpc.StatusCode.UNAVAILABLE)
        self.suite.start_redis()
        for s in SERVICES:
            self.suite.wait_health(s, "SERVING", timeout=10)
        # Acknowledged before the outage, so still there after it (AOF).
        got = inv.GetProject(investment_pb2.GetProjectRequest(name="districts/410108/projects/PY-1"), timeout=5)
        self.assertEqual(got.title_zh, "Python 客户端测试项目")

    def test_6_health_answers_anyone_on_both_ports_and_nothing_else_is_plaintext(self):
        for s in SERVICES:
            self.assertEqual(self.suite.health(s), "SERVING", s)  # TLS, no credentials
            self.assertEqual(self.suite.health(s, plaintext_port=True), "SERVING", s)
        with grpc.insecure_channel(self.suite.health_addr("investment")) as ch:
            with self.assertRaises(grpc.RpcError) as only_health:
                investment_pb2_grpc.InvestmentServiceStub(ch).ListProjects(
                    investment_pb2.ListProjectsRequest(district=D), timeout=5)
            self.assertEqual(only_health.exception.code(), grpc.StatusCode.UNIMPLEMENTED)
        with grpc.insecure_channel(self.suite.addr("investment")) as ch:
            with self.assertRaises(grpc.RpcError) as plaintext:
                health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=5)
            self.assertEqual(plaintext.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_7_every_call_needs_an_identity_the_policy_allows(self):
        request = investment_pb2.ListProjectsRequest(district=D)
        with self.suite.channel("investment") as anonymous:
            with self.assertRaises(grpc.RpcError) as e:
                investment_pb2_grpc.InvestmentServiceStub(anonymous).ListProjects(request, timeout=5)
            self.assertEqual(e.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
            # A bearer token is an identity too.
            token = [("authorization", "Bearer " + self.suite.token(READER))]
            got = investment_pb2_grpc.InvestmentServiceStub(anonymous).ListProjects(
                request, metadata=token, timeout=5)
            self.assertGreaterEqual(got.total_size, 1)
            expired = [("authorization", "Bearer " + self.suite.token(READER, "--exp-at", "1000000000"))]
            with self.assertRaises(grpc.RpcError) as e:
                investment_pb2_grpc.InvestmentServiceStub(anonymous).ListProjects(
                    request, metadata=expired, timeout=5)
            self.assertEqual(e.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        social = social_pb2_grpc.SocialServiceStub(self.suite.channel("social", WRITER))
        figure = social_pb2.ReportMonthlyFigureRequest(
            district=D, indicator=social_pb2.SOCIAL_INDICATOR_NEW_URBAN_JOBS,
            month=date(datetime.date(2024, 3, 1)), value=10)
        with self.assertRaises(grpc.RpcError) as e:
            social.ReportMonthlyFigure(figure, timeout=5)  # another service's write
        self.assertEqual(e.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        hrss = social_pb2_grpc.SocialServiceStub(self.suite.channel("social", "hr-social-security-410108"))
        hrss.ReportMonthlyFigure(figure, timeout=5)
        figure.district = "410102"
        with self.assertRaises(grpc.RpcError) as e:
            hrss.ReportMonthlyFigure(figure, timeout=5)  # another district
        self.assertEqual(e.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        self.assertIn("410102", e.exception.details())

    def test_8_the_aggregator_reaches_the_domain_services_as_itself(self):
        plans.load(self.suite.channel("aggregator", "plan-admin"), log=lambda _: None)
        sc = scorecard_pb2_grpc.ScorecardServiceStub(self.ch["aggregator"])
        card = sc.GetScorecard(scorecard_pb2.GetScorecardRequest(district=D, as_of=AS_OF), timeout=10)
        self.assertEqual(list(card.failed_sources), [])
        self.assertGreater(len(card.indicators), 50)
        with self.assertRaises(grpc.RpcError) as e:
            scorecard_pb2_grpc.ScorecardServiceStub(self.suite.channel("aggregator", WRITER)).PutPlan(
                scorecard_pb2.PutPlanRequest(plan=plans.read_plan(plans.plan_files()[0])), timeout=10)
        self.assertEqual(e.exception.code(), grpc.StatusCode.PERMISSION_DENIED)

    def test_9_a_port_already_served_is_not_shared(self):
        """A second server given a port the suite's investment server (TLS) or its plaintext
        health port already serves does not start: gRPC's default SO_REUSEPORT would have let
        it bind too and take part of the port's connections (services/common/server_options.h)."""
        binary = os.path.join(BUILD_DIR, "services", "investment", "investment_server")
        for port_flag, taken in (("--listen", self.suite.addr("investment")),
                                 ("--health-listen", self.suite.health_addr("investment"))):
            args = self.suite.server_args("investment", ports=False)
            if port_flag == "--health-listen":
                args += ["--listen", "127.0.0.1:0"]
            args += [port_flag, taken]
            second = subprocess.run([binary] + args, env=self.suite.env(), capture_output=True, text=True,
                                    timeout=60)
            self.assertNotEqual(second.returncode, 0, port_flag)
            self.assertIn("cannot listen on %s" % taken, second.stdout + second.stderr, port_flag)
        # The suite's own server still answers on it.
        self.assertEqual(self.suite.health("investment"), "SERVING")


if __name__ == "__main__":
    unittest.main(verbosity=2)
