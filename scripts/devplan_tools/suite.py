"""Starts and stops a whole devplan suite: a private redis-server and the four servers, over
TLS with the access policy, as a deployment runs them (issue #13).

Credentials come from scripts/dev-certs.sh: a development CA, one server certificate, a client
certificate per identity (made when first asked for) and the token-signing key, in the
suite's own directory, or in `certs_dir` when given (the demo keeps them across runs). The
servers run deploy/auth/policy.textproto with every department labelled as the SAMPLE data is
("区统计局（示例数据 SAMPLE）"): what a suite serves is SAMPLE or test data, and a department's
identity writes its department as reported_by.

Clients: channel(service, identity) is a TLS channel presenting that identity's certificate;
reporting_channels(district) are channels on which each write goes as the department its
reported_by names (that department's writer identity in the district, by a bearer token), so
the SAMPLE loaders report department by department; env(identity) is the environment for
devplanctl. Health answers on the TLS port without credentials, and on a plaintext
health-only port (health_addr) as an orchestrator would ask.

insecure=True starts the servers with --insecure (plaintext, no identities, no policy), for a
test of what lies behind the access layer (tests/faults/bad_input_test.py).

replicas=N starts N processes of every service (issue #16), instances named "investment",
"investment-2", …, each on ports of its own; every client of a service (the aggregator, the
gateway, devplanctl through env()) gets the comma-separated list of its replicas, balanced
round_robin (services/common/client_channel.h). addr(service) is the first replica's.

Every process started here is stopped by stop(), which demo.py and the tests call from
`finally` and from signal handlers, so nothing is left running."""
import collections
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from google.protobuf import text_format

from . import redis_acl
from .children import die_with_parent
from .redis_client import Redis
from .sample import dept
from .stubs import BUILD_DIR, ROOT, access_pb2, grpc, health_pb2, health_pb2_grpc

SERVICES = ["investment", "environment", "social", "aggregator"]
DOMAIN_SERVICES = ["investment", "environment", "social"]
DEFAULT_PORTS = {"aggregator": 50050, "investment": 50051, "environment": 50052, "social": 50053}
# The plaintext health-only ports beside them (--health-listen).
DEFAULT_HEALTH_PORTS = {"aggregator": 50060, "investment": 50061, "environment": 50062, "social": 50063}
# The plaintext Prometheus metrics ports (--metrics-listen; GET /metrics).
DEFAULT_METRICS_PORTS = {"aggregator": 50070, "investment": 50071, "environment": 50072, "social": 50073}
# The HTTP/JSON gateway's default port (services/gateway, --listen).
DEFAULT_GATEWAY_PORT = 8080
POLICY = os.path.join(ROOT, "deploy", "auth", "policy.textproto")
DEV_CERTS = os.path.join(ROOT, "scripts", "dev-certs.sh")
DEV_TOKEN = os.path.join(ROOT, "scripts", "dev-token.py")
# The aggregator's identity towards the domain services (--client-cert).
AGGREGATOR_IDENTITY = "aggregator"
# Who the reporting channels read as (a loader checks what is stored before it writes).
READER_IDENTITY = "dashboard"


# What client_channel.cc gives a channel to a list of replicas whose calls are safe to repeat
# (Retry::kUnavailable): a call caught on a replica that just died is sent to another. Use
# balanced channels for reads, or writes with a request_id.
BALANCED_SERVICE_CONFIG = ('{"loadBalancingConfig":[{"round_robin":{}}],"healthCheckConfig":{"serviceName":""},'
                           '"methodConfig":[{"name":[{}],"retryPolicy":{"maxAttempts":3,"initialBackoff":"0.05s",'
                           '"maxBackoff":"0.5s","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]}')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def sample_policy(source=POLICY):
    """The policy with every department labelled as the SAMPLE data is."""
    policy = text_format.Parse(read(source, "r"), access_pb2.AccessPolicy())
    for identity in policy.identities:
        if identity.department:
            identity.department = dept(identity.department)
    return policy


