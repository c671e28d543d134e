#!/usr/bin/python3
"""Checks devplan.v1.Plan text-format files (deploy/plans/*.textproto).

Usage: scripts/check_plan.py [--metrics PATH] PROTO_PY_DIR FILE...

Needs the protobuf Python package (Debian: python3-protobuf, hence /usr/bin/python3).
PROTO_PY_DIR holds the Python modules generated from protos/; the build makes them:
  scripts/build.sh
  scripts/check_plan.py build/python deploy/plans/*.textproto

Each file must parse as a Plan with sensible fields: ids that start with their area's prefix,
comparators that fit their units, targets, weights, dates and schedules in range. Every metric
an indicator names (source, projection_basis) must be one the domain services define, in the
indicator's unit (projection_basis: days). The definitions come from the build's
metric_catalog tool (services/tools/), by default PROTO_PY_DIR/../services/tools/metric_catalog;
--metrics names another such tool or a file holding its output. Every problem of every file is
printed, one per line ("FILE: where: what"); the exit status is 1 when there is any, 2 on a
usage error or when the definitions cannot be read, else 0.

The server (services/aggregator/plan_validation.cc) validates a plan again on PutPlan, against
the metric keys the domain services actually serve; this script needs no running service.
docs/plan-indicators.md is generated from the same plans and definitions (scripts/plan_docs.py).
"""

import datetime
import math
import os
import sys

from devplan_tools import metric_defs

# The id prefix of each area.
AREA_PREFIX = {"AREA_ECONOMY": "econ", "AREA_PROJECTS": "proj", "AREA_VITALITY": "vit",
               "AREA_ECOLOGY": "eco", "AREA_URBAN_RURAL": "urb", "AREA_LIVELIHOOD": "soc"}
# Units whose values are whole numbers (counts, integer yuan, days).
WHOLE_UNITS = {"COUNT", "YUAN", "DAYS", "PERSON_TIMES"}
# A growth-rate target outside this band (percentage points) is almost surely a typo.
GROWTH_PP = (-20.0, 50.0)
MAX_TOLERANCE_PP = 5.0


def _valid_district(code):
    """Mirrors services/common/district.cc: six digits, a GB/T 2260 province, county level."""
    if len(code) != 6 or not code.isdigit():
        return "not a six-digit GB/T 2260 code"
    p = int(code[:2])
    if not ((11 <= p <= 15) or (21 <= p <= 23) or (31 <= p <= 37) or (41 <= p <= 46) or
            (50 <= p <= 54) or (61 <= p <= 65) or p in (71, 81, 82)):
        return "no GB/T 2260 province prefix"
    if code[4:] == "00":
        return "a province or city, not a county-level district"
    return None


def _whole(x):
    return math.isfinite(x) and float(x).is_integer()


