"""Processes a test or script starts (servers, Redis, Prometheus, chromium) that do not outlive
it. Each is normally stopped by its owner (Suite.stop: SIGTERM, then a wait); but a driver
killed outright (ctest's timeout, kill -9, a crash) never gets there, and its children, in
sessions of their own, would keep running with their ports and temporary directories. With
die_with_parent() as a Popen's preexec_fn, the kernel sends the child SIGKILL when its parent
ends (PR_SET_PDEATHSIG, as tests/support/redis_server.cc does for C++ tests). Linux counts the
parent as the thread that started the child: start them from the thread that lives as long as
they should (every caller here starts them from the main thread)."""
import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


def die_with_parent():
    """A preexec_fn (runs in the child between fork and exec): SIGKILL when the parent ends."""
    parent = os.getpid()

    def arm():
        if _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            os._exit(127)
        # The parent may have ended before the request was made: nothing would send it then.
        if os.getppid() != parent:
            os._exit(1)

    return arm
