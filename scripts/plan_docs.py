#!/usr/bin/python3
"""Writes docs/plan-indicators.md from the plans and the metric definitions the services serve.

Usage: scripts/plan_docs.py [--check] [--build-dir DIR] [--metrics PATH] [--plans DIR] [--out FILE]

Reads every deploy/plans/*.textproto, the metric definitions printed by the build's
metric_catalog tool (services/tools/; --metrics names another tool or a file holding its
output) and the prose of scripts/devplan_tools/plan_docs/template.md, and writes the document.
The output depends on nothing else, so it is the same on every machine.

--check writes nothing: exit 1 with a unified diff when the file on disk differs from what
would be written (the ctest docs.plan_indicators_current runs this).

Every metric an indicator names (source, projection_basis) must be one the services define,
in the indicator's unit; otherwise the problems are printed and the exit status is 1.
Exit 2: usage, or the build's Python stubs or metric_catalog missing.

Needs /usr/bin/python3 (Debian's python3-protobuf) and a build (scripts/build.sh): the Python
modules generated from protos/ in DIR/python and DIR/services/tools/metric_catalog, DIR being
--build-dir, else $DEVPLAN_BUILD_DIR, else build/.
"""

import argparse
import difflib
import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLANS = os.path.join(ROOT, "deploy", "plans")
DOC = os.path.join(ROOT, "docs", "plan-indicators.md")
TEMPLATE = os.path.join(ROOT, "scripts", "devplan_tools", "plan_docs", "template.md")


def _parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="scripts/plan_docs.py",
        description="Write docs/plan-indicators.md from deploy/plans/ and the metric "
                    "definitions the services serve.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 with a diff when the file is out of date")
    parser.add_argument("--build-dir", default=os.environ.get("DEVPLAN_BUILD_DIR",
                                                              os.path.join(ROOT, "build")),
                        help="the CMake build directory (default: $DEVPLAN_BUILD_DIR or build/)")
    parser.add_argument("--metrics",
                        help="the metric_catalog tool, or a file holding its output "
                             "(default: BUILD_DIR/services/tools/metric_catalog)")
    parser.add_argument("--plans", default=PLANS,
                        help="the directory of *.textproto plans (default: deploy/plans)")
    parser.add_argument("--out", default=DOC,
                        help="the document to write or check (default: docs/plan-indicators.md)")
    return parser.parse_args(argv)


def _shown_path(path):
    """A path as the document names it: relative to the repository when inside it."""
    rel = os.path.relpath(os.path.abspath(path), ROOT)
    return (path if rel.startswith("..") else rel).replace(os.sep, "/")


def _load_plans(plans_dir, scorecard_pb2, text_format, render, textproto_notes):
    """PlanFile per *.textproto of plans_dir, by file name; problems as 'FILE: what'."""
    plans, problems = [], []
    for path in sorted(glob.glob(os.path.join(plans_dir, "*.textproto"))):
        rel = _shown_path(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        try:
            plan = text_format.Parse(text, scorecard_pb2.Plan())
        except text_format.ParseError as e:
            problems.append(f"{rel}: {e}")
            continue
        plans.append(render.PlanFile(rel, plan, textproto_notes.indicator_notes(text)))
    return plans, problems


def main(argv):
    args = _parse_args(argv)
    stubs = os.path.join(args.build_dir, "python")
    sys.path.insert(0, stubs)
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    try:
        from google.protobuf import text_format
        from devplan.v1 import scorecard_pb2
    except ImportError as e:
        print(f"plan_docs.py: cannot import the generated modules from {stubs} ({e}); "
              "build first (scripts/build.sh)", file=sys.stderr)
        return 2
    from devplan_tools import metric_defs
    from devplan_tools.plan_docs import render, textproto_notes

    try:
        definitions = metric_defs.load(args.metrics or metric_defs.catalog_tool(args.build_dir))
    except metric_defs.DefinitionsError as e:
        print(f"plan_docs.py: metric definitions: {e}", file=sys.stderr)
        return 2

    plans, problems = _load_plans(args.plans, scorecard_pb2, text_format, render,
                                  textproto_notes)
    if not plans and not problems:
        problems.append(f"{_shown_path(args.plans)}: no *.textproto plans")
    for pf in plans:
        for i, ind in enumerate(pf.plan.indicators):
            for where, what in metric_defs.reference_problems(ind, definitions):
                problems.append(f"{pf.path}: indicators[{i}] ({ind.id}).{where}: {what}")
    if problems:
        print("\n".join(problems))
        print("plan_docs.py: fix the plans (or the metric definitions) first", file=sys.stderr)
        return 1

    with open(TEMPLATE, encoding="utf-8") as f:
        text = render.render(f.read(), plans, definitions)
    try:
        with open(args.out, encoding="utf-8") as f:
            current = f.read()
    except FileNotFoundError:
        current = ""
    rel_doc = _shown_path(args.out)
    if args.check:
        if current == text:
            print(f"{rel_doc}: up to date")
            return 0
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"{rel_doc} (on disk)", tofile=f"{rel_doc} (generated)"))
        print(f"{rel_doc} is out of date with the plans or the metric definitions: "
              "run /usr/bin/python3 scripts/plan_docs.py and commit the result", file=sys.stderr)
        return 1
    if current != text:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{rel_doc}: written ({len(plans)} plans, {len(definitions)} metric definitions)")
    else:
        print(f"{rel_doc}: unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
