"""Read jobs evaluated in the web process itself, for the supervised read-only server of ``newskg serve``.

Why: handing every query to a worker process (``api.executor``) costs a pipe
round trip, two pickles and a process wake-up each way, which is most of the
time of a small query. A read-only store can be opened by any number of processes, so each web
process opens its own read-only handle and evaluates queries in a thread
(pyoxigraph releases the GIL while it evaluates, so the event loop keeps going).

The price of evaluating in-process is that a runaway query cannot be stopped
(pyoxigraph has no timeout and no cancellation). So the process *retires* when
a job overruns: the client gets its 503 at once, the process stops accepting
connections, lets the other requests in flight finish, and exits; the
supervisor ``newskg serve`` runs (``api.server``) starts a fresh process, while
its sibling processes keep answering. That is why ``Settings.inline_queries``
is only set by ``newskg serve``: an app embedded in another server, which
nobody restarts, keeps the worker-process pool.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import signal
import sys
from collections import deque

from api import worker
from api.errors import ApiError
from api.executor import Busy, QueryTimeout
from api.jobs import Answer, Job
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore

log = logging.getLogger("newskg.inline")


class InlineRunner:
    """Runs read jobs on this process's read-only store handle; same ``run`` contract as ``api.executor.Executor``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.timeout = settings.query_timeout
        self.size = max(1, settings.max_concurrent_queries)
        self._threads = concurrent.futures.ThreadPoolExecutor(self.size, thread_name_prefix="newskg-query")
        self._running = 0  # slots taken, at most ``size``: one per job evaluating
        self._waiting: deque[asyncio.Future[None]] = deque()  # requests waiting for a slot, first come first served
        self._retiring = False
        self._db: EmbeddedStore | None = None

    async def start(self) -> None:
        """Open the store read-only; fails (StoreError) when it cannot be opened."""
        self._db = await asyncio.get_running_loop().run_in_executor(
            self._threads, lambda: EmbeddedStore(self.settings.store, read_only=True))

    async def close(self) -> None:
        """Close the store; leave at once when a runaway job still runs (no thread can stop it)."""
        if self._running:
            log.warning("exiting with %d job(s) still evaluating", self._running)
            logging.shutdown()
            sys.stderr.flush()
            os._exit(0)  # the supervisor starts a replacement
        self._threads.shutdown(wait=False, cancel_futures=True)
        if self._db is not None:
            self._db.close()

    async def run(self, job: Job, *, bounded: bool = True) -> Answer:
        """Evaluate a job; 503 (and this process retires) when a bounded job overruns the timeout.

        Lean on purpose (one future and one timer per job): this is every query's path.
        """
        if self._retiring or self._db is None:
            raise ApiError(503, "this server process is restarting; try again", {"Retry-After": "1"})
        if self._running < self.size:
            self._running += 1
        else:
            await self._wait_for_slot()
        loop = asyncio.get_running_loop()
        answer = loop.create_future()
        evaluating = self._threads.submit(worker.handle, self._db, job, self.settings.max_rows)
        evaluating.add_done_callback(lambda done: loop.call_soon_threadsafe(self._finished, done, answer))
        timer = loop.call_later(self.timeout, self._overran, answer) if bounded else None
        try:
            return await answer
        finally:
            if timer is not None:
                timer.cancel()

    async def _wait_for_slot(self) -> None:
        """Wait until a job hands its slot over; 503 when none does within the timeout."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        timer = asyncio.get_running_loop().call_later(
            self.timeout, lambda: waiter.done() or waiter.set_exception(Busy(self.size, "query")))
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release_slot()  # handed over as this request went away
            raise
        finally:
            timer.cancel()

    def _release_slot(self) -> None:
        """Hand the slot to the first request still waiting, else free it."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._running -= 1

    def _finished(self, done: concurrent.futures.Future, answer: asyncio.Future) -> None:
        """A job's thread is free again: its answer goes to the request, unless the timeout answered first."""
        self._release_slot()
        if answer.done():
            return
        if done.cancelled():
            answer.set_exception(ApiError(503, "the server is shutting down"))
        elif done.exception() is not None:
            answer.set_exception(done.exception())
        else:
            answer.set_result(done.result())

    def _overran(self, answer: asyncio.Future) -> None:
        if not answer.done():
            answer.set_exception(QueryTimeout(self.timeout))
            self._retire()

    def _retire(self) -> None:
        """Ask uvicorn for a graceful shutdown: in-flight answers finish, then ``close`` exits the process."""
        if not self._retiring:
            self._retiring = True
            log.warning("a query overran %g s; this process retires and is replaced", self.timeout)
            os.kill(os.getpid(), signal.SIGTERM)
