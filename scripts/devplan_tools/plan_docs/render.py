"""Markdown for docs/plan-indicators.md from parsed plans and the metric definitions.

Pure: the same plans, definitions and template give the same bytes. Fields of Indicator and
Plan that this module does not know (added to the proto later) are printed generically in
the "other" column or line rather than dropped or failing.
"""

from collections import namedtuple
from decimal import Decimal

from google.protobuf import text_format

from devplan_tools import metric_defs

# A parsed plan file: `path` relative to the repository, `plan` a devplan.v1.Plan, `notes`
# id -> the comments of that indicator's block (textproto_notes.indicator_notes).
PlanFile = namedtuple("PlanFile", "path plan notes")

# Area enum name -> (English, Chinese), in the order of the Area enum.
AREAS = {
    "AREA_ECONOMY": ("Economy", "经济运行"),
    "AREA_PROJECTS": ("Projects", "项目建设"),
    "AREA_VITALITY": ("Vitality", "发展活力"),
    "AREA_ECOLOGY": ("Ecology", "生态环境"),
    "AREA_URBAN_RURAL": ("Urban-rural", "城乡融合"),
    "AREA_LIVELIHOOD": ("Livelihood", "民生保障"),
}

# Indicator fields with a column of their own or shown inside the target.
_SHOWN_INDICATOR_FIELDS = {
    "id", "name_zh", "name_en", "area", "comparator", "target", "target_high", "unit",
    "weight", "source", "in_step_with", "due", "plan_text", "tolerance_pp", "baseline",
    "monthly_schedule", "projection", "projection_basis",
}
# Plan fields shown in the plans table (version and create_time are set by the server).
_SHOWN_PLAN_FIELDS = {
    "name", "district", "district_name_zh", "district_name_en", "year", "title", "indicators",
    "sample", "release_calendar", "version", "create_time",
}
# What a SAMPLE plan is compared on besides its targets and baselines: everything but the
# invented wording.
_NOT_COMPARED = {"id", "target", "target_high", "baseline", "plan_text"}

_UNIT_SUFFIX = {
    "UNIT_COUNT": "", "UNIT_YUAN": " 元", "UNIT_PERCENT": " %", "UNIT_DAYS": " days",
    "UNIT_PERSON_TIMES": " person-times", "UNIT_MILESTONE": "", "UNIT_UG_PER_M3": " µg/m³",
}
_DEFAULT_ABOUT_BAND_PP = 0.5  # services/aggregator/scoring/scoring_rules.h kDefaultAboutBandPp
_DEFAULT_RELEASE_DAY = 20     # kDefaultMonthlyReleaseDay, kDefaultQuarterlyReleaseDay


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

def _enum(message, field_name):
    """The enum value's name, or its number when this build does not know it."""
    field = message.DESCRIPTOR.fields_by_name[field_name]
    number = getattr(message, field_name)
    value = field.enum_type.values_by_number.get(number)
    return value.name if value else str(number)


def _short(name, prefix):
    return name[len(prefix):] if name.startswith(prefix) else name


def num(x):
    """A number as the plans mean it: whole numbers without a decimal point, grouped by
    thousands with spaces from 10 000 on; others with up to 6 decimals."""
    if float(x).is_integer():
        n = int(x)
        digits = str(abs(n))
        if len(digits) > 4:
            groups = []
            while digits:
                groups.insert(0, digits[-3:])
                digits = digits[:-3]
            digits = " ".join(groups)
        return ("-" if n < 0 else "") + digits
    return f"{x:.6f}".rstrip("0").rstrip(".")


def amount(x, unit):
    """A value in a unit: '15 500 000 000 元 (155亿元)', '7 %', '226 days'."""
    text = num(x) + _UNIT_SUFFIX.get(unit, " " + _short(unit, "UNIT_"))
    if unit == "UNIT_YUAN" and float(x).is_integer() and abs(x) >= 1_000_000:
        yi = (Decimal(int(x)) / Decimal(100_000_000)).normalize()
        text += f" ({yi:f}亿元)"
    return text


def _date(d):
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _single(field, value):
    if field.enum_type is not None:
        v = field.enum_type.values_by_number.get(value)
        return v.name if v else str(value)
    if field.message_type is not None:
        name = field.message_type.name
        if name == "SourceMetric":
            return f"`{value.key}`"
        if name == "Date":
            return _date(value)
        return "`" + text_format.MessageToString(value, as_utf8=True, as_one_line=True) + "`"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return num(value)
    return str(value)


