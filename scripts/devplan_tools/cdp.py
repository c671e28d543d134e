"""Headless Debian chromium driven over the Chrome DevTools Protocol on a pipe
(--remote-debugging-pipe): the browser reads commands from its fd 3 and writes replies and
events to its fd 4, each one JSON message ended by a NUL byte. No websocket, no package
beyond the standard library.

    with Browser(tmp_dir) as browser:
        page = browser.new_page()
        page.call("Page.navigate", url=...)
        page.evaluate("document.title")

Every event of every page is kept in order (browser.events) so a test can look for console
errors and navigations afterwards; a test's run is short, so that list stays small."""
import base64
import fcntl
import json
import os
import shutil
import subprocess
import threading
import time

from .children import die_with_parent

# A reply to one command within this long, or the browser is taken to be stuck.
COMMAND_TIMEOUT = 30.0


class CdpError(RuntimeError):
    pass


def _above_9(fd):
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    def __init__(self, user_data_dir, chromium=None, window=(1920, 1080), log_path=None):
        self.chromium = chromium or shutil.which("chromium")
        if self.chromium is None:
            raise FileNotFoundError("chromium is not installed")
        self.user_data_dir = user_data_dir
        self.window = window
        self.log_path = log_path or os.path.join(user_data_dir, "chromium.log")
        self.events = []
        self._replies = {}
        self._next_id = 0
        self._cond = threading.Condition()
        self._closed = False
        self.proc = None

    def start(self):
        os.makedirs(self.user_data_dir, exist_ok=True)
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # The browser's ends move above 9, so that placing them at 3 and 4 never closes one.
        to_browser_r, from_browser_w = _above_9(to_browser_r), _above_9(from_browser_w)
        # The pipes must be the browser's fds 3 and 4: bash (dash takes one-digit fds only) puts
        # them there, closes the originals and becomes chromium; pass_fds keeps just those open.
        script = 'exec "$0" "$@" 3<&%d 4>&%d %d<&- %d>&-' % (to_browser_r, from_browser_w, to_browser_r,
                                                             from_browser_w)
        argv = ["/bin/bash", "-c", script, self.chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-pipe", "--user-data-dir=" + self.user_data_dir, "--no-first-run",
                "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
                "--window-size=%d,%d" % self.window, "about:blank"]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(argv, pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                         preexec_fn=die_with_parent())
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._out = os.fdopen(to_browser_w, "wb", buffering=0)
        self._in = os.fdopen(from_browser_r, "rb", buffering=0)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self):
        buffer = b""
        while True:
            chunk = self._in.read(65536)
            if not chunk:
                break
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self._cond:
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self.events.append(message)
                    self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def call(self, method, session=None, timeout=COMMAND_TIMEOUT, **params):
        """The result of one command (on a page's session when given); CdpError on an error."""
        with self._cond:
            self._next_id += 1
            msg_id = self._next_id
        message = {"id": msg_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._out.write(json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + timeout
        with self._cond:
            while msg_id not in self._replies:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise CdpError("%s: no reply (browser %s; log %s)" % (
                        method, "gone" if self._closed else "stuck", self.log_path))
                self._cond.wait(left)
            reply = self._replies.pop(msg_id)
        if "error" in reply:
            raise CdpError("%s: %s" % (method, reply["error"]))
        return reply.get("result", {})

    def wait_event(self, predicate, timeout, start=0):
        """The first event from index `start` on for which predicate(event) holds; CdpError
        after `timeout` seconds without one."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[start:]:
                    if predicate(event):
                        return event
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise CdpError("no such event within %.0f s" % timeout)
                self._cond.wait(left)

    def new_page(self):
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        return Page(self, target, session)

    def stop(self):
        if self.proc is None:
            return
        try:
            self.call("Browser.close", timeout=5)
        except (CdpError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._out.close()
        self._reader.join(timeout=10)
        self._in.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class Page:
    def __init__(self, browser, target, session):
        self.browser = browser
        self.target = target
        self.session = session

    def call(self, method, timeout=COMMAND_TIMEOUT, **params):
        return self.browser.call(method, session=self.session, timeout=timeout, **params)

    def events(self, start=0):
        """This page's events so far, from index `start` of the browser's list."""
        return [e for e in self.browser.events[start:] if e.get("sessionId") == self.session]

    def evaluate(self, expression):
        """The JSON value of a JavaScript expression (awaited when a promise); CdpError when
        it throws."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise CdpError("%s threw: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait_for(self, expression, timeout, poll=0.05):
        """Polls until `expression` is truthy; returns its value, or CdpError after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise CdpError("%s still false after %.0f s" % (expression, timeout))
            time.sleep(poll)

    def viewport(self, width, height, mobile=False, scale=1):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=scale,
                  mobile=mobile)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