def writers(policy):
    """(department, service, district) → the identity of that department bound to the
    service's writer role ("<service>.writer") in the district ("*": any)."""
    by_name = {i.name: i for i in policy.identities}
    out = {}
    for b in policy.bindings:
        service = b.role[:-len(".writer")] if b.role.endswith(".writer") else None
        if service not in DOMAIN_SERVICES:
            continue
        for name in b.identities:
            for district in b.districts:
                out[(by_name[name].department, service, district)] = name
    return out


class _CallDetails(collections.namedtuple("_CallDetails", ("method", "timeout", "metadata", "credentials",
                                                           "wait_for_ready", "compression")),
                   grpc.ClientCallDetails):
    pass


class _ReportAs(grpc.UnaryUnaryClientInterceptor, grpc.StreamUnaryClientInterceptor):
    """Sends each write (a request with a reported_by; a stream's first message has it) with
    the bearer token of the identity that speaks for that department; the rest goes as the
    channel's certificate says."""

    def __init__(self, token_for):
        self.token_for = token_for

    def _details(self, details, request):
        department = getattr(request, "reported_by", "")
        if not department:
            return details
        metadata = list(details.metadata or []) + [("authorization", "Bearer " + self.token_for(department))]
        return _CallDetails(details.method, details.timeout, metadata, details.credentials,
                            details.wait_for_ready, details.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details, request), request)

    def intercept_stream_unary(self, continuation, details, request_iterator):
        first = next(request_iterator, None)
        if first is None:
            return continuation(details, iter(()))

        def messages():
            yield first
            yield from request_iterator
        return continuation(self._details(details, first), messages())