class Checker:
    def __init__(self, pb, path, definitions):
        self.pb = pb
        self.path = path
        self.definitions = definitions  # metric key -> devplan.v1.MetricDefinition
        self.services = metric_defs.services(definitions)
        self.problems = []

    def add(self, where, what):
        self.problems.append(f"{self.path}: {where}: {what}")

    def enum_name(self, enum, value, prefix):
        try:
            return enum.Name(value)[len(prefix):]
        except ValueError:
            return f"<{value}>"

    def check_plan(self, plan):
        if not plan.district:
            self.add("district", "required")
        else:
            bad = _valid_district(plan.district)
            if bad:
                self.add("district", f'"{plan.district}" is {bad}')
        if not 2000 <= plan.year <= 2100:
            self.add("year", "must be 2000..2100")
        want_name = f"districts/{plan.district}/plans/{plan.year}"
        if plan.name != want_name:
            self.add("name", f'"{plan.name}", want "{want_name}"')
        for field in ("district_name_zh", "district_name_en", "title"):
            if not getattr(plan, field).strip():
                self.add(field, "required")
        if plan.sample and "示例" not in plan.title and "sample" not in plan.title.lower():
            self.add("title", "a sample plan's title must say 示例 or SAMPLE")
        if not plan.sample and ("示例" in plan.title or "sample" in plan.title.lower()):
            self.add("sample", "the title says 示例/SAMPLE but sample is false")
        if plan.version:
            self.add("version", "set by the server; leave it out")
        if plan.HasField("create_time"):
            self.add("create_time", "set by the server; leave it out")

        by_id = {}
        for i, ind in enumerate(plan.indicators):
            if not ind.id:
                self.add(f"indicators[{i}].id", "required")
            elif ind.id in by_id:
                self.add(f"indicators[{i}].id", f'duplicate "{ind.id}"')
            else:
                by_id[ind.id] = ind
        if not plan.indicators:
            self.add("indicators", "a plan needs at least one")
        for i, ind in enumerate(plan.indicators):
            self.check_indicator(plan, i, ind, by_id)
        self.check_budget_revenue(by_id)

    def check_indicator(self, plan, i, ind, by_id):
        at = f"indicators[{i}] ({ind.id})"
        pb = self.pb
        area = self.enum_name(pb.Area, ind.area, "")
        comp = self.enum_name(pb.Comparator, ind.comparator, "COMPARATOR_")
        unit = self.enum_name(pb.Unit, ind.unit, "UNIT_")

        # Every metric named exists, served by the service named, in the indicator's unit.
        for where, what in metric_defs.reference_problems(ind, self.definitions):
            self.add(f"{at}.{where}", what)

        prefix = AREA_PREFIX.get(area)
        if prefix and not ind.id.startswith(prefix + "."):
            self.add(at + ".id", f'must start with "{prefix}." for {area}')
        if area == "AREA_UNSPECIFIED" or area.startswith("<"):
            self.add(at + ".area", "required")
        if comp == "UNSPECIFIED" or comp.startswith("<"):
            self.add(at + ".comparator", "required")
        if unit == "UNSPECIFIED" or unit.startswith("<"):
            self.add(at + ".unit", "required")
        for field in ("name_zh", "name_en", "plan_text"):
            if not getattr(ind, field).strip():
                self.add(f"{at}.{field}", "required")

        # Source.
        if ind.source.service not in self.services:
            self.add(at + ".source.service",
                     f'"{ind.source.service}" is not one of {sorted(self.services)}')
        elif not ind.source.key.startswith(ind.source.service + "."):
            self.add(at + ".source.key", f'"{ind.source.key}" must start with "{ind.source.service}."')

        # Weight: explicit and positive (0 would silently mean 1 on the server).
        if not math.isfinite(ind.weight) or ind.weight <= 0:
            self.add(at + ".weight", f"{ind.weight}: must be set and > 0")

        # Target by comparator.
        t, hi = ind.target, ind.target_high
        if not math.isfinite(t) or t < 0:
            self.add(at + ".target", f"{t}: must be finite and >= 0")
        elif comp == "CUMULATIVE_AT_LEAST":
            if t <= 0:
                self.add(at + ".target", "a cumulative target must be > 0")
        elif comp in ("RATE_AT_LEAST", "ABOUT"):
            if not GROWTH_PP[0] <= t <= GROWTH_PP[1]:
                self.add(at + ".target", f"{t} percentage points is not a plausible growth rate")
        elif comp == "IN_STEP_WITH":
            ref = by_id.get(ind.in_step_with)
            if not ind.in_step_with:
                self.add(at + ".in_step_with", "required")
            elif ind.in_step_with == ind.id:
                self.add(at + ".in_step_with", "cannot be the indicator itself")
            elif ref is None:
                self.add(at + ".in_step_with", f'no indicator "{ind.in_step_with}"')
            elif ref.unit != pb.UNIT_PERCENT:
                self.add(at + ".in_step_with", f'"{ind.in_step_with}" is not a percentage')
        elif comp == "ZERO":
            if t != 0:
                self.add(at + ".target", "a ZERO indicator's target must be 0")
            if ind.HasField("baseline") == ind.HasField("baseline_source"):
                self.add(at + ".baseline", "a ZERO indicator needs the count at the start of the "
                         "year: baseline or baseline_source, one of them")
        elif comp == "LEVEL":
            if t <= 0 or (unit == "PERCENT" and t > 100):
                self.add(at + ".target", f"{t}: a level must be > 0 (and <= 100 for a percentage)")
        elif comp == "RANGE":
            if t <= 0:
                self.add(at + ".target", "the lower end of a range must be > 0")
            if hi < t:
                self.add(at + ".target_high", f"{hi} is below target {t}")
            if unit in WHOLE_UNITS and not _whole(hi):
                self.add(at + ".target_high", f"{hi}: must be a whole number in UNIT_{unit}")
        elif comp == "MILESTONE":
            if t not in (0, 1):
                self.add(at + ".target", "a milestone's target is unused: leave it out or set 1")
            if not ind.HasField("due"):
                self.add(at + ".due", "a milestone needs its due date")
        if unit in WHOLE_UNITS and not _whole(t):
            self.add(at + ".target", f"{t}: must be a whole number in UNIT_{unit}")
        if unit == "DAYS" and t > 366:
            self.add(at + ".target", f"{t} days do not fit in a year")
        if unit == "PERCENT" and comp in ("LEVEL",) and t > 100:
            self.add(at + ".target", f"{t}%: above 100")
        if comp == "MILESTONE" and unit != "MILESTONE":
            self.add(at + ".unit", "a MILESTONE indicator's unit is UNIT_MILESTONE")
        if unit == "MILESTONE" and comp != "MILESTONE":
            self.add(at + ".comparator", "UNIT_MILESTONE needs COMPARATOR_MILESTONE")
        if comp in ("RATE_AT_LEAST", "ABOUT", "IN_STEP_WITH", "LEVEL") and unit != "PERCENT":
            self.add(at + ".unit", f"{comp} compares percentage points: UNIT_PERCENT")

        # Fields that only some comparators use.
        if comp != "RANGE" and hi:
            self.add(at + ".target_high", "only a RANGE indicator has one")
        if comp != "IN_STEP_WITH" and ind.in_step_with:
            self.add(at + ".in_step_with", "only an IN_STEP_WITH indicator has one")
        if ind.HasField("due"):
            d = ind.due
            try:
                datetime.date(d.year, d.month, d.day)
            except ValueError:
                self.add(at + ".due", f"{d.year}-{d.month}-{d.day} is not a date")
            if d.year != plan.year:
                self.add(at + ".due", "must fall within the plan year")
            if comp != "MILESTONE":
                self.add(at + ".due", "only a MILESTONE indicator has one")
        if ind.tolerance_pp:
            if comp not in ("RATE_AT_LEAST", "ABOUT", "IN_STEP_WITH"):
                self.add(at + ".tolerance_pp", f"not used by {comp}")
            if not (0 < ind.tolerance_pp <= MAX_TOLERANCE_PP):
                self.add(at + ".tolerance_pp", f"{ind.tolerance_pp}: must be in (0, {MAX_TOLERANCE_PP}]")

        # Baseline.
        if ind.HasField("baseline"):
            b = ind.baseline
            if not math.isfinite(b):
                self.add(at + ".baseline", "must be finite")
            elif unit in WHOLE_UNITS and (b < 0 or not _whole(b)):
                self.add(at + ".baseline", f"{b}: must be a whole number >= 0 in UNIT_{unit}")
            elif comp in ("RATE_AT_LEAST", "ABOUT") and not GROWTH_PP[0] <= b <= GROWTH_PP[1]:
                self.add(at + ".baseline", f"{b} percentage points is not a plausible growth rate")
            if comp in ("MILESTONE", "IN_STEP_WITH"):
                self.add(at + ".baseline", f"not used by {comp}")

        # Monthly schedule.
        sched = list(ind.monthly_schedule)
        if sched:
            if comp not in ("CUMULATIVE_AT_LEAST", "RANGE"):
                self.add(at + ".monthly_schedule", f"not used by {comp}")
            if len(sched) != 12:
                self.add(at + ".monthly_schedule", f"{len(sched)} values, want 12")
            if any(not (0 <= s <= 1) for s in sched):
                self.add(at + ".monthly_schedule", "shares must be within 0..1")
            if any(b < a for a, b in zip(sched, sched[1:])):
                self.add(at + ".monthly_schedule", "shares must not decrease")

        # Projection.
        if ind.projection == pb.PROJECTION_DAILY_RATE:
            basis = ind.projection_basis
            if basis.service not in self.services or not basis.key.startswith(basis.service + "."):
                self.add(at + ".projection_basis", "PROJECTION_DAILY_RATE needs a valid metric")

    def check_budget_revenue(self, by_id):
        """econ.budget_revenue must be its baseline grown by econ.budget_revenue_growth."""
        amount, growth = by_id.get("econ.budget_revenue"), by_id.get("econ.budget_revenue_growth")
        if amount is None or growth is None or not amount.HasField("baseline"):
            return
        want = amount.baseline * (1 + growth.target / 100)
        if abs(amount.target - want) > 1:
            self.add("econ.budget_revenue.target",
                     f"{amount.target:.0f}, want baseline x (1 + {growth.target:g}%) = {want:.0f}")