def field_text(message, field_name):
    """Any field of any message as one line of Markdown, for fields without a column."""
    field = message.DESCRIPTOR.fields_by_name[field_name]
    value = getattr(message, field_name)
    if field.label == field.LABEL_REPEATED:
        return ", ".join(_single(field, v) for v in value)
    return _single(field, value)


def cell(text):
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


# ---------------------------------------------------------------------------
# One indicator
# ---------------------------------------------------------------------------

def target_text(ind, plan):
    """The target as the comparator reads it, in the indicator's unit."""
    comparator = _short(_enum(ind, "comparator"), "COMPARATOR_")
    unit = _enum(ind, "unit")
    t = ind.target
    if comparator == "CUMULATIVE_AT_LEAST":
        return "≥ " + amount(t, unit)
    if comparator == "RATE_AT_LEAST":
        return "≥ " + amount(t, unit)
    if comparator == "ABOUT":
        band = ind.tolerance_pp or _DEFAULT_ABOUT_BAND_PP
        return f"≈ {amount(t, unit)} (floor {amount(t - band, unit)})"
    if comparator == "IN_STEP_WITH":
        band = ind.tolerance_pp or _DEFAULT_ABOUT_BAND_PP
        return f"≥ actual of `{ind.in_step_with}` − {num(band)} pp"
    if comparator == "ZERO":
        return "0 left"
    if comparator == "LEVEL":
        return amount(t, unit) + ", held"
    if comparator == "RANGE":
        return f"{num(t)}–{amount(ind.target_high, unit)}"
    if comparator == "MILESTONE":
        due = _date(ind.due) if ind.HasField("due") else f"{plan.year}-12-31"
        return f"done by {due}"
    return f"{comparator} {amount(t, unit)}"


def extras(ind):
    """What else the plan sets for the indicator: baseline, schedule, tolerance, projection,
    and any field this module has no column for."""
    comparator = _short(_enum(ind, "comparator"), "COMPARATOR_")
    unit = _enum(ind, "unit")
    parts = []
    if ind.HasField("baseline"):
        parts.append("baseline " + amount(ind.baseline, unit))
    if ind.monthly_schedule:
        parts.append("month-end schedule (share of target, Jan–Dec): " +
                     " ".join(num(s) for s in ind.monthly_schedule))
    if ind.tolerance_pp:
        parts.append(f"tolerance {num(ind.tolerance_pp)} pp")
    if ind.target_high and comparator != "RANGE":
        parts.append("target_high " + amount(ind.target_high, unit))
    if ind.in_step_with and comparator != "IN_STEP_WITH":
        parts.append(f"in_step_with `{ind.in_step_with}`")
    if ind.HasField("due") and comparator != "MILESTONE":
        parts.append("due " + _date(ind.due))
    if ind.projection:
        parts.append(f"year-end projection {_short(_enum(ind, 'projection'), 'PROJECTION_')}")
    if ind.HasField("projection_basis"):
        parts.append(f"projection basis `{ind.projection_basis.key}`")
    for field, _ in ind.ListFields():
        if field.name not in _SHOWN_INDICATOR_FIELDS:
            parts.append(f"{field.name}: {field_text(ind, field.name)}")
    return "; ".join(parts) if parts else "—"


def _metric_cells(ind, definitions):
    d = definitions.get(ind.source.key)
    if d is None:
        return "not served", "—"
    unit = _short(_enum(d, "unit"), "UNIT_")
    cadence = _short(_enum(d, "cadence"), "CADENCE_").lower()
    return f"{unit} · {cadence}", d.description


def _row(cells):
    return "| " + " | ".join(cells) + " |"


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

def _area_order(plan):
    """Areas in the order of the Area enum; unknown ones after, by name."""
    present = {_enum(ind, "area") for ind in plan.indicators}
    known = [a for a in AREAS if a in present]
    return known + sorted(present - set(known))


def _area_title(area):
    en, zh = AREAS.get(area, (area, ""))
    return f"{en} — {zh}" if zh else en


_INDICATOR_HEADER = [
    "| id | 中文名 | English name | comparator | target | weight "
    "| baseline · schedule · other "
    "| source metric | metric unit · cadence | what the service counts | plan text |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
]


