#!/usr/bin/python3
"""deploy/systemd: every unit, the one-replica units and the templates (each as an instance),
passes `systemd-analyze verify` with nothing said — a misspelt directive or a bad value is only
a warning to systemd, so any output fails here too. The servers' binaries are not installed on
a build machine: ExecStart is pointed at /bin/true after checking that the name it gives is a
binary the build makes. deploy/instances.sh's files for one machine of the three-machine layout
give every replica ports of its own. Exits 77 (skipped) without systemd-analyze."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BUILD_DIR = os.environ.get("DEVPLAN_BUILD_DIR", os.path.join(ROOT, "build"))
UNITS = sorted(glob.glob(os.path.join(ROOT, "deploy", "systemd", "*.service")))
SERVER = re.compile(r"^ExecStart=/usr/local/bin/([a-z]+)_server\b", re.M)
# Every unit, template or not, is hardened the same way.
HARDENING = ["NoNewPrivileges=true", "ProtectSystem=strict", "ProtectHome=true", "PrivateTmp=true",
             "CapabilityBoundingSet=", "SystemCallFilter=@system-service", "Restart=", "UMask=0077"]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class SystemdUnitsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="devplan-units-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_every_unit_verifies_cleanly(self):
        self.assertGreaterEqual(len([u for u in UNITS if "@" in u]), 5, "the five template units")
        names = []
        for unit in UNITS:
            text = read(unit)
            for line in HARDENING:
                self.assertIn("\n" + line, text, "%s lacks %s" % (unit, line))
            m = SERVER.search(text)
            if m:
                binary = os.path.join(BUILD_DIR, "services", m.group(1), m.group(1) + "_server")
                self.assertTrue(os.access(binary, os.X_OK), "%s starts %s, which the build does not make"
                                % (unit, m.group(1) + "_server"))
                text = SERVER.sub("ExecStart=/bin/true", text)
            name = os.path.basename(unit)
            with open(os.path.join(self.tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
            # A template is verified as an instance (the redis one's instance is its port).
            names.append(name.replace("@.", "@7001." if name.startswith("devplan-redis@") else "@a."))
        for name in names:
            r = subprocess.run(["systemd-analyze", "verify", "--man=no", os.path.join(self.tmp, name)],
                               capture_output=True, text=True, cwd=self.tmp, timeout=60)
            self.assertEqual((r.returncode, r.stdout + r.stderr), (0, ""), name)

    def test_instances_of_one_machine_have_ports_of_their_own(self):
        ips = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
        subprocess.run([os.path.join(ROOT, "deploy", "instances.sh"), "--out", self.tmp, ips[1]] + ips,
                       check=True, capture_output=True)
        files = sorted(glob.glob(os.path.join(self.tmp, "instances", "*.env")))
        self.assertEqual(len(files), 8)
        listening = []
        for path in files:
            env = dict(line.split("=", 1) for line in read(path).splitlines() if line and line[0] != "#")
            own = [v for k, v in env.items() if re.fullmatch(r"DEVPLAN_%s_(HEALTH_|METRICS_)?ADDR" %
                                                              os.path.basename(path).split("-")[0].upper(), k)]
            self.assertEqual(len(own), 3, path)
            self.assertTrue(all(v.startswith(ips[1] + ":") for v in own), own)
            listening += own
            self.assertEqual(env["DEVPLAN_REDIS_ADDR"].count(","), 5, "six Redis nodes")
            if "aggregator" in path:
                self.assertEqual(env["DEVPLAN_INVESTMENT_ADDR"].count(","), 5, "six investment replicas")
        self.assertEqual(len(listening), len(set(listening)), "a port taken twice")
        self.assertIn("bind 10.0.0.2 127.0.0.1", read(os.path.join(self.tmp, "redis-cluster.conf")))
        r = subprocess.run([os.path.join(ROOT, "deploy", "instances.sh"), "--out", self.tmp, "10.0.0.9"] + ips,
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("THIS_IP 10.0.0.9 is not one of", r.stderr)


if __name__ == "__main__":
    if shutil.which("systemd-analyze") is None:
        print("systemd-analyze is not installed: skipped")
        sys.exit(77)
    unittest.main(verbosity=2)
