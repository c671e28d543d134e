#!/usr/bin/python3
"""scripts/plan_docs.py and scripts/check_plan.py against real plans and the real metric
definitions (the build's metric_catalog): a changed plan or definition makes --check fail with
a diff, a plan naming a metric no service defines (or in the wrong unit) is refused, fields
added to the protos later are printed instead of breaking the generator.

Environment (set by tests/docs/CMakeLists.txt): DEVPLAN_BUILD_DIR (its python/ holds the
stubs), METRIC_CATALOG (the tool), PROTOC (for the test that adds fields to the protos)."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("DEVPLAN_BUILD_DIR", os.path.join(ROOT, "build"))
CATALOG = os.environ.get("METRIC_CATALOG",
                         os.path.join(BUILD, "services", "tools", "metric_catalog"))
PROTOC = os.environ.get("PROTOC", "protoc")
PLAN_DOCS = os.path.join(ROOT, "scripts", "plan_docs.py")
CHECK_PLAN = os.path.join(ROOT, "scripts", "check_plan.py")
HUIJI = "410108-2024.textproto"

sys.path.insert(0, os.path.join(ROOT, "scripts"))
from devplan_tools.plan_docs.textproto_notes import indicator_notes  # noqa: E402


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", check=False)


def edit(path, old, new, count=1):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, count))


class PlanDocsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="plan_docs_test.")
        self.plans = os.path.join(self.tmp, "plans")
        shutil.copytree(os.path.join(ROOT, "deploy", "plans"), self.plans)
        self.doc = os.path.join(self.tmp, "plan-indicators.md")
        self.dump = os.path.join(self.tmp, "definitions.textproto")
        with open(self.dump, "wb") as f:
            f.write(subprocess.run([CATALOG], capture_output=True, check=True).stdout)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def docs(self, *extra, metrics=None, build=BUILD):
        return run(PLAN_DOCS, "--build-dir", build, "--metrics", metrics or self.dump,
                   "--plans", self.plans, "--out", self.doc, *extra)

    def read_doc(self):
        with open(self.doc, encoding="utf-8") as f:
            return f.read()

    def test_a_changed_target_fails_the_check_with_a_diff(self):
        self.assertEqual(self.docs().returncode, 0)
        first = self.read_doc()
        self.assertIn("≈ 7 % (floor 6.5 %)", first)
        self.assertEqual(self.docs("--check").returncode, 0, "a fresh file is up to date")

        edit(os.path.join(self.plans, HUIJI), "target: 7\n", "target: 9\n")
        check = self.docs("--check")
        self.assertEqual(check.returncode, 1, check.stdout + check.stderr)
        self.assertRegex(check.stdout, r"(?m)^-\| `econ.gdp_growth` .*≈ 7 % \(floor 6.5 %\)")
        self.assertRegex(check.stdout, r"(?m)^\+\| `econ.gdp_growth` .*≈ 9 % \(floor 8.5 %\)")
        self.assertIn("out of date", check.stderr)
        self.assertEqual(self.read_doc(), first, "--check writes nothing")

    def test_a_changed_metric_definition_fails_the_check(self):
        self.assertEqual(self.docs().returncode, 0)
        edit(self.dump, 'description: "Key projects (', 'description: "CHANGED Key projects (')
        check = self.docs("--check")
        self.assertEqual(check.returncode, 1)
        self.assertRegex(check.stdout, r"(?m)^\+\| `proj.key_projects` .*\| CHANGED Key projects")

    def test_the_output_is_the_same_from_any_directory(self):
        self.assertEqual(self.docs().returncode, 0)
        again = run(PLAN_DOCS, "--build-dir", BUILD, "--metrics", self.dump, "--plans",
                    self.plans, "--out", self.doc, "--check", cwd=self.tmp)
        self.assertEqual(again.returncode, 0, again.stdout)

    def test_a_metric_no_service_defines_is_refused(self):
        edit(os.path.join(self.plans, HUIJI), '"investment.car_sales" }', '"investment.car_sold" }')
        result = self.docs()
        self.assertEqual(result.returncode, 1)
        self.assertIn('(vit.car_sales).source: "investment.car_sold": no service defines '
                      "this metric", result.stdout)
        self.assertFalse(os.path.exists(self.doc), "nothing is written for a broken plan")

    def test_a_metric_in_another_unit_is_refused(self):
        edit(os.path.join(self.plans, HUIJI), 'key: "environment.air_valid_days"',
             'key: "environment.air_good_day_rate"')
        result = self.docs()
        self.assertEqual(result.returncode, 1)
        self.assertIn('(eco.air_good_days).projection_basis: "environment.air_good_day_rate" is in '
                      "UNIT_PERCENT, want UNIT_DAYS", result.stdout)

    def test_fields_added_to_the_protos_later_are_printed(self):
        # The protos with fields this generator does not know, compiled to a private stubs dir.
        protos = os.path.join(self.tmp, "protos")
        shutil.copytree(os.path.join(ROOT, "protos"), protos)
        scorecard = os.path.join(protos, "devplan", "v1", "scorecard.proto")
        edit(scorecard, "message Indicator {\n", "message Indicator {\n"
             "  repeated string member_ids = 90;\n  SourceMetric reference_source = 91;\n")
        edit(scorecard, "message Plan {\n", "message Plan {\n  string owner_department = 90;\n")
        stubs = os.path.join(self.tmp, "build", "python")
        os.makedirs(stubs)
        subprocess.run([PROTOC, f"--proto_path={protos}", f"--python_out={stubs}",
                        *[os.path.join(protos, "devplan", "v1", p)
                          for p in sorted(os.listdir(os.path.join(protos, "devplan", "v1")))]],
                       check=True)
        huiji = os.path.join(self.plans, HUIJI)
        edit(huiji, 'id: "soc.new_urban_jobs"\n', 'id: "soc.new_urban_jobs"\n'
             '  member_ids: ["J-1", "J-2"]\n'
             '  reference_source { service: "social" key: "social.new_urban_jobs" }\n')
        edit(huiji, 'sample: false\n', 'sample: false\nowner_department: "区发展改革委"\n')
        build = os.path.join(self.tmp, "build")
        result = self.docs(build=build)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        doc = self.read_doc()
        self.assertRegex(doc, r"(?m)^\| `soc.new_urban_jobs` .*member_ids: J-1, J-2")
        self.assertRegex(doc,
                         r"(?m)^\| `soc.new_urban_jobs` .*reference_source: `social.new_urban_jobs`")
        self.assertRegex(doc, r"(?m)^\| plan file \|.*\| owner_department \|$")
        self.assertRegex(doc, r"(?m)^\| `[^`]*410108-2024.textproto` \|.*\| 区发展改革委 \|$")
        # A metric field the checks do not know is still checked for existence.
        edit(huiji, 'reference_source { service: "social" key: "social.new_urban_jobs" }',
             'reference_source { service: "social" key: "social.nope" }')
        refused = self.docs(build=build)
        self.assertEqual(refused.returncode, 1)
        self.assertIn('(soc.new_urban_jobs).reference_source: "social.nope": no service defines',
                      refused.stdout)

    def test_check_plan_checks_metrics_against_the_definitions(self):
        ok = run(CHECK_PLAN, "--metrics", CATALOG, os.path.join(BUILD, "python"),
                 *sorted(os.path.join(self.plans, p) for p in os.listdir(self.plans)))
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        self.assertIn("OK (", ok.stdout)
        huiji = os.path.join(self.plans, HUIJI)
        edit(huiji, '"social.new_urban_jobs"', '"social.new_rural_jobs"')
        edit(huiji, "  unit: UNIT_PERSON_TIMES\n", "  unit: UNIT_COUNT\n")  # soc.skills_training
        bad = run(CHECK_PLAN, "--metrics", self.dump, os.path.join(BUILD, "python"), huiji)
        self.assertEqual(bad.returncode, 1)
        self.assertIn('(soc.new_urban_jobs).source: "social.new_rural_jobs": no service defines',
                      bad.stdout)
        self.assertIn('(soc.skills_training).source: "social.skills_training" is in '
                      "UNIT_PERSON_TIMES, want UNIT_COUNT", bad.stdout)

    def test_check_plan_without_definitions_is_a_usage_error(self):
        result = run(CHECK_PLAN, "--metrics", os.path.join(self.tmp, "none"),
                     os.path.join(BUILD, "python"), os.path.join(self.plans, HUIJI))
        self.assertEqual(result.returncode, 2)
        self.assertIn("pass --metrics", result.stderr)


class TextprotoNotesTest(unittest.TestCase):
    def test_comments_inside_each_block_only(self):
        text = (
            '# file header\n'
            'name: "x"\n'
            '# ===== section =====\n'
            'indicators {\n'
            '  # first line\n'
            '  # continued\n'
            '  id: "a.one"\n'
            '  plan_text: "a # in a string { and a brace"\n'
            '  # second paragraph\n'
            '  source { service: "s" key: "s.k" }  # inline: left out\n'
            '}\n'
            'indicators {\n'
            '  id: "a.two"\n'
            '  due < year: 2024 month: 1 day: 2 >\n'
            '}\n'
            '# between blocks\n')
        self.assertEqual(indicator_notes(text), {
            "a.one": ["first line continued", "second paragraph"],
            "a.two": [],
        })

    def test_the_huiji_plan_explains_its_half_weights(self):
        with open(os.path.join(ROOT, "deploy", "plans", HUIJI), encoding="utf-8") as f:
            notes = indicator_notes(f.read())
        self.assertTrue(any(re.search(r"weight 0\.5", n) for n in notes["soc.pension_coverage"]))
        self.assertEqual(notes["proj.key_projects"], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
