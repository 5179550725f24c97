"""Article writes on a thread of their own, so a build parses the next article while this one is stored.

Writing an article graph to the embedded store costs about as much as extracting it
(RocksDB, ~13 ms for 1,200 triples), and pyoxigraph releases the GIL while it writes:
on a second core the write is free, instead of adding to every article's time.

One thread writes every article in the order given, each in its own transaction
(``put_article``), so the store goes through exactly the states of inline writes and a
killed build leaves whole articles only. Once a write fails, none after it starts; the
error reaches the caller at its next call. A store that is not safe to share between
threads (an HTTP client) is written inline through the same interface.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, Protocol, TypeVar

from kg.store.base import PutOutcome

Key = TypeVar("Key")
T = TypeVar("T")


class ArticleSink(Protocol):
    def put_article(self, iri: str, ntriples: bytes, source: str) -> PutOutcome: ...

    def flush(self) -> None: ...


class _Skipped(Exception):
    """A write not attempted because an earlier one failed."""


class ArticleWriter(Generic[Key]):
    """Stores articles in submission order, in the background or inline; reports each outcome once, in order.

    ``depth`` bounds the articles waiting to be written (each holds its graph in memory):
    ``submit`` waits for the oldest when more are pending.
    """

    def __init__(self, store: ArticleSink, *, background: bool, depth: int = 8) -> None:
        self._store = store
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="newskg-writer") if background else None
        self._pending: deque[tuple[Key, Future[PutOutcome]]] = deque()
        self._flushes: list[Future[None]] = []
        self._depth = depth
        self._failed = False

    def submit(self, key: Key, iri: str, ntriples: bytes, source: str) -> None:
        """Queue an article's graph for writing; ``key`` comes back with its outcome."""
        future: Future[PutOutcome]
        if self._pool is None:
            future = Future()
            future.set_result(self._store.put_article(iri, ntriples, source))
        else:
            future = self._pool.submit(self._put, iri, ntriples, source)
        self._pending.append((key, future))

    def flush_early(self) -> None:
        """Queue a flush of the writes submitted so far, once the input is read.

        The build's last articles are still being parsed then: the flush runs meanwhile, and the
        build's final flush only has their writes left to do. Inline, the final flush does it all.
        """
        if self._pool is not None:
            self._flushes.append(self._pool.submit(self._flush))

    def finished(self, *, wait: bool = False) -> Iterator[tuple[Key, PutOutcome]]:
        """The outcomes of the writes done so far, oldest first (``wait``: of every write and flush submitted).

        Also waits for the oldest writes while more than ``depth`` are pending; a failed write or flush raises.
        """
        while self._pending and (wait or self._pending[0][1].done() or len(self._pending) > self._depth):
            key, future = self._pending.popleft()
            yield key, future.result()
        while wait and self._flushes:
            self._flushes.pop(0).result()

    def close(self) -> None:
        """Drop the writes not started (after an error or an interrupt) and wait for the one under way."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _put(self, iri: str, ntriples: bytes, source: str) -> PutOutcome:
        return self._guarded(self._store.put_article, iri, ntriples, source)

    def _flush(self) -> None:
        self._guarded(self._store.flush)

    def _guarded(self, operation: Callable[..., T], *args: object) -> T:
        """``operation`` unless an earlier one failed; a failure stops the ones after it."""
        if self._failed:
            raise _Skipped(operation.__name__)
        try:
            return operation(*args)
        except BaseException:
            self._failed = True
            raise

    def __enter__(self) -> ArticleWriter[Key]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
