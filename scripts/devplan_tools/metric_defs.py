"""The metric definitions the domain services serve, read without running a service, and the
check that a plan names only metrics that exist, in the unit it expects.

The definitions come from build/services/tools/metric_catalog (services/tools/): it prints
what the three services' ListMetricDefinitions answer, as one text-format
devplan.v1.ListMetricDefinitionsResponse. The caller puts the generated Python modules
(build/python) on sys.path before calling load().
"""

import os
import subprocess

# The tool inside a CMake build directory.
CATALOG_TOOL = os.path.join("services", "tools", "metric_catalog")


class DefinitionsError(Exception):
    """The definitions could not be read (no tool, the tool failed, unparsable text)."""


def catalog_tool(build_dir):
    return os.path.join(build_dir, CATALOG_TOOL)


def load(path):
    """key -> devplan.v1.MetricDefinition, in the services' order (investment, environment,
    social). `path` is the metric_catalog executable, which is run, or a file holding its
    text-format output."""
    from google.protobuf import text_format
    from devplan.v1 import common_pb2

    if not os.path.isfile(path):
        raise DefinitionsError(f"{path}: no such file (build the metric_catalog target)")
    if os.access(path, os.X_OK):
        try:
            run = subprocess.run([path], capture_output=True, check=False)
        except OSError as e:
            raise DefinitionsError(f"{path}: {e}") from e
        if run.returncode != 0:
            raise DefinitionsError(f"{path} exited {run.returncode}: "
                                   f"{run.stderr.decode('utf-8', 'replace').strip()}")
        text = run.stdout.decode("utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    try:
        listing = text_format.Parse(text, common_pb2.ListMetricDefinitionsResponse())
    except text_format.ParseError as e:
        raise DefinitionsError(f"{path}: {e}") from e
    return {d.key: d for d in listing.definitions}


def services(definitions):
    """The service names the definitions' keys start with, e.g. {"investment", ...}."""
    return {key.split(".", 1)[0] for key in definitions}


def _wanted_unit(field_name, indicator):
    """The unit the metric named by `field_name` must have, or None when any unit will do."""
    from devplan.v1 import common_pb2
    if field_name == "source":
        return indicator.unit  # the indicator is scored on the metric's value as it is
    if field_name == "projection_basis":
        return common_pb2.UNIT_DAYS  # PROJECTION_DAILY_RATE divides by days with valid data
    return None  # a field this check does not know yet: existence only


def references(indicator):
    """(field name, SourceMetric) for every metric the indicator names: `source`,
    `projection_basis` and any other SourceMetric field, so that fields added to the proto
    later are covered too. A repeated field's name carries its index."""
    found = []
    for field, value in indicator.ListFields():
        if field.message_type is None or field.message_type.name != "SourceMetric":
            continue
        if field.label == field.LABEL_REPEATED:
            found.extend((f"{field.name}[{i}]", ref) for i, ref in enumerate(value))
        else:
            found.append((field.name, value))
    return found


def reference_problems(indicator, definitions):
    """(field, what) for every metric the indicator names that no service defines, whose
    service does not match its key, or whose unit does not fit the indicator."""
    from devplan.v1 import common_pb2
    problems = []
    if not indicator.HasField("source"):
        problems.append(("source", "required: the metric the indicator is scored on"))
    for where, ref in references(indicator):
        definition = definitions.get(ref.key)
        if definition is None:
            problems.append((where, f'"{ref.key}": no service defines this metric'))
            continue
        if ref.service != ref.key.split(".", 1)[0]:
            problems.append((where, f'service "{ref.service}" does not serve "{ref.key}"'))
        want = _wanted_unit(where.split("[", 1)[0], indicator)
        if want is not None and definition.unit != want:
            problems.append((where, f'"{ref.key}" is in {common_pb2.Unit.Name(definition.unit)}, '
                                    f"want {common_pb2.Unit.Name(want)}"))
    return problems
