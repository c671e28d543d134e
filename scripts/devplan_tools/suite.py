"""Starts and stops a whole devplan suite: a private redis-server and the four servers.

Every process started here is stopped by stop(), which demo.py and the tests call from
`finally` and from signal handlers, so nothing is left running."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from . import redis_acl
from .redis_client import Redis
from .stubs import BUILD_DIR, ROOT, grpc, health_pb2, health_pb2_grpc

SERVICES = ["investment", "environment", "social", "aggregator"]
DEFAULT_PORTS = {"aggregator": 50050, "investment": 50051, "environment": 50052, "social": 50053}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Suite:
    def __init__(self, default_ports=False, log_dir=None, quiet=True):
        self.tmp = tempfile.mkdtemp(prefix="devplan-suite-")
        self.log_dir = log_dir or self.tmp
        # Redis listens on a socket in the suite's own directory, never on a TCP port: suites
        # started side by side (ctest -j) cannot collide on it, and the servers are started
        # with --redis unix:<path> as a deployment on one host may be.
        self.redis_socket = os.path.join(self.tmp, "redis.sock")
        self.redis_addr = "unix:" + self.redis_socket
        self.redis_password_file = os.path.join(self.tmp, "redis-devplan.password")
        self.ports = dict(DEFAULT_PORTS) if default_ports else {s: free_port() for s in SERVICES}
        self.procs = {}
        self.quiet = quiet

    def addr(self, service):
        return "127.0.0.1:%d" % self.ports[service]

    def env(self):
        e = dict(os.environ)
        e["DEVPLAN_REDIS_ADDR"] = self.redis_addr
        e["DEVPLAN_REDIS_USER"] = redis_acl.USER
        e["DEVPLAN_REDIS_PASSWORD_FILE"] = self.redis_password_file
        for s in SERVICES:
            e["DEVPLAN_%s_ADDR" % s.upper()] = self.addr(s)
        return e

    def _spawn(self, name, argv):
        with open(os.path.join(self.log_dir, name + ".log"), "ab") as log:
            self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                                env=self.env(), cwd=ROOT, start_new_session=True)

    def start_redis(self):
        conf = os.path.join(ROOT, "deploy", "redis", "redis.conf")
        acl = redis_acl.render(self.tmp, self.redis_password_file)
        self._spawn("redis", ["redis-server", conf, "--port", "0", "--unixsocket", self.redis_socket,
                              "--unixsocketperm", "700", "--dir", self.tmp, "--aclfile", acl,
                              "--daemonize", "no"])
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
                    c.settimeout(0.2)
                    c.connect(self.redis_socket)
                    c.sendall(b"PING\r\n")
                    if c.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start; see %s/redis.log" % self.log_dir)

    def stop_redis(self):
        self._stop("redis")

    def kill_redis(self):
        """kill -9: no shutdown, nothing flushed; start_redis() brings back what the AOF holds."""
        p = self.procs.pop("redis")
        p.kill()
        p.wait()

    def redis(self, *args):
        """One command on a connection of its own (a test's view of Redis, whatever the
        servers' pools hold), its reply decoded."""
        client = Redis(self.redis_socket)
        try:
            return client(*args)
        finally:
            client.close()

    def start_service(self, service):
        binary = os.path.join(BUILD_DIR, "services", service, service + "_server")
        self._spawn(service, [binary])

    def stop_service(self, service):
        self._stop(service)

    def start(self):
        self.start_redis()
        for s in SERVICES:
            self.start_service(s)
        for s in SERVICES:
            self.wait_health(s, "SERVING")
        return self

    def health(self, service, timeout=1.0):
        with grpc.insecure_channel(self.addr(service)) as ch:
            stub = health_pb2_grpc.HealthStub(ch)
            resp = stub.Check(health_pb2.HealthCheckRequest(), timeout=timeout)
            return health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)

    def wait_health(self, service, wanted, timeout=20.0):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            try:
                last = self.health(service)
                if last == wanted:
                    return
            except grpc.RpcError as e:
                last = e.code().name
            time.sleep(0.1)
        raise RuntimeError("%s health is %s, wanted %s (log: %s)" %
                           (service, last, wanted, os.path.join(self.log_dir, service + ".log")))

    def _stop(self, name):
        p = self.procs.pop(name, None)
        if p is None or p.poll() is not None:
            return
        p.send_signal(signal.SIGCONT)  # a stopped (SIGSTOP) process handles SIGTERM only then
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()

    def stop(self):
        for s in reversed(SERVICES):
            self._stop(s)
        self._stop("redis")
        for name in list(self.procs):
            self._stop(name)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
