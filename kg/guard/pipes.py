"""What the guard's processes share: how one starts another, sends to it without blocking, and ends with it."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from multiprocessing import Pipe
from multiprocessing.connection import Connection


def spawn(module: str, *, new_group: bool = False) -> tuple[subprocess.Popen, Connection]:
    """Start ``python -m module FD`` and return it with our end of the pipe whose other end is ``FD``.

    ``subprocess`` rather than ``multiprocessing``, so that it can be started anywhere, including in
    Dask's daemonic worker processes, and inherits no file descriptors (the caller may hold a store's
    lock). ``new_group`` makes it the leader of a process group of its own, which ``kill_group`` stops
    with whatever it started.
    """
    ours, theirs = Pipe()
    process = subprocess.Popen([sys.executable, "-m", module, str(theirs.fileno())], pass_fds=(theirs.fileno(),),
                               stdin=subprocess.DEVNULL, start_new_session=new_group)
    theirs.close()
    return process, ours


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a process started with ``new_group`` and every process it started, then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # all gone already
        pass
    process.wait()


class Sender:
    """Sends on a connection from a thread of its own.

    A send blocks while the other side does not read (it may be sending to us, or be stuck), and
    the sender must go on reading and watching the clock meanwhile.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._box: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._run, name="newskg-guard-send", daemon=True).start()

    def _run(self) -> None:
        for item in iter(self._box.get, None):
            try:
                self._conn.send(item)
            except (OSError, ValueError):  # the other side was killed meanwhile
                return

    def put(self, item: object) -> None:
        self._box.put(item)

    def close(self) -> None:
        self._box.put(None)


def exit_with_parent() -> None:
    """Exit when the parent is gone (killed, or crashed), even in the middle of an article."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newskg-parent-watch", daemon=True).start()
