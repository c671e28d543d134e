"""SAMPLE DATA at scale: N synthetic districts for the many-districts bench
(scripts/many_districts_bench.py), each with a plan and a year of facts at the Huiji sample's
scale. Every figure is invented, like the sample it is copied from.

Loading one district through the services takes about 3 s (2,600 keys: 1,800 station-days of
hourly readings, 2,600 investment records, …), so 1,000 would take most of an hour. Instead
the two SAMPLE districts that load through the services (410108 and 410102, whose figures
differ) are the templates, and each synthetic district is a copy of one of them made inside
Redis by one Lua script per district: every fact key of the template under the new district's
hash tag, with the template's code replaced by the new one in field names and values (codes are
six ASCII digits on both sides, so a protobuf value keeps its length prefixes). Request-id
records and the audit trail are not copied: they are not facts, and nothing reads them to
score. Then the district's data version is bumped, as a write would, and its plan is stored
through the ScorecardService (PutPlan, the template's indicators under the new code and a name
that says SAMPLE), so the plan goes through the same checks as any other.

The codes are fictional but valid GB/T 2260 county codes (district.h): province 41, "cities"
50-99 and counties 71-99 — 1,450 of them, none a real Zhengzhou district."""
import hashlib

from ..stubs import scorecard_pb2, scorecard_pb2_grpc
from . import plans

TEMPLATES = ("410108", "410102")
MAX_DISTRICTS = 1 + 50 * 29  # 410108 itself, then every synthetic code


def synthetic_codes(n):
    """The first `n` synthetic codes, always the same ones in the same order."""
    if n > MAX_DISTRICTS - 1:
        raise ValueError("at most %d synthetic districts" % (MAX_DISTRICTS - 1))
    codes = []
    for city in range(50, 100):
        for county in range(71, 100):
            if len(codes) == n:
                return codes
            codes.append("41%02d%02d" % (city, county))
    return codes


# KEYS: the template's fact keys (their new names are made here: the tag swapped).
# ARGV[1]: template code, ARGV[2]: new code. Standalone Redis only (keys of two hash tags).
_CLONE = r"""
local old, new = ARGV[1], ARGV[2]
local function swap(s) return (string.gsub(s, old, new)) end
local copied = 0
-- Writes `items` (swapped) to `dst` with `cmd`, 1,000 arguments a call (Lua's unpack limit).
local function write_swapped(cmd, dst, items)
  for i = 1, #items, 1000 do
    local args = {}
    for j = i, math.min(i + 999, #items) do args[#args + 1] = swap(items[j]) end
    redis.call(cmd, dst, unpack(args))
  end
end
for _, src in ipairs(KEYS) do
  local dst = swap(src)
  redis.call('DEL', dst)
  local t = redis.call('TYPE', src)['ok']
  if t == 'string' then
    redis.call('SET', dst, swap(redis.call('GET', src)))
  elseif t == 'hash' then
    write_swapped('HSET', dst, redis.call('HGETALL', src))
  elseif t == 'set' then
    write_swapped('SADD', dst, redis.call('SMEMBERS', src))
  elseif t == 'list' then
    write_swapped('RPUSH', dst, redis.call('LRANGE', src, 0, -1))
  else
    return redis.error_reply('cannot copy ' .. src .. ' of type ' .. t)
  end
  copied = copied + 1
end
redis.call('INCR', 'ver:{' .. new .. '}')
return copied
"""


def fact_keys(redis, template):
    """The template's fact keys: the domain services' (inv: env: soc:), not request ids."""
    keys = []
    for prefix in ("inv", "env", "soc"):
        keys += [k for k in redis("KEYS", "%s:{%s}:*" % (prefix, template)) if ":req:" not in k]
    return sorted(keys)


def sample_plan(template_plan, code, index):
    plan = scorecard_pb2.Plan()
    plan.CopyFrom(template_plan)
    plan.name = "districts/%s/plans/%d" % (code, plan.year)
    plan.district = code
    plan.district_name_zh = "样例区%04d（示例数据 SAMPLE）" % index
    plan.district_name_en = "SAMPLE district %04d (synthetic)" % index
    return plan


def load(redis, aggregator_channel, codes, first_index=0, log=print):
    """Copies a template into each of `codes` (alternating between the templates, which must
    be loaded) and stores its plan. `redis`: a callable sending one command (Suite.redis).
    Returns the number of keys written."""
    keys = {t: fact_keys(redis, t) for t in TEMPLATES}
    template_plans = {}
    for path in plans.plan_files():
        p = plans.read_plan(path)
        if p.district in TEMPLATES and p.year == 2024:
            template_plans[p.district] = p
    stub = scorecard_pb2_grpc.ScorecardServiceStub(aggregator_channel)
    written = 0
    for i, code in enumerate(codes):
        index = first_index + i
        template = TEMPLATES[index % len(TEMPLATES)]
        written += int(redis("EVAL", _CLONE, len(keys[template]), *keys[template], template, code))
        plan = sample_plan(template_plans[template], code, index)
        rid = "plan-" + hashlib.sha256(plan.SerializeToString()).hexdigest()[:40]
        stub.PutPlan(scorecard_pb2.PutPlanRequest(plan=plan, request_id=rid), timeout=30)
        if (i + 1) % 100 == 0:
            log("%d districts copied" % (i + 1))
    return written
