"""docs/plan-indicators.md from the plans in deploy/plans/ and the metric definitions the
services serve: see scripts/plan_docs.py."""
