"""SAMPLE DATA — synthetic, deterministic figures for Huiji District (410108), 2024.

Nothing here is an official statistic. Names of projects, schools and water bodies are the
ones the 2024 plan text mentions; every number is generated from a fixed seed so that two
runs load exactly the same data, and every write carries a deterministic request_id or a
natural key so that loading twice changes nothing."""

DISTRICT = "410108"
YEAR = 2024
SEED = 20240101
SAMPLE_DEPARTMENT_SUFFIX = "（示例数据 SAMPLE）"


def dept(name):
    """A reporting department, labelled as sample so no reader mistakes it for a real report."""
    return name + SAMPLE_DEPARTMENT_SUFFIX
