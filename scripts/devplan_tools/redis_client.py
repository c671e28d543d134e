"""A Redis client for tests on the standard library alone (scripts/bootstrap.sh installs no
Redis module for Python): commands and replies in RESP over the suite's Unix socket."""
import socket


class Redis:
    """A tiny RESP client over a Unix socket: tests read Redis themselves rather than
    through the servers they check."""

    def __init__(self, path, binary=False):
        """`path`: a Unix socket path, "unix:PATH" or "HOST:PORT". `binary`: bulk strings are
        returned as bytes (DUMP payloads), else decoded as UTF-8."""
        if path.startswith("unix:"):
            path = path[len("unix:"):]
        if path.startswith("/"):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(path)
            except OSError:
                self.sock.close()  # a node not up yet is polled again: no socket left behind
                raise
        else:
            host, port = path.rsplit(":", 1)
            self.sock = socket.create_connection((host, int(port)))
        self.binary = binary
        self.buf = bytearray()
        self.pos = 0

    def close(self):
        self.sock.close()

    def send(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.sock.sendall(b"".join(out))

    def __call__(self, *args):
        self.send(*args)
        return self.reply()

    # The buffer is read from `pos` on and compacted only when that is most of it: slicing it
    # per element would copy a multi-megabyte reply (a backup's DUMPs) once per element.
    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("redis closed the connection")
        if self.pos > len(self.buf) // 2:
            self.buf = self.buf[self.pos:]
            self.pos = 0
        self.buf += chunk

    def _line(self):
        while True:
            end = self.buf.find(b"\r\n", self.pos)
            if end >= 0:
                break
            self._fill()
        line = bytes(self.buf[self.pos:end])
        self.pos = end + 2
        return line

    def reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError("redis: " + rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) - self.pos < n + 2:
                self._fill()
            data = bytes(self.buf[self.pos:self.pos + n])
            self.pos += n + 2
            return data if self.binary else data.decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise RuntimeError("redis: unexpected reply %r" % line)