def _indicator_tables(pf, definitions, level):
    plan = pf.plan
    out = []
    for area in _area_order(plan):
        inds = [ind for ind in plan.indicators if _enum(ind, "area") == area]
        out.append(f"{'#' * level} {_area_title(area)} (`{area}`, {len(inds)} indicators)")
        out.append("")
        out.extend(_INDICATOR_HEADER)
        for ind in inds:
            unit_cadence, description = _metric_cells(ind, definitions)
            out.append(_row([
                f"`{cell(ind.id)}`", cell(ind.name_zh), cell(ind.name_en),
                _short(_enum(ind, "comparator"), "COMPARATOR_"), cell(target_text(ind, plan)),
                num(ind.weight) if ind.weight else "1 (unset)", cell(extras(ind)),
                (f"`{cell(ind.source.key)}`" if ind.source.key else "—")
                + (f" narrowed to the listed {len(ind.source.members)}: "
                   + cell(", ".join(ind.source.members)) if ind.source.members else ""),
                unit_cadence,
                cell(description), cell(ind.plan_text),
            ]))
        notes = [(ind.id, pf.notes.get(ind.id, [])) for ind in inds]
        notes = [(i, n) for i, n in notes if n]
        if notes:
            out.append("")
            out.append("From the plan file's comments:")
            out.append("")
            out.extend(f"- `{i}`: {' '.join(n)}" for i, n in notes)
        out.append("")
    return out


def _plan_heading(pf):
    plan = pf.plan
    return f"{plan.district_name_zh} {plan.year} — `{pf.path}`"


def _full_plan(pf, definitions):
    plan = pf.plan
    out = [f"## {_plan_heading(pf)}", "",
           f"{plan.title}: {plan.district_name_en} (`{plan.district}`), "
           f"{len(plan.indicators)} indicators.", ""]
    out.extend(_indicator_tables(pf, definitions, 3))
    return out


def _value_or_unset(message, name):
    """field_text, or "unset" for a field with presence (or a repeated one) that is not set."""
    field = message.DESCRIPTOR.fields_by_name[name]
    if field.label == field.LABEL_REPEATED:
        return field_text(message, name) if getattr(message, name) else "unset"
    try:
        if not message.HasField(name):
            return "unset"
    except ValueError:  # a proto3 scalar without presence: its default is a value
        pass
    return field_text(message, name)


def _differences(ind, ref):
    """The fields other than targets and wording in which `ind` differs from `ref`."""
    names = sorted({f.name for f, _ in ind.ListFields()} | {f.name for f, _ in ref.ListFields()})
    return [f"{name} {_value_or_unset(ind, name)} ({_value_or_unset(ref, name)})"
            for name in names
            if name not in _NOT_COMPARED and getattr(ind, name) != getattr(ref, name)]


def _sample_plan(pf, ref, definitions):
    plan = pf.plan
    out = [f"## SAMPLE: {_plan_heading(pf)}", "",
           f"**SAMPLE — synthetic, not a real plan** (`sample: true`): {plan.title}, "
           f"{plan.district_name_en} (`{plan.district}`), {len(plan.indicators)} indicators.", ""]
    if ref is None:
        out.append("No real plan of the same year to compare it with; its indicators in full:")
        out.append("")
        out.extend(_indicator_tables(pf, definitions, 3))
        return out
    rplan = ref.plan
    ref_by_id = {ind.id: ind for ind in rplan.indicators}
    ids = [ind.id for ind in plan.indicators]
    only_here = [i for i in ids if i not in ref_by_id]
    only_there = [i for i in ref_by_id if i not in set(ids)]
    diffs = {ind.id: _differences(ind, ref_by_id[ind.id])
             for ind in plan.indicators if ind.id in ref_by_id}
    out.append(f"Its targets and baselines beside those of `{ref.path}`:")
    ref_name = rplan.district_name_zh or rplan.district
    header = ["id", "中文名", "target", "baseline", f"target in {ref_name}",
              f"baseline in {ref_name}"]
    out += ["", _row(header), "|" + "---|" * len(header)]
    for ind in plan.indicators:
        r = ref_by_id.get(ind.id)
        row = [f"`{cell(ind.id)}`", cell(ind.name_zh), cell(target_text(ind, plan)),
               _baseline(ind)]
        row += ["—", "—"] if r is None else [cell(target_text(r, rplan)), _baseline(r)]
        out.append(_row(row))
    out.append("")
    others = [f"- `{i}`: {'; '.join(d)}" for i, d in diffs.items() if d]
    if only_here:
        others.append(f"- only in this plan: {', '.join(f'`{i}`' for i in only_here)} "
                      "(in full below)")
    if only_there:
        others.append(f"- only in `{ref.path}`: {', '.join(f'`{i}`' for i in only_there)}")
    out.append("Apart from targets, baselines and plan_text it is the same as the reference (ids, "
               "names, areas, comparators, units, weights and source metrics; the reference's "
               "tables above describe the metrics)" +
               (", except (the reference's value in brackets):" if others else "."))
    out += [""] + others + ([""] if others else [])
    if only_here:
        # Indicators of its own have no row above that describes their metrics.
        extra = [ind for ind in plan.indicators if ind.id in only_here]
        sub = PlanFile(pf.path, type(plan)(indicators=extra, year=plan.year), pf.notes)
        out.extend(_indicator_tables(sub, definitions, 3))
    return out


