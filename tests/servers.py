"""``newskg serve`` as a real subprocess on a free 127.0.0.1 port, for tests that must not share its process.

The in-thread servers of ``tests.conftest`` suit functional tests; reliability
tests need the server in its own process: to measure its memory (with its query
workers), to check it outlives hostile requests, and to load it from another process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import psutil

from tests.conftest import CLI, ROOT, free_port


class ServeProcess:
    """``newskg serve --store STORE`` on a free port; ``NEWSKG_*`` settings come from ``env``."""

    def __init__(self, store: Path, *, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [*CLI, "serve", "--store", str(store), "--port", str(self.port), *args]
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: the access log of a load test would fill a pipe and block the server.
        self.log = tempfile.TemporaryFile()
        self.stderr = ""

    def start(self, timeout: float = 60) -> ServeProcess:
        """Start and wait until ``/healthz`` answers; raise with the server's stderr if it never does."""
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=self.log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"newskg serve did not start:\n{self.stderr[-3000:]}")

    def alive(self) -> bool:
        """The process runs and answers ``/healthz`` with 200."""
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            return httpx.get(f"{self.url}/healthz", timeout=30).status_code == 200
        except httpx.TransportError:
            return False

    def rss(self) -> int:
        """Resident memory in bytes of the server and all its descendants (the query workers)."""
        assert self.process is not None
        root = psutil.Process(self.process.pid)
        total = 0
        for proc in [root, *root.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.NoSuchProcess:  # a worker replaced between listing and reading
                pass
        return total

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down and its lifespan kills the workers), SIGKILL if that hangs."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.log.seek(0)
        self.stderr = self.log.read().decode("utf-8", "replace")
        self.log.close()

    def __enter__(self) -> ServeProcess:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