class Suite:
    def __init__(self, default_ports=False, log_dir=None, quiet=True, certs_dir=None, insecure=False,
                 cluster=False, log_format="text", replicas=1, server_flags=()):
        self.tmp = tempfile.mkdtemp(prefix="devplan-suite-")
        self.log_dir = log_dir or self.tmp
        # cluster=True: a private 3-master/3-replica Redis Cluster (redis_cluster.py) on
        # loopback TCP ports instead of the one Redis on a socket; the servers get
        # --redis cluster://… and the suite's look at Redis (redis()) goes to node 0.
        # cluster=N (an int): N masters, each with its replica (scripts/cluster_bench.py).
        self.cluster = None
        if cluster:
            from .redis_cluster import RedisCluster
            self.cluster = RedisCluster(self.tmp, os.path.join(self.tmp, "users.acl"),
                                        masters=3 if cluster is True else int(cluster),
                                        replicator_password_file=os.path.join(self.tmp, "redis-replicator.password"))
        # Redis listens on a socket in the suite's own directory, never on a TCP port: suites
        # started side by side (ctest -j) cannot collide on it, and the servers are started
        # with --redis unix:<path> as a deployment on one host may be.
        self.redis_socket = os.path.join(self.tmp, "redis.sock")
        self.redis_addr = "unix:" + self.redis_socket
        self.redis_password_file = os.path.join(self.tmp, "redis-devplan.password")
        self.default_ports = default_ports
        self.replicas = {s: [s] + ["%s-%d" % (s, i) for i in range(2, replicas + 1)] for s in SERVICES}
        self._pick_ports()
        # Flags every server is started with besides the suite's own (e.g. a short
        # --max-connection-age-ms).
        self.server_flags = list(server_flags)
        self.procs = {}
        self._log_start = {}
        self.quiet = quiet
        self.insecure = insecure
        self.log_format = log_format  # the servers' --log-format: text or json
        self.certs = certs_dir or os.path.join(self.tmp, "certs")
        self.policy_path = os.path.join(self.tmp, "policy.textproto")
        self.policy = sample_policy()
        self._writers = writers(self.policy)
        self._tokens = {}

    def _pick_ports(self):
        """Every instance's gRPC, health and metrics ports: the defaults for the first replicas
        with default_ports, else ports the kernel picks (free_port), replicas beyond the first
        always the latter."""
        d = self.default_ports
        self.ports = dict(DEFAULT_PORTS) if d else {s: free_port() for s in SERVICES}
        self.health_ports = dict(DEFAULT_HEALTH_PORTS) if d else {s: free_port() for s in SERVICES}
        self.metrics_ports = dict(DEFAULT_METRICS_PORTS) if d else {s: free_port() for s in SERVICES}
        for s in SERVICES:
            for name in self.replicas[s][1:]:
                self.ports[name], self.health_ports[name], self.metrics_ports[name] = (
                    free_port(), free_port(), free_port())

    def _lost_its_port(self, name):
        """True when instance `name` exited because a port picked for it was taken meanwhile:
        free_port's port is free when picked, and another process (a test beside this one, an
        outgoing connection) may bind it before the server does."""
        p = self.procs.get(name)
        if p is None or p.poll() is None:
            return False
        try:
            log = read(os.path.join(self.log_dir, name + ".log"))
        except OSError:
            return False
        # gRPC's ports say "Address already in use"; the metrics port's web server only that it
        # "cannot listen" there.
        return b"Address already in use" in log or b"--metrics-listen" in log and b"cannot listen" in log

    def _listening(self, name):
        """True once instance `name`, as last started, runs and has logged that it listens (the
        servers and the gateway do so once every port is bound). An answer on its port before
        that may be another process's, holding a port picked for this one, whose own start then
        fails: a plaintext health port or another test's gateway answers as well as its own."""
        p = self.procs.get(name)
        if p is None or p.poll() is not None:
            return False
        try:
            log = read(os.path.join(self.log_dir, name + ".log"))
        except OSError:
            return False
        return b" listening on " in log[self._log_start.get(name, 0):]

    def addr(self, service):
        """The address of `service`'s first replica, or of the instance so named."""
        return "127.0.0.1:%d" % self.ports[service]

    def addrs(self, service):
        """Every replica of `service`, as its clients' address flags take them."""
        return ",".join(self.addr(name) for name in self.replicas[service])

    def health_addr(self, service):
        """The plaintext port that serves only grpc.health.v1 (--health-listen)."""
        return "127.0.0.1:%d" % self.health_ports[service]

    # --- credentials -------------------------------------------------------------------

    def metrics_addr(self, service):
        """The plaintext HTTP port Prometheus scrapes (--metrics-listen): GET /metrics."""
        return "127.0.0.1:%d" % self.metrics_ports[service]

    def make_credentials(self, identities=()):
        """The CA, the server certificate, the token key and a certificate for each of
        `identities` (scripts/dev-certs.sh keeps what is already there), and the policy the
        servers run."""
        subprocess.run([DEV_CERTS, self.certs, AGGREGATOR_IDENTITY] + list(identities), check=True)
        with open(self.policy_path, "w", encoding="utf-8") as f:
            f.write("# deploy/auth/policy.textproto, departments labelled as the SAMPLE data is "
                    "(scripts/devplan_tools/suite.py)\n")
            f.write(text_format.MessageToString(self.policy, as_utf8=True))

    def identities(self):
        """Every identity of the policy, by name."""
        return [i.name for i in self.policy.identities]

    def cert_files(self, identity):
        """(certificate, key) of `identity`, made if missing."""
        cert, key = (os.path.join(self.certs, identity + ext) for ext in (".pem", ".key"))
        if not os.path.exists(cert):
            self.make_credentials([identity])
        return cert, key

    def token(self, identity, *args):
        """A bearer token for `identity` (scripts/dev-token.py; `args` are its other flags)."""
        key = (identity,) + args
        if key not in self._tokens:
            self._tokens[key] = subprocess.run(
                ["/usr/bin/python3", DEV_TOKEN, "--key", os.path.join(self.certs, "token.key"),
                 "--sub", identity] + list(args), check=True, capture_output=True, text=True).stdout.strip()
        return self._tokens[key]

    def department(self, identity):
        """The department `identity` writes as, as the servers run the policy."""
        for i in self.policy.identities:
            if i.name == identity:
                return i.department
        raise LookupError("no identity %s in deploy/auth/policy.textproto" % identity)

    def writer(self, department, service, district):
        """The identity that reports for `department` to `service` in `district`."""
        for d in (district, "*"):
            name = self._writers.get((department, service, d))
            if name:
                return name
        raise LookupError("no identity of %s writes to %s in %s (deploy/auth/policy.textproto)"
                          % (department, service, district))

    def credentials(self, identity=None):
        cert = key = None
        if identity:
            cert_file, key_file = self.cert_files(identity)
            cert, key = read(cert_file), read(key_file)
        return grpc.ssl_channel_credentials(root_certificates=read(os.path.join(self.certs, "ca.pem")),
                                            private_key=key, certificate_chain=cert)

    def channel(self, service, identity=None, options=(), balanced=False):
        """A channel to `service` as `identity` (its client certificate; None: no identity):
        to its first replica, or with `balanced` to every replica, round_robin over the healthy
        ones as the suite's own clients do (services/common/client_channel.h), UNAVAILABLE
        retried on another (BALANCED_SERVICE_CONFIG)."""
        target, options = self.addr(service), list(options)
        if balanced and len(self.replicas[service]) > 1:
            target = "ipv4:" + self.addrs(service)
            options += [("grpc.service_config", BALANCED_SERVICE_CONFIG),
                        ("grpc.default_authority", self.addr(service))]
        if self.insecure:
            return grpc.insecure_channel(target, options=options)
        return grpc.secure_channel(target, self.credentials(identity), options=options)

    def reporting_channel(self, service, district, options=()):
        """A channel to a domain service on which each write goes as the department it
        reports for (its writer identity in `district`), reads as READER_IDENTITY."""
        channel = self.channel(service, READER_IDENTITY, options)
        if self.insecure:
            return channel
        return grpc.intercept_channel(channel, _ReportAs(
            lambda department: self.token(self.writer(department, service, district))))

    def reporting_channels(self, district):
        """reporting_channel of each domain service, by name (what the SAMPLE loaders take)."""
        return {s: self.reporting_channel(s, district) for s in DOMAIN_SERVICES}

    def env(self, identity=None):
        """The environment of the servers, and of a devplanctl acting as `identity`."""
        e = dict(os.environ)
        e["DEVPLAN_REDIS_ADDR"] = self.redis_addr
        e["DEVPLAN_REDIS_USER"] = redis_acl.USER
        e["DEVPLAN_REDIS_PASSWORD_FILE"] = self.redis_password_file
        for s in SERVICES:
            e["DEVPLAN_%s_ADDR" % s.upper()] = self.addrs(s)
        if self.insecure:
            e["DEVPLAN_INSECURE"] = "1"
        else:
            e["DEVPLAN_TLS_CA"] = os.path.join(self.certs, "ca.pem")
        if identity and not self.insecure:
            e["DEVPLAN_CERT"], e["DEVPLAN_KEY"] = self.cert_files(identity)
        return e

    # --- processes ---------------------------------------------------------------------

    def _spawn(self, name, argv):
        path = os.path.join(self.log_dir, name + ".log")
        # Where this start's lines begin: the log is appended to across restarts (_listening).
        self._log_start[name] = os.path.getsize(path) if os.path.exists(path) else 0
        with open(path, "ab") as log:
            self.procs[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                                env=self.env(), cwd=ROOT, start_new_session=True,
                                                preexec_fn=die_with_parent())

    def start_redis(self):
        conf = os.path.join(ROOT, "deploy", "redis", "redis.conf")
        acl = redis_acl.render(self.tmp, self.redis_password_file,
                               self.cluster.replicator_password_file if self.cluster else None)
        if self.cluster:
            self.redis_socket = self.cluster.socket(0)
            self.redis_addr = self.cluster.address()
            with open(os.path.join(self.log_dir, "redis.log"), "ab") as log:
                self.cluster.start(log)
            return
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
        if self.cluster:
            self.cluster.stop()
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

    def server_args(self, service, instance=None, ports=True):
        """The flags `service` (its replica `instance`) is started with: its ports, and TLS with
        the policy. ports=False: all but the ports, for one more server of the suite started on
        ports of its own."""
        instance = instance or service
        args = ["--listen", self.addr(instance), "--health-listen", self.health_addr(instance),
                "--metrics-listen", self.metrics_addr(instance)] if ports else []
        args += ["--log-format", self.log_format]
        args += self.server_flags
        if self.insecure:
            return args + ["--insecure"]
        c = lambda name: os.path.join(self.certs, name)  # noqa: E731
        args += ["--tls-cert", c("server.pem"), "--tls-key", c("server.key"), "--tls-ca", c("ca.pem"),
                 "--policy", self.policy_path, "--token-public-key", c("token.pub")]
        if service == "aggregator":
            args += ["--client-cert", c(AGGREGATOR_IDENTITY + ".pem"),
                     "--client-key", c(AGGREGATOR_IDENTITY + ".key")]
        return args

    @staticmethod
    def service_of(instance):
        return instance.split("-")[0]

    def start_service(self, instance):
        """Starts the replica `instance` ("investment", "investment-2", …)."""
        service = self.service_of(instance)
        binary = os.path.join(BUILD_DIR, "services", service, service + "_server")
        self._spawn(instance, [binary] + self.server_args(service, instance))

    def stop_service(self, instance):
        self._stop(instance)

    def start_gateway(self, name="gateway", port=None, args=()):
        """The HTTP/JSON gateway (issue #18) in front of this suite, on `port` (a free one by
        default); it calls the servers with the suite's CA (or --insecure) and no identity of
        its own. Returns its base URL once /healthz answers."""
        binary = os.path.join(BUILD_DIR, "services", "gateway", "gateway_server")
        log = os.path.join(self.log_dir, name + ".log")
        for attempt in range(3):
            chosen = port or free_port()
            self._spawn(name, [binary, "--listen", "127.0.0.1:%d" % chosen] + list(args))
            url = "http://127.0.0.1:%d" % chosen
            deadline = time.time() + 20
            while time.time() < deadline:
                try:
                    with socket.create_connection(("127.0.0.1", chosen), timeout=0.5) as c:
                        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        if c.recv(16).startswith(b"HTTP/1.1 200") and self._listening(name):
                            return url
                except OSError:
                    pass
                if self.procs[name].poll() is not None:
                    break
                time.sleep(0.05)
            # A picked port another process took first (as in start): another one.
            lost = self.procs[name].poll() is not None and b"cannot listen on" in read(log)
            if port or not lost:
                break
            self.procs.pop(name)
        raise RuntimeError("%s did not start; see %s" % (name, log))

    def start(self):
        if not self.insecure:
            self.make_credentials()
        self.start_redis()
        instances = [name for s in SERVICES for name in self.replicas[s]]
        for attempt in range(3):
            for name in instances:
                self.start_service(name)
            try:
                for name in instances:
                    self.wait_health(name, "SERVING")
                return self
            except RuntimeError:
                # A port lost to another process: every port is picked again (the clients'
                # flags name them) and every server started again; anything else is an error.
                if self.default_ports or attempt == 2 or not any(self._lost_its_port(n) for n in instances):
                    raise
                for name in instances:
                    self._stop(name)
                self._pick_ports()
        return self

    def health(self, service, timeout=1.0, plaintext_port=False):
        """The health of `service`, asked on its TLS port without credentials (or on its
        plaintext health port)."""
        if plaintext_port:
            ch = grpc.insecure_channel(self.health_addr(service))
        else:
            ch = self.channel(service)
        with ch:
            stub = health_pb2_grpc.HealthStub(ch)
            resp = stub.Check(health_pb2.HealthCheckRequest(), timeout=timeout)
            return health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)

    def wait_health(self, service, wanted, timeout=20.0):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            try:
                last = self.health(service)
                # SERVING from this start of it, not from another process on its port.
                ours = wanted != "SERVING" or service not in self.procs or self._listening(service)
                if last == wanted and ours:
                    return
            except grpc.RpcError as e:
                last = e.code().name
            if self.procs.get(service) and self.procs[service].poll() is not None:
                break  # it exited (a bad flag, a bad policy): waiting longer changes nothing
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
            for name in self.replicas[s]:
                self._stop(name)
        self.stop_redis()
        for name in list(self.procs):
            self._stop(name)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
