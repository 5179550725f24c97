"""Runs store work and article extraction in killable worker processes: timeouts, concurrency caps, no blocked loop.

Why processes: pyoxigraph has no query timeout and a running query cannot be
interrupted from another thread, so the only way to really stop a runaway query
is to kill the process evaluating it. Each worker (``api.worker``) holds its
own store handle and evaluates one job at a time; the web process only routes
requests and reads the answers on its event loop (no thread waits on a pipe),
so it never blocks on the store.

- **Timeout.** The web process waits ``timeout`` seconds for a reply; then it
  SIGKILLs that worker (the client gets 503 at once) and spawns a replacement in
  the background. Other workers keep answering meanwhile.
- **Concurrency cap.** At most ``size`` workers exist (``max_concurrent_queries``);
  requests beyond that wait for an idle worker, and get 503 if none frees up
  within the timeout. Workers are spawned on demand (one per waiting request), ``prestart`` at startup.
- **The single-writer rule.** A RocksDB store may be opened read-write by one
  process only, and opening it read-only while another process writes is
  undefined behaviour. So the web process never opens the store itself, and:
  * writes disabled (no API token): every worker opens the store **read-only**;
    any number of them can run, and killing one cannot corrupt anything.
    (Run ``newskg build`` on a stopped server, or on a copy: read-only handles
    see the store as it was when they opened.)
  * writes enabled (``ReadWrite``): exactly **one** worker opens the store
    read-write and runs every write in turn, each in one transaction (so
    killing it mid-write is safe). After each write it publishes a snapshot of
    the store (``kg.store.snapshots``) before answering; up to ``size`` reader
    workers answer queries from the newest snapshot, reopening it after each
    write. So reads go on while an article is stored, see each write as soon as
    it is answered, and a runaway query only costs its own reader.
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
import os
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from api import worker
from api.errors import ApiError
from api.jobs import Answer, Job, MessageReader
from kg.guard import overrun_reason
from kg.settings import Settings
from kg.store import StoreError, snapshots

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


class _Worker:
    """One worker process: jobs go down one pipe, answers come back up another, read by the event loop."""

    def __init__(self, process: multiprocessing.process.BaseProcess, jobs: Connection, answers: Connection) -> None:
        self.process = process
        self.jobs = jobs  # written blocking: jobs are small, and an idle worker reads at once
        self.answers = answers  # read without blocking, when the event loop sees bytes
        self.alive = True
        self._reader = MessageReader()
        self._answer: asyncio.Future[Answer] | None = None
        self._waiting = False  # the event loop watches ``answers``
        self._timer: asyncio.TimerHandle | None = None
        self._done: Callable[[_Worker], None] = lambda _w: None

    def ready(self, timeout: float) -> None:
        """Wait (blocking) for the worker's first message; StoreError unless it says it is ready."""
        if not self.answers.poll(timeout):
            raise StoreError(f"{self.process.name} was not ready within {timeout:g} s")
        messages: list = []
        while not messages:
            data = os.read(self.answers.fileno(), 1 << 16)
            if not data:
                raise StoreError(f"{self.process.name} exited while starting")
            messages = self._reader.feed(data)
        status, message = messages[0]
        if status != "ready":
            raise StoreError(message)
        os.set_blocking(self.answers.fileno(), False)

    def call(self, job: Job, timeout: float | None, on_timeout: Callable[[float], ApiError],
             done: Callable[[_Worker], None]) -> asyncio.Future[Answer]:
        """Send a job; the future gets its answer, or the error after ``timeout`` (the worker is killed then).

        ``done`` runs once the worker is free again (or dead), even if nobody awaits the answer any more.
        """
        loop = asyncio.get_running_loop()
        self._answer, self._done = loop.create_future(), done
        loop.add_reader(self.answers.fileno(), self._readable)
        self._waiting = True
        try:
            self.jobs.send(job)
        except OSError:  # the worker died
            self._fail(WorkerFailed(self.process.name))
            return self._answer
        if timeout is not None:
            self._timer = loop.call_later(timeout, lambda: self._fail(on_timeout(timeout)))
        return self._answer

    def _readable(self) -> None:
        try:
            data = os.read(self.answers.fileno(), 1 << 20)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the worker died (e.g. out of memory)
            self._fail(WorkerFailed(self.process.name))
            return
        for answer in self._reader.feed(data):
            self._stop_waiting()
            self._settle(answer)
            self._done(self)

    def _fail(self, error: ApiError) -> None:
        self.kill()
        self._settle(error)
        self._done(self)

    def _settle(self, outcome: Answer | ApiError) -> None:
        """Hand the outcome to the request, unless it went away (its future was cancelled)."""
        if self._answer is None or self._answer.done():
            return
        if isinstance(outcome, ApiError):
            self._answer.set_exception(outcome)
        else:
            self._answer.set_result(outcome)

    def _stop_waiting(self) -> None:
        if self._waiting:
            asyncio.get_running_loop().remove_reader(self.answers.fileno())
            self._waiting = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def kill(self) -> None:
        """SIGKILL the process (``reap`` waits for it) and close the pipes."""
        if not self.alive:
            return
        self.alive = False
        self._stop_waiting()
        if self.process.is_alive():
            self.process.kill()
        self.jobs.close()
        self.answers.close()

    def reap(self) -> None:
        """Wait (blocking) for the killed process to go."""
        self.process.join(10)


