#!/usr/bin/python3
"""Checks devplan.v1.Plan text-format files (deploy/plans/*.textproto).

Usage: scripts/check_plan.py PROTO_PY_DIR FILE...

Needs the protobuf Python package (Debian: python3-protobuf, hence /usr/bin/python3).
PROTO_PY_DIR holds the Python modules generated from protos/, e.g.
  mkdir -p /tmp/planpy
  protoc --proto_path=protos --python_out=/tmp/planpy protos/devplan/v1/*.proto
  scripts/check_plan.py /tmp/planpy deploy/plans/*.textproto

Each file must parse as a Plan, and every indicator listed in EXPECTED below (the fixed ids of
docs/plan-indicators.md) must be present once, with its area, source metric, comparator and
unit, a weight > 0 and a sensible target. Every problem of every file is printed, one per line
("FILE: where: what"); the exit status is 1 when there is any, 2 on a usage error, else 0.

The server (services/aggregator/plan_validation.cc) validates a plan again on PutPlan, against
the metric keys the domain services actually serve; this script needs no running service.
"""

import datetime
import math
import sys

# id -> (area, service, metric key, comparator, unit). Keep in step with
# docs/plan-indicators.md.
_I, _E, _S = "investment", "environment", "social"
EXPECTED = {
    # economy
    "econ.gdp_growth": ("AREA_ECONOMY", _I, "investment.gdp_growth_ytd", "ABOUT", "PERCENT"),
    "econ.fai_growth": ("AREA_ECONOMY", _I, "investment.fixed_asset_investment_growth_ytd", "RATE_AT_LEAST", "PERCENT"),
    "econ.industrial_va_growth": ("AREA_ECONOMY", _I, "investment.industrial_value_added_growth_ytd", "RATE_AT_LEAST", "PERCENT"),
    "econ.retail_sales_growth": ("AREA_ECONOMY", _I, "investment.retail_sales_growth_ytd", "RATE_AT_LEAST", "PERCENT"),
    "econ.budget_revenue_growth": ("AREA_ECONOMY", _I, "investment.budget_revenue_growth_ytd", "RATE_AT_LEAST", "PERCENT"),
    "econ.budget_revenue": ("AREA_ECONOMY", _I, "investment.budget_revenue_ytd", "CUMULATIVE_AT_LEAST", "YUAN"),
    "econ.disposable_income_growth": ("AREA_ECONOMY", _I, "investment.disposable_income_growth_ytd", "IN_STEP_WITH", "PERCENT"),
    # projects
    "proj.key_projects": ("AREA_PROJECTS", _I, "investment.key_projects_under_way", "CUMULATIVE_AT_LEAST", "COUNT"),
    "proj.key_projects_investment": ("AREA_PROJECTS", _I, "investment.key_projects_investment_ytd", "CUMULATIVE_AT_LEAST", "YUAN"),
    "proj.industrial_projects_started": ("AREA_PROJECTS", _I, "investment.industrial_projects_started", "CUMULATIVE_AT_LEAST", "COUNT"),
    "proj.promotion_major_events": ("AREA_PROJECTS", _I, "investment.promotion_major_events", "CUMULATIVE_AT_LEAST", "COUNT"),
    "proj.promotion_outbound_trips": ("AREA_PROJECTS", _I, "investment.promotion_outbound_trips", "CUMULATIVE_AT_LEAST", "COUNT"),
    "proj.signed_amount": ("AREA_PROJECTS", _I, "investment.signed_projects_amount", "CUMULATIVE_AT_LEAST", "YUAN"),
    "proj.started_investment": ("AREA_PROJECTS", _I, "investment.started_projects_investment", "CUMULATIVE_AT_LEAST", "YUAN"),
    "proj.three_batch_signed": ("AREA_PROJECTS", _I, "investment.three_batch_projects_signed", "CUMULATIVE_AT_LEAST", "COUNT"),
    # vitality
    "vit.national_bond_projects": ("AREA_VITALITY", _I, "investment.national_bond_projects_approved", "CUMULATIVE_AT_LEAST", "COUNT"),
    "vit.national_bond_demand": ("AREA_VITALITY", _I, "investment.national_bond_projects_amount", "CUMULATIVE_AT_LEAST", "YUAN"),
    "vit.special_bond_projects": ("AREA_VITALITY", _I, "investment.special_bond_projects_approved", "CUMULATIVE_AT_LEAST", "COUNT"),
    "vit.new_market_entities": ("AREA_VITALITY", _I, "investment.new_market_entities", "CUMULATIVE_AT_LEAST", "COUNT"),
    "vit.new_tech_enterprises": ("AREA_VITALITY", _I, "investment.new_tech_enterprises", "CUMULATIVE_AT_LEAST", "COUNT"),
    "vit.new_high_tech_enterprises": ("AREA_VITALITY", _I, "investment.new_high_tech_enterprises", "CUMULATIVE_AT_LEAST", "COUNT"),
    "vit.new_innovative_smes": ("AREA_VITALITY", _I, "investment.new_innovative_smes", "CUMULATIVE_AT_LEAST", "COUNT"),
    "vit.tech_contract_turnover": ("AREA_VITALITY", _I, "investment.tech_contract_turnover", "CUMULATIVE_AT_LEAST", "YUAN"),
    "vit.standardization_pilots": ("AREA_VITALITY", _I, "investment.standardization_pilots", "RANGE", "COUNT"),
    "vit.car_sales": ("AREA_VITALITY", _I, "investment.car_sales", "CUMULATIVE_AT_LEAST", "YUAN"),
    "vit.ecommerce_parks": ("AREA_VITALITY", _I, "investment.ecommerce_parks", "CUMULATIVE_AT_LEAST", "COUNT"),
    "vit.ecommerce_firms": ("AREA_VITALITY", _I, "investment.ecommerce_firms", "CUMULATIVE_AT_LEAST", "COUNT"),
    # ecology
    "eco.air_good_days": ("AREA_ECOLOGY", _E, "environment.air_good_days", "CUMULATIVE_AT_LEAST", "DAYS"),
    "eco.construction_land_safe_use": ("AREA_ECOLOGY", _E, "environment.construction_land_safe_use_rate", "LEVEL", "PERCENT"),
    "eco.water_treatment_projects_started": ("AREA_ECOLOGY", _E, "environment.water_treatment_projects_started", "CUMULATIVE_AT_LEAST", "COUNT"),
    "eco.black_odorous_remaining": ("AREA_ECOLOGY", _E, "environment.black_odorous_remaining", "ZERO", "COUNT"),
    "eco.roads_greened": ("AREA_ECOLOGY", _E, "environment.roads_greened", "CUMULATIVE_AT_LEAST", "COUNT"),
    "eco.metro7_stations_greened": ("AREA_ECOLOGY", _E, "environment.metro7_stations_greening_done", "MILESTONE", "MILESTONE"),
    "eco.parks_built": ("AREA_ECOLOGY", _E, "environment.parks_built", "CUMULATIVE_AT_LEAST", "COUNT"),
    "eco.jiuwutan_source_protection": ("AREA_ECOLOGY", _E, "environment.jiuwutan_source_protection_done", "MILESTONE", "MILESTONE"),
    "eco.zhangniu_ditch_epc": ("AREA_ECOLOGY", _E, "environment.zhangniu_ditch_epc_done", "MILESTONE", "MILESTONE"),
    "eco.sewage_outfall_survey": ("AREA_ECOLOGY", _E, "environment.sewage_outfall_survey_done", "MILESTONE", "MILESTONE"),
    "eco.drinking_water_compliance": ("AREA_ECOLOGY", _E, "environment.drinking_water_compliance_rate", "LEVEL", "PERCENT"),
    # urban-rural
    "urb.renewal_investment": ("AREA_URBAN_RURAL", _I, "investment.urban_renewal_investment_ytd", "CUMULATIVE_AT_LEAST", "YUAN"),
    "urb.renewal_projects": ("AREA_URBAN_RURAL", _I, "investment.urban_renewal_projects_under_way", "CUMULATIVE_AT_LEAST", "COUNT"),
    "urb.renewal_packaged": ("AREA_URBAN_RURAL", _I, "investment.urban_renewal_packaged", "CUMULATIVE_AT_LEAST", "COUNT"),
    "urb.renewal_packaged_amount": ("AREA_URBAN_RURAL", _I, "investment.urban_renewal_packaged_amount", "CUMULATIVE_AT_LEAST", "YUAN"),
    "urb.roads_built": ("AREA_URBAN_RURAL", _I, "investment.roads_built", "CUMULATIVE_AT_LEAST", "COUNT"),
    "urb.parking_lots": ("AREA_URBAN_RURAL", _I, "investment.parking_lots_built", "CUMULATIVE_AT_LEAST", "COUNT"),
    "urb.parking_spaces": ("AREA_URBAN_RURAL", _I, "investment.parking_spaces_built", "CUMULATIVE_AT_LEAST", "COUNT"),
    "urb.charging_piles": ("AREA_URBAN_RURAL", _I, "investment.charging_piles_built", "CUMULATIVE_AT_LEAST", "COUNT"),
    "urb.lit_roads": ("AREA_URBAN_RURAL", _I, "investment.lit_roads_added", "CUMULATIVE_AT_LEAST", "COUNT"),
    "urb.model_villages": ("AREA_URBAN_RURAL", _E, "environment.model_villages_completed", "CUMULATIVE_AT_LEAST", "COUNT"),
    "urb.seed_expo_held": ("AREA_URBAN_RURAL", _I, "investment.seed_expo_held", "MILESTONE", "MILESTONE"),
    "urb.sewer_renewal": ("AREA_URBAN_RURAL", _E, "environment.sewer_renewal_done", "MILESTONE", "MILESTONE"),
    # livelihood
    "soc.job_fairs": ("AREA_LIVELIHOOD", _S, "social.job_fairs", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.job_fair_positions": ("AREA_LIVELIHOOD", _S, "social.job_fair_positions", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.new_urban_jobs": ("AREA_LIVELIHOOD", _S, "social.new_urban_jobs", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.skills_training": ("AREA_LIVELIHOOD", _S, "social.skills_training", "CUMULATIVE_AT_LEAST", "PERSON_TIMES"),
    "soc.new_skilled_talents": ("AREA_LIVELIHOOD", _S, "social.new_skilled_talents", "CUMULATIVE_AT_LEAST", "PERSON_TIMES"),
    "soc.new_high_skilled_talents": ("AREA_LIVELIHOOD", _S, "social.new_high_skilled_talents", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.schools_delivered": ("AREA_LIVELIHOOD", _S, "social.schools_delivered", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.school_projects_started": ("AREA_LIVELIHOOD", _S, "social.school_projects_started", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.high_school_38_enrolling": ("AREA_LIVELIHOOD", _S, "social.high_school_38_enrolling", "MILESTONE", "MILESTONE"),
    "soc.provincial_famous_teachers": ("AREA_LIVELIHOOD", _S, "social.provincial_famous_teachers", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.backbone_teachers": ("AREA_LIVELIHOOD", _S, "social.backbone_teachers", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.education_talents": ("AREA_LIVELIHOOD", _S, "social.education_talents", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.cultural_events": ("AREA_LIVELIHOOD", _S, "social.cultural_events", "CUMULATIVE_AT_LEAST", "COUNT"),
    "soc.medical_service_project_started": ("AREA_LIVELIHOOD", _S, "social.medical_service_project_started", "MILESTONE", "MILESTONE"),
    "soc.hospital3_north_structure_done": ("AREA_LIVELIHOOD", _S, "social.hospital3_north_structure_done", "MILESTONE", "MILESTONE"),
    "soc.fitness_facilities_started": ("AREA_LIVELIHOOD", _S, "social.fitness_facilities_started", "MILESTONE", "MILESTONE"),
    "soc.football_cup_held": ("AREA_LIVELIHOOD", _S, "social.football_cup_held", "MILESTONE", "MILESTONE"),
    "soc.pension_coverage": ("AREA_LIVELIHOOD", _S, "social.pension_coverage_rate", "LEVEL", "PERCENT"),
    "soc.medical_insurance_coverage": ("AREA_LIVELIHOOD", _S, "social.medical_insurance_coverage_rate", "LEVEL", "PERCENT"),
}

# The id prefix of each area.
AREA_PREFIX = {"AREA_ECONOMY": "econ", "AREA_PROJECTS": "proj", "AREA_VITALITY": "vit",
               "AREA_ECOLOGY": "eco", "AREA_URBAN_RURAL": "urb", "AREA_LIVELIHOOD": "soc"}
SERVICES = {"investment", "environment", "social"}
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
    def __init__(self, pb, path):
        self.pb = pb
        self.path = path
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
        for want in EXPECTED:
            if want not in by_id:
                self.add("indicators", f'missing "{want}"')
        for i, ind in enumerate(plan.indicators):
            self.check_indicator(plan, i, ind, by_id)
        self.check_budget_revenue(by_id)

    def check_indicator(self, plan, i, ind, by_id):
        at = f"indicators[{i}] ({ind.id})"
        pb = self.pb
        area = self.enum_name(pb.Area, ind.area, "")
        comp = self.enum_name(pb.Comparator, ind.comparator, "COMPARATOR_")
        unit = self.enum_name(pb.Unit, ind.unit, "UNIT_")

        if ind.id not in EXPECTED:
            self.add(at + ".id", "not in the fixed list of indicator ids (docs/plan-indicators.md)")
        else:
            w_area, w_service, w_key, w_comp, w_unit = EXPECTED[ind.id]
            if area != w_area:
                self.add(at + ".area", f"{area}, want {w_area}")
            if ind.source.service != w_service or ind.source.key != w_key:
                self.add(at + ".source", f'"{ind.source.service}" "{ind.source.key}", '
                                         f'want "{w_service}" "{w_key}"')
            if comp != w_comp:
                self.add(at + ".comparator", f"{comp}, want {w_comp}")
            if unit != w_unit:
                self.add(at + ".unit", f"{unit}, want UNIT_{w_unit}")

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
        if ind.source.service not in SERVICES:
            self.add(at + ".source.service", f'"{ind.source.service}" is not one of {sorted(SERVICES)}')
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
            if not ind.HasField("baseline"):
                self.add(at + ".baseline", "a ZERO indicator needs the count at the start of the year")
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
            if basis.service not in SERVICES or not basis.key.startswith(basis.service + "."):
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


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    sys.path.insert(0, argv[1])
    try:
        from google.protobuf import text_format
        from devplan.v1 import scorecard_pb2
        from devplan.v1 import common_pb2
    except ImportError as e:
        print(f"cannot import the generated modules from {argv[1]}: {e}", file=sys.stderr)
        return 2

    class PB:  # the enums the checks use, from both modules
        Area = scorecard_pb2.Area
        Comparator = scorecard_pb2.Comparator
        Unit = common_pb2.Unit
        UNIT_PERCENT = common_pb2.UNIT_PERCENT
        PROJECTION_DAILY_RATE = getattr(scorecard_pb2, "PROJECTION_DAILY_RATE", -1)

    problems = []
    for path in argv[2:]:
        checker = Checker(PB, path)
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
