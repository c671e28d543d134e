"""SAMPLE DATA for the synthetic second district, 中原区 (410102), 2024 and 2025: the Huiji
generators run again under that code and other seeds, so the city's view (CompareDistricts)
has two districts with facts to rank, and 410102 has a second year to score
(deploy/plans/410102-2025.textproto). Every figure is invented, like the plans it is scored
against (`sample: true`); the facility and project names are Huiji's, reused as labels only.

The years are loaded in order and coexist, and a year's data leaves the years before as they
were (tests/python/sample_years_test.py): a later year's records carry the year in their ids
(see __init__.py), and none of its facts falls in a year before it that counts there (a
project it starts was planned earlier, no more); its projects still under way are the year
before's (investment.py);
its budget-revenue growth is measured against the year before's own figures; and what a plan
names once (milestone works, plan facilities, the football cup) is 2024's."""
import contextlib

from . import investment, environment, social

CODE = "410102"
SEED_OFFSET = 7919
YEARS = (2024, 2025)


@contextlib.contextmanager
def _loading(module, year):
    """The module's generators set to 410102's `year` while loading, restored after."""
    saved = (module.DISTRICT, module.SEED, module.YEAR)
    module.DISTRICT = CODE
    module.SEED = saved[1] + SEED_OFFSET  # the module draws each year's stream from it
    module.YEAR = year
    try:
        yield
    finally:
        module.DISTRICT, module.SEED, module.YEAR = saved


def load(channels, log=print, years=YEARS):
    """channels: service name → grpc channel of investment, environment and social."""
    for year in years:
        for name, module in (("investment", investment), ("environment", environment),
                             ("social", social)):
            with _loading(module, year):
                module.load(channels[name], log=lambda msg, y=year: log("%s %d %s" % (CODE, y, msg)))
