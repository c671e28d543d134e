"""A scorecard as a plain-text table, grouped by area (for terminals and logs)."""
import unicodedata

from .stubs import common_pb2, scorecard_pb2

AREA_TITLES = {
    scorecard_pb2.AREA_ECONOMY: "经济运行 Economy",
    scorecard_pb2.AREA_PROJECTS: "项目建设 Projects",
    scorecard_pb2.AREA_VITALITY: "发展活力 Vitality",
    scorecard_pb2.AREA_ECOLOGY: "生态环境 Ecology",
    scorecard_pb2.AREA_URBAN_RURAL: "城乡融合 Urban-rural",
    scorecard_pb2.AREA_LIVELIHOOD: "民生保障 Livelihood",
}


ID_W = 38
NAME_W = 30


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def pad(s, n):
    return s + " " * max(0, n - width(s))


def clip(s, n):
    """The longest prefix of s that fits in n terminal columns."""
    out = ""
    for c in s:
        if width(out + c) > n:
            break
        out += c
    return out


def fmt_value(v, unit):
    if v is None:
        return "—"
    if unit == common_pb2.UNIT_YUAN:
        return "%.2f亿元" % (v / 1e8)
    if unit == common_pb2.UNIT_PERCENT:
        return "%.1f%%" % v
    if unit == common_pb2.UNIT_MILESTONE:
        return "done" if v >= 1 else "not yet"
    return "{:,.0f}".format(v)


def status_name(s):
    return scorecard_pb2.IndicatorStatus.Name(s).replace("INDICATOR_STATUS_", "")


def render(card):
    lines = []
    d = card.as_of
    lines.append("Scorecard %s %s — %s, as of %04d-%02d-%02d (plan %s v%d), %.1f%% of the year elapsed"
                 % (card.district, card.district_name_zh, "overall %.1f" % card.overall_score
                    if card.HasField("overall_score") else "no score", d.year, d.month, d.day,
                    card.plan, card.plan_version, 100 * card.elapsed_share))
    if card.failed_sources:
        lines.append("PARTIAL: no answer from %s; its indicators show the last known value, if any"
                     % ", ".join(card.failed_sources))
    scores = {a.area: a for a in card.areas}
    for area, title in AREA_TITLES.items():
        rows = [i for i in card.indicators if i.area == area]
        if not rows:
            continue
        a = scores.get(area)
        lines.append("")
        lines.append("== %s  score %s" % (title, "%.1f" % a.score if a and a.HasField("score") else "—"))
        lines.append("%s %s %s %s %s %s %s %s" % (
            pad("id", ID_W), pad("name", NAME_W), pad("actual", 14), pad("target", 14),
            pad("data to", 11), pad("序时差", 9), pad("status", 12), "score"))
        for i in rows:
            actual = i.actual if i.HasField("actual") else None
            shown = fmt_value(actual, i.unit)
            if i.HasField("progress") and not i.done:
                shown = "not yet %.0f%%" % (100 * i.progress)
            target = 1 if i.unit == common_pb2.UNIT_MILESTONE else i.target
            to = i.current_to
            lines.append("%s %s %s %s %s %s %s %s" % (
                pad(i.id, ID_W), pad(clip(i.name_zh, NAME_W), NAME_W), pad(shown, 14),
                pad(fmt_value(target, i.unit), 14),
                pad("%04d-%02d-%02d" % (to.year, to.month, to.day) if to.year else "—", 11),
                pad("%+.1fpp" % i.timeline_gap_pp if i.HasField("timeline_gap_pp") else "", 9),
                pad(status_name(i.status), 12), "%.0f" % i.score if i.HasField("score") else "—"))
    for i in card.indicators:
        if i.HasField("days_to_spare"):
            lines.append("")
            lines.append("%s: %d more non-good days can be afforded before the target of %d is lost"
                         % (i.id, i.days_to_spare, i.target))
    if card.weakest:
        lines.append("")
        lines.append("关注弱势指标 weakest: " + ", ".join(card.weakest))
        lines.append("巩固优势指标 strongest: " + ", ".join(card.strongest))
    catch_up = [i for i in card.indicators if i.HasField("needed_per_month")
                and status_name(i.status) in ("AT_RISK", "BEHIND")]
    if catch_up:
        lines.append("")
        lines.append("追赶 catch-up (剩余月份需月均完成 vs 已月均完成):")
        for i in catch_up:
            lines.append("  %s %s: needs %s/month, so far %s/month" % (
                i.id, i.name_zh, fmt_rate(i.needed_per_month, i.unit),
                fmt_rate(i.pace_per_month if i.HasField("pace_per_month") else None, i.unit)))
    for title, groups in (("报送情况 reporting", card.reporting),
                          ("按责任单位 by department", card.reporting_by_department)):
        if groups:
            lines.append("%s: %s" % (title, "; ".join(reporting_text(r) for r in groups)))
    return "\n".join(lines)


def fmt_rate(v, unit):
    """A monthly rate: small counts keep one decimal (half a park a month is still work)."""
    if v is not None and unit not in (common_pb2.UNIT_YUAN, common_pb2.UNIT_PERCENT) and v < 100:
        return "%.1f" % v
    return fmt_value(v, unit)


def reporting_text(r):
    name = r.source or r.department
    parts = ["%s %d current" % (name, r.current)]
    for n, what in ((r.stale, "stale"), (r.missing, "not yet due"), (r.overdue, "overdue")):
        if n:
            parts.append("%d %s" % (n, what))
    return ", ".join(parts)



def render_comparison(cmp):
    """CompareDistricts as a ranked table: overall, then each area's score and rank."""
    areas = [a for a in AREA_TITLES]
    lines = ["%s %s %s" % (pad("rank", 5), pad("district", 18), pad("overall", 8)) + " ".join(
        pad(AREA_TITLES[a].split()[0], 12) for a in areas)]
    for d in cmp.districts:
        by_area = {a.area: a for a in d.areas}
        cells = []
        for a in areas:
            r = by_area.get(a)
            cells.append(pad("%.1f (#%d)" % (r.score, r.rank) if r and r.HasField("score") else "—", 12))
        lines.append("%s %s %s" % (pad(str(d.overall_rank or "—"), 5),
                                   pad("%s %s" % (d.district, d.district_name_zh), 18),
                                   pad("%.1f" % d.overall_score if d.HasField("overall_score") else "—", 8))
                     + " ".join(cells))
    return "\n".join(lines)


def render_history(h):
    """GetIndicatorHistory as one line per month end."""
    lines = ["%s %s (target %s)" % (h.indicator, h.name_zh, fmt_value(h.target, h.unit))]
    for p in h.points:
        actual = p.actual if p.HasField("actual") else None
        lines.append("  %04d-%02d-%02d  %s  expected %s  %s %s" % (
            p.as_of.year, p.as_of.month, p.as_of.day, pad(fmt_value(actual, h.unit), 12),
            pad(fmt_value(p.expected, h.unit), 12),
            pad("%+.1fpp" % p.timeline_gap_pp if p.HasField("timeline_gap_pp") else "", 9),
            status_name(p.status)))
    return "\n".join(lines)
