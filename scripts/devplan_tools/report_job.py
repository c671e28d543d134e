#!/usr/bin/python3
"""The report job behind scripts/report_screenshot.sh: start a private suite, load the plans
and the SAMPLE data, run `devplanctl report` for a district and date (HTML, or any format),
optionally take a screenshot of the HTML with headless chromium, stop everything.

  /usr/bin/python3 -m devplan_tools.report_job --out-dir docs --screenshot docs/report-410108.png
"""
import argparse
import os
import signal
import subprocess
import sys

from .stubs import BUILD_DIR, ROOT
from .suite import Suite
from .sample import investment, environment, social, plans, DISTRICT
from . import png


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--district", default=DISTRICT)
    ap.add_argument("--as-of", default="2024-09-30")
    ap.add_argument("--format", default="html", choices=["html", "md", "csv", "json"])
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "docs"))
    ap.add_argument("--screenshot", help="PNG to render the HTML report into (needs chromium)")
    ap.add_argument("--window-size", default="1400,2400")
    args = ap.parse_args()
    devplanctl = os.path.join(BUILD_DIR, "services", "devplanctl", "devplanctl")
    out = os.path.join(args.out_dir, "report-%s-%s.%s" % (args.district, args.as_of, args.format))

    suite = Suite()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, on_signal)
    try:
        suite.start()
        print("loading SAMPLE data and plans ...", flush=True)
        reporting = suite.reporting_channels(DISTRICT)
        investment.load(reporting["investment"])
        environment.load(reporting["environment"])
        social.load(reporting["social"])
        plans.load(suite.channel("aggregator", "plan-admin"))
        cmd = [devplanctl, "report", "--district", args.district, "--as-of", args.as_of,
               "--format", args.format, "--out", out]
        print("$ devplanctl " + " ".join(cmd[1:]), flush=True)
        rc = subprocess.run(cmd, env=suite.env("scorecard-job")).returncode
        if rc != 0:
            print("devplanctl report exited %d" % rc, file=sys.stderr)
            return rc
        if args.screenshot:
            w, h = (int(x) for x in args.window_size.split(","))
            png.screenshot(out, args.screenshot, size=(w, h))
            print("screenshot: %s (%dx%d)" % (args.screenshot, w, h), flush=True)
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        suite.stop()


if __name__ == "__main__":
    sys.exit(main())
