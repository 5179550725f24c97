"""Extraction under a per-article time limit: supervised child processes, killed and replaced on overrun.

No article may stall or crash a build. A Python loop cannot be interrupted from
outside and spaCy's C code cannot be interrupted at all, so the only limit that
really stops the work is to run extraction in a process of its own and kill it.
``Supervisor`` keeps ``processes`` such children (``python -m kg.guard``), each
holding the spaCy model and the shapes, and hands them articles one at a time:

- **The limit.** A child says when it starts an article; if the outcome is not
  back ``settings.extraction_timeout`` seconds later, the child is SIGKILLed, the
  article becomes an ``ArticleError`` naming the limit, and a fresh child takes
  the articles that were queued behind it. Nothing of the article was stored:
  storing happens in the parent, from outcomes only.
- **Crashes.** A child that dies (out of memory, a segfault in native code) fails
  the article it was working on, with its exit status, and is replaced the same way.
- **Throughput.** Each child has the next article queued while it works, so it never
  waits for the parent; outcomes come back in input order.
- Children are started with ``subprocess`` rather than ``multiprocessing`` so that
  they can be started anywhere, including in Dask's daemonic worker processes, and
  inherit no file descriptors (the parent may hold a store's lock). A child exits when
  the parent goes away, even in the middle of an article.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

from kg.model import Article
from kg.reading.errors import ArticleError
from kg.settings import Settings

if TYPE_CHECKING:  # kg.ingest imports spaCy, which only the children need
    from kg.ingest import ArticleProcessor, Outcome

STARTUP_SECONDS = 120.0  # importing spaCy and loading the model and the shapes, on a loaded machine
QUEUED_PER_CHILD = 2  # the article a child works on, and the next one


class ExtractorUnavailable(RuntimeError):
    """A child could not start (no spaCy model, unreadable shapes...): no article can be extracted."""


def overrun_reason(seconds: float) -> str:
    """Why an article was refused when it overran the limit (the CLI's and the API's wording)."""
    return (f"extraction stopped after {seconds:g} s, the per-article time limit (--extraction-timeout, "
            "NEWSKG_EXTRACTION_TIMEOUT); its process was killed and nothing of the article was stored")


@dataclass(eq=False)
class _Child:
    """One extraction process and the articles it holds, oldest first."""

    process: subprocess.Popen
    conn: Connection
    spawned: float
    ready: bool = False
    queued: deque[tuple[int, Article]] = field(default_factory=deque)
    started: float | None = None  # when it began the oldest queued article

    @classmethod
    def spawn(cls, settings_json: str) -> _Child:
        ours, theirs = Pipe()
        process = subprocess.Popen([sys.executable, "-m", "kg.guard", str(theirs.fileno())],
                                   pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        ours.send(settings_json)
        return cls(process, ours, time.monotonic())

    def send(self, seq: int, article: Article) -> None:
        self.queued.append((seq, article))
        self.conn.send((seq, article))

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()


class Supervisor:
    """Articles → outcomes in input order, each article extracted within ``settings.extraction_timeout``.

    Children start on the first call and are kept for later calls until ``close``.
    """

    def __init__(self, settings: Settings, processes: int = 1) -> None:
        self.settings_json = settings.model_dump_json()
        self.limit = settings.extraction_timeout
        self.processes = max(1, processes)
        self.slowest: tuple[float, str] | None = None  # seconds and source of the slowest article extracted so far
        self._children: list[_Child] = []

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> Supervisor:
        """Start the children now (they load the model while the caller gets ready), not on the first call."""
        while len(self._children) < self.processes:
            self._children.append(_Child.spawn(self.settings_json))
        return self

    def close(self) -> None:
        """Stop every child."""
        for child in self._children:
            child.kill()
        self._children.clear()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        self.start()
        todo: deque[tuple[int, Article]] = deque()  # not yet sent (new, or taken back from a killed child)
        done: dict[int, Outcome] = {}
        source = enumerate(articles)
        exhausted, emitted = False, 0
        window = self.processes * (QUEUED_PER_CHILD + 2)  # articles between the input and the output
        try:
            while True:
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
                while not exhausted and len(todo) + self._held() + len(done) < window:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                    else:
                        todo.append(item)
                if exhausted and not todo and not self._held() and not done:
                    return
                self._dispatch(todo)
                self._receive(todo, done, self._wait_seconds())
                self._enforce(todo, done)
        finally:
            for child in [c for c in self._children if c.queued]:  # what they hold would answer the next call
                child.kill()
                self._children.remove(child)

    def _held(self) -> int:
        return sum(len(c.queued) for c in self._children)

    def _dispatch(self, todo: deque[tuple[int, Article]]) -> None:
        for child in sorted(self._children, key=lambda c: len(c.queued)):
            while todo and child.ready and len(child.queued) < QUEUED_PER_CHILD:
                child.send(*todo.popleft())

    def _wait_seconds(self) -> float:
        """Until the nearest deadline: an article's limit, or a child's start-up."""
        now, deadlines = time.monotonic(), []
        for child in self._children:
            if not child.ready:
                deadlines.append(child.spawned + STARTUP_SECONDS)
            elif child.started is not None:
                deadlines.append(child.started + self.limit)
        return max(0.0, min(deadlines, default=now + 1.0) - now)

    def _receive(self, todo: deque[tuple[int, Article]], done: dict[int, Outcome], timeout: float) -> None:
        """Read every message that arrives within ``timeout`` (all that are already there, at least)."""
        by_conn = {child.conn: child for child in self._children}
        for conn in wait(list(by_conn), timeout):
            child = by_conn[conn]
            try:
                while conn.poll():
                    self._handle(child, conn.recv(), done)
            except (EOFError, OSError):
                self._died(child, todo, done)

    def _handle(self, child: _Child, message: tuple, done: dict[int, Outcome]) -> None:
        kind = message[0]
        if kind == "ready":
            child.ready = True
        elif kind == "error":
            raise ExtractorUnavailable(message[1])
        elif kind == "start":
            child.started = message[2]
        elif kind == "done":
            seq, article = child.queued.popleft()
            done[seq] = message[2]
            if child.started is not None and (self.slowest is None or message[3] - child.started > self.slowest[0]):
                self.slowest = (message[3] - child.started, article.source)
            child.started = None

    def _died(self, child: _Child, todo: deque[tuple[int, Article]], done: dict[int, Outcome]) -> None:
        code = child.process.wait()
        if not child.ready:
            raise ExtractorUnavailable(f"the extraction process exited while starting (exit status {code})")
        self._retire(child, todo, done, f"the extraction process died on this article (exit status {code}); "
                                        "nothing of it was stored")

    def _enforce(self, todo: deque[tuple[int, Article]], done: dict[int, Outcome]) -> None:
        """Kill the children that overran."""
        now = time.monotonic()
        for child in list(self._children):
            if not child.ready and now > child.spawned + STARTUP_SECONDS:
                raise ExtractorUnavailable(f"the extraction process was not ready within {STARTUP_SECONDS:g} s")
            if child.started is not None and now > child.started + self.limit and not child.conn.poll():
                self._retire(child, todo, done, overrun_reason(self.limit))

    def _retire(self, child: _Child, todo: deque[tuple[int, Article]], done: dict[int, Outcome], reason: str) -> None:
        """Replace a child: the article it was working on fails with ``reason``, the others go back to the queue."""
        if child.queued:
            seq, article = child.queued.popleft()
            done[seq] = ArticleError(article.source, reason)
        todo.extendleft(reversed(child.queued))
        child.kill()
        self._children[self._children.index(child)] = _Child.spawn(self.settings_json)


# --- the child ---------------------------------------------------------------------------------


def _exit_with_parent() -> None:
    """Exit when the parent is gone (killed, or crashed), even while an article is being extracted."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="newskg-parent-watch", daemon=True).start()


def _extract(processor: ArticleProcessor, article: Article) -> Outcome:
    try:
        return next(processor.process([article]))
    except Exception as exc:  # noqa: BLE001 - the parse itself failed: this article's error, not the child's
        return ArticleError(article.source, f"extraction failed: {type(exc).__name__}: {exc}")


def serve(fd: int) -> None:
    """Child entry point: load the model and the shapes, say ready, then extract articles one at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent stops us
    conn = Connection(fd)
    _exit_with_parent()
    from kg.ingest import ArticleProcessor
    from kg.nlp import load_pipeline

    try:
        settings = Settings.model_validate_json(conn.recv())
        processor = ArticleProcessor(settings)
        load_pipeline(settings.spacy_model)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the parent's to report
        conn.send(("error", f"cannot extract articles: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            seq, article = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(("start", seq, time.monotonic()))
        outcome = _extract(processor, article)
        conn.send(("done", seq, outcome, time.monotonic()))


if __name__ == "__main__":
    serve(int(sys.argv[1]))
