"""Runs store work in killable worker processes: per-query timeout, concurrency cap, no blocked loop.

Why processes: pyoxigraph has no query timeout and a running query cannot be
interrupted from another thread, so the only way to really stop a runaway query
is to kill the process evaluating it. Each worker (``api.worker``) holds its
own store handle and evaluates one job at a time; the web process only routes
requests and streams answers, so it never blocks on the store.

- **Timeout.** The web process waits ``timeout`` seconds for a reply; then it
  SIGKILLs that worker (the client gets 503 at once) and spawns a replacement in
  the background. Other workers keep answering meanwhile.
- **Concurrency cap.** At most ``size`` workers exist (``max_concurrent_queries``);
  requests beyond that wait for an idle worker, and get 503 if none frees up
  within the timeout. Workers are spawned on demand, ``prestart`` at startup.
- **The single-writer rule.** A RocksDB store may be opened read-write by one
  process only, and opening it read-only while another process writes is
  undefined behaviour. So the web process never opens the store itself, and:
  * writes disabled (no API token): every worker opens the store **read-only**;
    any number of them can run, and killing one cannot corrupt anything.
    (Run ``newskg build`` on a stopped server, or on a copy: read-only handles
    see the store as it was when they opened.)
  * writes enabled: exactly **one** worker opens the store read-write and runs
    every query and update in turn (``size`` is forced to 1). Killing it mid-
    update is safe because pyoxigraph applies each update in one transaction;
    the price is that a slow query delays others until it finishes or times out.
- **No outbound requests** are enforced before jobs reach a worker (``api.guard``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import multiprocessing.connection
from dataclasses import dataclass

from api import worker
from api.errors import ApiError
from api.jobs import Job, Reply
from kg.store import StoreError

_STARTUP_SECONDS = 60.0


class QueryTimeout(ApiError):
    """The job overran the timeout; its worker was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(503, f"query stopped after {seconds:g} s (the server's query timeout, "
                              "NEWSKG_QUERY_TIMEOUT / --query-timeout); simplify it or add a LIMIT")


class Busy(ApiError):
    """Every worker stayed busy for the whole wait."""

    def __init__(self, size: int) -> None:
        super().__init__(503, f"the server is busy: {size} queries are running (NEWSKG_MAX_CONCURRENT_QUERIES); "
                              "try again shortly", {"Retry-After": "1"})


class WorkerFailed(ApiError):
    """A worker died while evaluating (e.g. out of memory)."""

    def __init__(self) -> None:
        super().__init__(500, "the query worker died while evaluating this request; it was restarted")


@dataclass(eq=False)  # identity semantics: workers live in sets
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    alive: bool = True

    def call(self, job: Job, timeout: float | None) -> Reply:
        """Send a job and wait for its reply (blocking; run in a thread)."""
        try:
            self.conn.send(job)
            if not self.conn.poll(timeout):
                self.kill()
                raise QueryTimeout(timeout or 0)
            return self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerFailed() from None

    def kill(self) -> None:
        self.alive = False
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        self.conn.close()


class Executor:
    """A pool of worker processes over one store."""

    def __init__(self, location: str, *, writable: bool, size: int, timeout: float, max_rows: int,
                 prestart: int = 2) -> None:
        self.location = location
        self.writable = writable
        self.size = 1 if writable else max(1, size)
        self.timeout = timeout
        self.max_rows = max_rows
        self.prestart = min(prestart, self.size)
        self._ctx = multiprocessing.get_context("spawn")  # no fork: the web process runs threads
        self._threads = concurrent.futures.ThreadPoolExecutor(self.size + 2, thread_name_prefix="newskg-exec")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._count = 0  # alive or being spawned
        self._closed = False

    # -- lifecycle -------------------------------------------------------------------
    async def start(self) -> None:
        """Spawn the first workers; fails (StoreError) when the store cannot be opened."""
        loop = asyncio.get_running_loop()
        self._count = self.prestart
        spawned = await asyncio.gather(*[loop.run_in_executor(self._threads, self._spawn)
                                         for _ in range(self.prestart)], return_exceptions=True)
        errors = [s for s in spawned if isinstance(s, BaseException)]
        for w in spawned:
            if isinstance(w, _Worker):
                self._idle.put_nowait(w)
        if errors:
            await self.close()
            raise errors[0]

    async def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        for w in list(self._all):
            w.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker.serve, name="newskg-query-worker", daemon=True,
                                    args=(child, self.location, self.writable, self.max_rows))
        process.start()
        child.close()
        w = _Worker(process, parent)
        if not parent.poll(_STARTUP_SECONDS):
            w.kill()
            raise StoreError(f"a query worker did not open the store {self.location} within {_STARTUP_SECONDS:g} s")
        try:
            status, message = parent.recv()
        except EOFError:
            status, message = "error", "the query worker exited while opening the store"
        if status != "ready":
            w.kill()
            raise StoreError(message)
        self._all.add(w)
        return w

    # -- running jobs ------------------------------------------------------------------
    async def run(self, job: Job, *, bounded: bool = True) -> Reply:
        """Run a job on an idle worker, stopped after the query timeout unless ``bounded`` is False."""
        limit = self.timeout if bounded else None
        w = await self._acquire()
        loop = asyncio.get_running_loop()
        future = self._threads.submit(w.call, job, limit)
        # Give the worker back only when the call is over, even if this request is cancelled.
        future.add_done_callback(lambda _f: loop.call_soon_threadsafe(self._release, w))
        return await asyncio.wrap_future(future)

    async def _acquire(self) -> _Worker:
        if self._closed:
            raise ApiError(503, "the server is shutting down")
        try:
            return self._idle.get_nowait()
        except asyncio.QueueEmpty:
            pass
        if self._count < self.size:
            self._count += 1
            try:
                return await asyncio.get_running_loop().run_in_executor(self._threads, self._spawn)
            except BaseException:
                self._count -= 1
                raise
        try:
            return await asyncio.wait_for(self._idle.get(), timeout=self.timeout)
        except TimeoutError:
            raise Busy(self.size) from None

    def _release(self, w: _Worker) -> None:
        if self._closed:
            return
        if w.alive:
            self._idle.put_nowait(w)
            return
        self._all.discard(w)
        asyncio.get_running_loop().create_task(self._replace())

    async def _replace(self) -> None:
        """Spawn a worker for one that was killed, keeping the pool's capacity ready."""
        try:
            w = await asyncio.get_running_loop().run_in_executor(self._threads, self._spawn)
        except (StoreError, RuntimeError):
            self._count -= 1  # spawned again on demand
            return
        if self._closed:
            w.kill()
        else:
            self._idle.put_nowait(w)
