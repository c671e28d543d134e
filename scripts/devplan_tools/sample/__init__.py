"""SAMPLE DATA — synthetic, deterministic figures for Huiji District (410108), 2024.

Nothing here is an official statistic. Names of projects, schools and water bodies are the
ones the 2024 plan text mentions; every number is generated from a fixed seed so that two
runs load exactly the same data, and every write carries a deterministic request_id or a
natural key so that loading twice changes nothing.

The generators are written for 2024 (BASE_YEAR) and load any year: each module's DISTRICT,
YEAR and SEED say what it loads (second_district.py sets them; year_seed() makes each year's
random stream), its dates are written as in 2024 and moved into YEAR by shifted() (2023 means
the year before), and the records a year creates carry the year in their ids (yearly()), so
that several years of one district coexist. Loading 2024 is what it always was, to the byte."""
import calendar
import datetime

DISTRICT = "410108"
YEAR = 2024
SEED = 20240101
SAMPLE_DEPARTMENT_SUFFIX = "（示例数据 SAMPLE）"
# The year the generators' dates and names are written in.
BASE_YEAR = 2024


def dept(name):
    """A reporting department, labelled as sample so no reader mistakes it for a real report."""
    return name + SAMPLE_DEPARTMENT_SUFFIX


def day_in_year(year, month, day):
    """(month, day) in `year`; 29 February is 28 February in a common year."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return datetime.date(year, month, day)


def shifted(year, written_year, month, day):
    """A date written as in the BASE_YEAR sample (written_year 2023 = the year before), moved
    into `year`. Only the year moves: nothing in the sample depends on the weekday."""
    return day_in_year(written_year - BASE_YEAR + year, month, day)


def days_in(year):
    return 366 if calendar.isleap(year) else 365


def year_seed(seed, year):
    """The seed of `year`'s random draws: `seed` itself in BASE_YEAR, another stream in each
    other year (a prime step, far from the offsets the generators add)."""
    return seed + (year - BASE_YEAR) * 104729


def yearly(name, year):
    """The id of a record that `year`'s sample creates: the BASE_YEAR ids as they always were,
    other years' with the year appended ("HJ-IND-001-2025"), so they never collide."""
    return name if year == BASE_YEAR else "%s-%d" % (name, year)