def _usage():
    print(__doc__.strip().splitlines()[2], file=sys.stderr)
    return 2


def main(argv):
    args = list(argv[1:])
    metrics = None
    if args and args[0] == "--metrics":
        if len(args) < 2:
            return _usage()
        metrics, args = args[1], args[2:]
    elif args and args[0].startswith("--metrics="):
        metrics, args = args[0][len("--metrics="):], args[1:]
    if len(args) < 2 or args[0] in ("-h", "--help") or args[0].startswith("-"):
        return _usage()
    proto_py_dir, files = args[0], args[1:]
    sys.path.insert(0, proto_py_dir)
    try:
        from google.protobuf import text_format
        from devplan.v1 import scorecard_pb2
        from devplan.v1 import common_pb2
    except ImportError as e:
        print(f"cannot import the generated modules from {proto_py_dir}: {e}", file=sys.stderr)
        return 2
    if metrics is None:
        build_dir = os.path.dirname(os.path.abspath(proto_py_dir))
        metrics = metric_defs.catalog_tool(build_dir)
    try:
        definitions = metric_defs.load(metrics)
    except metric_defs.DefinitionsError as e:
        print(f"metric definitions: {e}; pass --metrics PATH", file=sys.stderr)
        return 2

    class PB:  # the enums the checks use, from both modules
        Area = scorecard_pb2.Area
        Comparator = scorecard_pb2.Comparator
        Unit = common_pb2.Unit
        UNIT_PERCENT = common_pb2.UNIT_PERCENT
        PROJECTION_DAILY_RATE = getattr(scorecard_pb2, "PROJECTION_DAILY_RATE", -1)

    problems = []
    for path in files:
        checker = Checker(PB, path, definitions)
        try:
            with open(path, encoding="utf-8") as f:
                plan = text_format.Parse(f.read(), scorecard_pb2.Plan())
        except (OSError, UnicodeDecodeError, text_format.ParseError) as e:
            checker.add("parse", str(e))
        else:
            checker.check_plan(plan)
            if not checker.problems:
                print(f"{path}: OK ({len(plan.indicators)} indicators)")
        problems.extend(checker.problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