def _baseline(ind):
    return amount(ind.baseline, _enum(ind, "unit")) if ind.HasField("baseline") else "—"


def _reference_for(pf, real):
    """The real plan a SAMPLE plan is compared with: the first of the same year, else the
    first of any year, else None."""
    same_year = [r for r in real if r.plan.year == pf.plan.year]
    return (same_year or real or [None])[0]


def _plans_table(plans):
    others = sorted({f.name for pf in plans for f, _ in pf.plan.ListFields()}
                    - _SHOWN_PLAN_FIELDS)
    header = ["plan file", "district", "year", "title", "SAMPLE", "indicators",
              "figures due (release calendar)"] + others
    out = [_row(header), "|" + "---|" * len(header)]
    for pf in plans:
        p = pf.plan
        cal = p.release_calendar
        monthly = cal.monthly_release_day or _DEFAULT_RELEASE_DAY
        quarterly = cal.quarterly_release_day or _DEFAULT_RELEASE_DAY
        due = (f"monthly by day {monthly}, quarterly by day {quarterly} of the month after"
               + ("" if cal.monthly_release_day or cal.quarterly_release_day else " (default)"))
        row = [f"`{pf.path}`", f"{cell(p.district_name_zh)} {cell(p.district_name_en)} "
               f"(`{p.district}`)", str(p.year), cell(p.title), "**SAMPLE**" if p.sample else "no",
               str(len(p.indicators)), due]
        row += [cell(_value_or_unset(p, name)) for name in others]
        out.append(_row(row))
    return out


def _unscored(plans, definitions):
    named = {ref.key for pf in plans for ind in pf.plan.indicators
             for _, ref in metric_defs.references(ind)}
    rest = [d for key, d in definitions.items() if key not in named]
    out = ["## Metrics no plan scores", ""]
    if not rest:
        out.append("Every metric the services serve is named by an indicator.")
        return out
    out.append(f"The services serve {len(rest)} metrics that no indicator of these plans names "
               "(as `source` or otherwise); they can be read with `GetMetrics` and scored by a "
               "future plan.")
    out.append("")
    out.append("| metric | 中文名 | English name | unit · cadence | what the service counts |")
    out.append("|---|---|---|---|---|")
    for d in rest:
        unit = _short(_enum(d, "unit"), "UNIT_")
        cadence = _short(_enum(d, "cadence"), "CADENCE_").lower()
        out.append(_row([f"`{d.key}`", cell(d.name_zh), cell(d.name_en), f"{unit} · {cadence}",
                         cell(d.description)]))
    return out


def render(template, plans, definitions):
    """The whole document. `plans`: PlanFile tuples in path order;
    `definitions`: key -> MetricDefinition in the services' order."""
    real = [pf for pf in plans if not pf.plan.sample]
    samples = [pf for pf in plans if pf.plan.sample]
    body = []
    for pf in real:
        body.extend(_full_plan(pf, definitions))
    for pf in samples:
        body.extend(_sample_plan(pf, _reference_for(pf, real), definitions))
    parts = {
        "title": " · ".join(pf.plan.title for pf in real) or "devplan plans",
        "plans": "\n".join(_plans_table(plans)),
        "indicators": "\n".join(body).rstrip("\n"),
        "unscored": "\n".join(_unscored(plans, definitions)),
    }
    text = template
    for name, value in parts.items():
        marker = "{{" + name + "}}"
        if text.count(marker) != 1:
            raise ValueError(f"the template must hold {marker} once")
        text = text.replace(marker, value)
    return text.rstrip("\n") + "\n"
