"""SAMPLE DATA for the synthetic second district, 中原区 (410102), 2024: the Huiji generators
run again under that code and another seed, so the city's view (CompareDistricts) has two
districts with facts to rank. Every figure is invented, like the plan it is scored against
(deploy/plans/410102-2024.textproto, `sample: true`); the facility and project names are
Huiji's, reused as labels only."""
from . import investment, environment, social

CODE = "410102"
SEED_OFFSET = 7919


def load(channels, log=print):
    """channels: service name → grpc channel of investment, environment and social."""
    for name, module in (("investment", investment), ("environment", environment),
                         ("social", social)):
        saved = (module.DISTRICT, module.SEED)
        module.DISTRICT, module.SEED = CODE, saved[1] + SEED_OFFSET
        try:
            module.load(channels[name], log=lambda msg: log("%s %s" % (CODE, msg)))
        finally:
            module.DISTRICT, module.SEED = saved
