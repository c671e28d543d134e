#!/usr/bin/python3
"""The HTML report in a real browser: start a suite (real server binaries, private Redis,
free ports), put the Huiji plan and import a few CSV files with devplanctl, write the HTML
report, render it with headless Debian chromium and check that the screenshot is a page and
not a blank or broken one. Exits 77 (skipped) only when chromium is not installed."""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    print("SKIPPED: chromium is not installed (scripts/bootstrap.sh installs it)")
    sys.exit(77)

from devplan_tools.suite import Suite  # noqa: E402
from devplan_tools.png import decode_png, screenshot  # noqa: E402

DEVPLANCTL = os.environ.get("DEVPLANCTL", os.path.join(ROOT, "build", "services", "devplanctl", "devplanctl"))
DATA = os.path.join(HERE, "data")


class HtmlReportInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.suite = Suite().start()
        cls.tmp = tempfile.mkdtemp(prefix="devplanctl-browser-")

    @classmethod
    def tearDownClass(cls):
        cls.suite.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def ctl(self, *args, ok=(0,), identity="scorecard-job"):
        """devplanctl as `identity` (TLS, its client certificate)."""
        p = subprocess.run([DEVPLANCTL] + list(args), env=self.suite.env(identity), capture_output=True,
                           text=True, timeout=120)
        self.assertIn(p.returncode, ok, "%s\n%s%s" % (" ".join(args), p.stdout, p.stderr))
        return p

    def test_report_renders_in_chromium(self):
        self.ctl("plan", "put", os.path.join(ROOT, "deploy", "plans", "410108-2024.textproto"),
                 identity="plan-admin")
        # Each kind as the department that reports it; reported_by is filled in from it.
        common = ["--district", "410108"]
        self.ctl("environment", "stations", "add", "--id", "HJ-AQ-01", "--title", "测试站点", *common,
                 identity="eco-environment-410108")
        for kind, ok, identity in [("projects", (3,), "dev-reform-410108"),
                                   ("investment", (3,), "dev-reform-410108"),
                                   ("social-figures", (2,), "hr-social-security-410108"),
                                   ("figures", (2,), "statistics-410108"),
                                   ("air", (0,), "eco-environment-410108")]:
            self.ctl("import", kind, os.path.join(DATA, kind + ".csv"), *common, ok=ok, identity=identity)
        html = os.path.join(self.tmp, "report.html")
        self.ctl("report", "--district", "410108", "--as-of", "2024-09-30", "--format", "html",
                 "--out", html)
        text = open(html, encoding="utf-8").read()
        self.assertIn("<title>惠济区 410108 规划执行情况报告（截至 2024-09-30）</title>", text)
        self.assertGreaterEqual(len(re.findall(r"<svg[ >]", text)), 8)  # status, scores, trend, 6 areas, AQI
        self.assertIn('class="timeline"', text)
        self.assertIn('id="aqi"', text)

        png = os.path.join(self.tmp, "report.png")
        screenshot(html, png, CHROMIUM)
        w, h, ch, rows = decode_png(open(png, "rb").read())
        self.assertEqual((w, h), (1400, 2400))
        colours = Counter()
        for row in rows[::4]:  # every fourth row is plenty to count colours
            colours.update(bytes(row[i:i + 3]) for i in range(0, len(row), ch * 4))
        total = sum(colours.values())
        white = colours[b"\xff\xff\xff"]
        # A blank (or error) page is nearly one colour; the report has a dark header, grey
        # page, status colours, charts and text.
        self.assertGreater(len(colours), 40, colours.most_common(5))
        self.assertLess(white / total, 0.9)
        header = sum(n for c, n in colours.items() if abs(c[0] - 0x17) < 8 and abs(c[1] - 0x36) < 8 and abs(c[2] - 0x5d) < 8)
        self.assertGreater(header / total, 0.01, "the dark report header is not on the screenshot")
        status = sum(n for c, n in colours.items() if c in (b"\x66\xbd\x63", b"\x1a\x98\x50", b"\xd7\x30\x27", b"\xf3\x9c\x12", b"\xb0\xb0\xb0"))
        self.assertGreater(status, 100, "no status colours (bars) on the screenshot")


if __name__ == "__main__":
    unittest.main()
