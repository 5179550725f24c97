"""Runs store work and article extraction in killable worker processes: timeouts, concurrency caps, no blocked loop.

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
- **Article extraction** (``POST /articles``) runs in a second pool, ``Executor.for_extraction``:
  one process that holds the spaCy model and the SHACL shapes but never the store.
  The web process stays free of spaCy, a slow article never delays queries, and
  the store worker only receives the finished, validated graph to write. An article
  that overruns ``extraction_timeout`` (the per-article limit of ``newskg build`` too,
  see ``kg.guard``) gets 503 and its extractor is killed and replaced, as a query's worker is.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import multiprocessing.connection
from collections.abc import Callable
from dataclasses import dataclass

from api import worker
from api.errors import ApiError
from api.jobs import Answer, Job
from kg.guard import overrun_reason
from kg.settings import Settings
from kg.store import StoreError

_STARTUP_SECONDS = 60.0  # opening a store, or loading the spaCy model and the shapes


class QueryTimeout(ApiError):
    """The job overran the timeout; its worker was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(503, f"query stopped after {seconds:g} s (the server's query timeout, "
                              "NEWSKG_QUERY_TIMEOUT / --query-timeout); simplify it or add a LIMIT")


class ExtractionTimeout(ApiError):
    """An article overran ``extraction_timeout``, the limit ``newskg build`` applies too; the extractor was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(503, overrun_reason(seconds) + "; split the article, or raise the limit")


class Busy(ApiError):
    """Every worker stayed busy for the whole wait."""

    def __init__(self, size: int, name: str) -> None:
        super().__init__(503, f"the server is busy: all {size} {name} processes are working "
                              "(NEWSKG_MAX_CONCURRENT_QUERIES for queries); try again shortly", {"Retry-After": "1"})


class WorkerFailed(ApiError):
    """A worker died while evaluating (e.g. out of memory)."""

    def __init__(self, name: str) -> None:
        super().__init__(500, f"the {name} process died while working on this request; it was restarted")


@dataclass(eq=False)  # identity semantics: workers live in sets
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    alive: bool = True

    def call(self, job: Job, timeout: float | None, on_timeout: Callable[[float], ApiError]) -> Answer:
        """Send a job and wait for its answer (blocking; run in a thread)."""
        try:
            self.conn.send(job)
            if not self.conn.poll(timeout):
                self.kill()
                raise on_timeout(timeout or 0)
            return self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerFailed(self.process.name) from None

    def kill(self) -> None:
        self.alive = False
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        self.conn.close()


class Executor:
    """A pool of worker processes, each running ``serve(conn, *args)`` (see ``api.worker``)."""

    def __init__(self, serve: Callable[..., None], args: tuple, *, size: int, timeout: float, prestart: int = 2,
                 name: str = "newskg-worker", on_timeout: Callable[[float], ApiError] = QueryTimeout,
                 wait: float | None = None) -> None:
        self.serve = serve
        self.args = args
        self.size = max(1, size)
        self.timeout = timeout
        self.wait = timeout if wait is None else wait  # how long a job waits for an idle worker
        self.prestart = min(prestart, self.size)
        self.name = name
        self.on_timeout = on_timeout
        self._ctx = multiprocessing.get_context("spawn")  # no fork: the web process runs threads
        self._threads = concurrent.futures.ThreadPoolExecutor(self.size + 2, thread_name_prefix="newskg-exec")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._count = 0  # alive or being spawned
        self._closed = False

    @classmethod
    def for_store(cls, settings: Settings) -> Executor:
        """Query workers over ``settings.store``: many read-only ones, or the single writer when writes are on."""
        writable = bool(settings.api_token)
        return cls(worker.serve, (settings.store, writable, settings.max_rows, settings),
                   name="newskg-query-worker",
                   size=1 if writable else settings.max_concurrent_queries, timeout=settings.query_timeout)

    @classmethod
    def for_extraction(cls, settings: Settings) -> Executor:
        """One article extractor, started on the first article (the model takes seconds and memory to load)."""
        # A job may wait for the article before it and for a killed extractor's replacement to load the model.
        return cls(worker.serve_extractor, (settings,), name="newskg-extractor", size=1, prestart=0,
                   timeout=settings.extraction_timeout, on_timeout=ExtractionTimeout,
                   wait=settings.extraction_timeout + _STARTUP_SECONDS)

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
        process = self._ctx.Process(target=self.serve, name=self.name, daemon=True, args=(child, *self.args))
        process.start()
        child.close()
        w = _Worker(process, parent)
        if not parent.poll(_STARTUP_SECONDS):
            w.kill()
            raise StoreError(f"{self.name} was not ready within {_STARTUP_SECONDS:g} s")
        try:
            status, message = parent.recv()
        except EOFError:
            status, message = "error", f"{self.name} exited while starting"
        if status != "ready":
            w.kill()
            raise StoreError(message)
        self._all.add(w)
        return w

    # -- running jobs ------------------------------------------------------------------
    async def run(self, job: Job, *, bounded: bool = True) -> Answer:
        """Run a job on an idle worker, stopped after the timeout unless ``bounded`` is False."""
        limit = self.timeout if bounded else None
        w = await self._acquire()
        loop = asyncio.get_running_loop()
        future = self._threads.submit(w.call, job, limit, self.on_timeout)
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
            except StoreError as exc:
                self._count -= 1
                raise ApiError(503, f"{self.name} could not start: {exc}") from exc
            except BaseException:
                self._count -= 1
                raise
        try:
            return await asyncio.wait_for(self._idle.get(), timeout=self.wait)
        except TimeoutError:
            raise Busy(self.size, self.name) from None

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