class Executor:
    """A pool of worker processes, each running ``serve(jobs, answers, *args)`` (see ``api.worker``)."""

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
        self._idle: asyncio.Queue[_Worker | _SpawnFailed] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._count = 0  # alive or being spawned
        self._spawning = 0  # being spawned
        self._waiting = 0  # requests waiting for an idle worker
        self._closed = False

    @classmethod
    def for_store(cls, settings: Settings) -> Executor | ReadWrite:
        """Query workers over ``settings.store``: read-only ones, or readers and the one writer when writes are on."""
        def pool(role: str, size: int) -> Executor:
            return cls(worker.serve, (settings.store, role, settings.max_rows, settings), name=f"newskg-{role}-worker",
                       size=size, timeout=settings.query_timeout)

        if not settings.api_token:
            return pool(worker.READ, settings.max_concurrent_queries)
        # A server takes reads and writes at once; an embedded store is read from the writer's snapshots.
        reader = worker.READ if settings.remote_store else worker.FOLLOW
        return ReadWrite(pool(reader, settings.max_concurrent_queries), pool(worker.WRITE, 1),
                         None if settings.remote_store else settings.store)

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
            w.reap()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _spawn(self) -> _Worker:
        """Start a worker and wait until it is ready (blocking: run in a thread)."""
        jobs_out, jobs_in = self._ctx.Pipe(duplex=False)
        answers_out, answers_in = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(target=self.serve, name=self.name, daemon=True,
                                    args=(jobs_out, answers_in, *self.args))
        process.start()
        jobs_out.close()
        answers_in.close()
        w = _Worker(process, jobs_in, answers_out)
        try:
            w.ready(_STARTUP_SECONDS)
        except (StoreError, OSError, ValueError) as exc:
            w.kill()
            w.reap()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{self.name} failed to start: {exc}") from exc
        self._all.add(w)
        return w

    # -- running jobs ------------------------------------------------------------------
    async def run(self, job: Job, *, bounded: bool = True) -> Answer:
        """Run a job on an idle worker, stopped after the timeout unless ``bounded`` is False."""
        w = await self._acquire()
        # The worker goes back to the pool when its answer is in, even if this request is cancelled.
        return await w.call(job, self.timeout if bounded else None, self.on_timeout, self._release)

    async def _acquire(self) -> _Worker:
        """An idle worker: the first to become idle, while a new one is spawned if the pool may grow.

        Spawning takes a second or more (a Python process, imports, opening the store), and a
        busy worker is often free in milliseconds, so a request never waits for the spawn alone.
        """
        if self._closed:
            raise ApiError(503, "the server is shutting down")
        try:
            w = self._idle.get_nowait()
        except asyncio.QueueEmpty:
            self._waiting += 1
            if self._count < self.size and self._spawning < self._waiting:  # one spawn per waiting request
                self._count += 1
                asyncio.get_running_loop().create_task(self._grow())
            try:
                w = await asyncio.wait_for(self._idle.get(), timeout=self.wait)
            except TimeoutError:
                raise Busy(self.size, self.name) from None
            finally:
                self._waiting -= 1
        if isinstance(w, _SpawnFailed):
            raise ApiError(503, f"{self.name} could not start: {w.error}")
        return w

    def _release(self, w: _Worker) -> None:
        if self._closed:
            return
        if w.alive:
            self._idle.put_nowait(w)
            return
        self._all.discard(w)
        loop = asyncio.get_running_loop()
        loop.run_in_executor(self._threads, w.reap)
        loop.create_task(self._grow())

    async def _grow(self) -> None:
        """Spawn a worker (one more, or for one that was killed) and make it idle; a failure goes to a waiter."""
        self._spawning += 1
        try:
            w = await asyncio.get_running_loop().run_in_executor(self._threads, self._spawn)
        except (StoreError, RuntimeError) as exc:
            self._count -= 1  # spawned again on demand
            if not self._closed:
                self._idle.put_nowait(_SpawnFailed(str(exc)))
            return
        finally:
            self._spawning -= 1
        if self._closed:
            w.kill()
        else:
            self._idle.put_nowait(w)


@dataclass(frozen=True)
class _SpawnFailed:
    """Queued instead of a worker when one could not start, so that a waiting request says why."""

    error: str


class ReadWrite:
    """Writes on the single writer, everything else on readers of its snapshots (``run`` as in ``Executor``)."""

    def __init__(self, reads: Executor, writes: Executor, snapshots_of: str | None) -> None:
        self.reads = reads
        self.writes = writes
        self.snapshots_of = snapshots_of  # the embedded store whose snapshots are dropped on close

    async def start(self) -> None:
        """Start the writer (it publishes the first snapshot), then the readers."""
        await self.writes.start()
        try:
            await self.reads.start()
        except BaseException:
            await self.writes.close()
            raise

    async def close(self) -> None:
        """Stop every worker, then drop the snapshots."""
        await self.reads.close()
        await self.writes.close()
        if self.snapshots_of is not None:
            snapshots.discard(self.snapshots_of)

    async def run(self, job: Job, *, bounded: bool = True) -> Answer:
        """Run a write on the writer, anything else on a reader."""
        return await (self.writes if isinstance(job, worker.WRITES) else self.reads).run(job, bounded=bounded)
