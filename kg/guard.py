"""Extraction under a per-article time limit: supervised child processes, killed and replaced on overrun.

No article may stall or crash a build. A Python loop cannot be interrupted from
outside and spaCy's C code cannot be interrupted at all, so the only limit that
really stops the work is to run extraction in a process of its own and kill it.
``Supervisor`` keeps ``processes`` such children (``python -m kg.guard``), each
holding the spaCy model and the shapes, and hands them articles in small batches:

- **The limit.** A child parses a batch together (spaCy is faster on batches), then
  extracts, builds and validates each article, saying when each step starts. The
  parse of ``n`` articles may take ``n`` times ``settings.extraction_timeout``, the
  rest of each article that limit. On overrun the child is SIGKILLed and replaced.
  An article that overran its own step becomes an ``ArticleError`` naming the limit;
  when a joint parse overran, its articles are tried again one by one, so only the
  article that cannot be parsed in time is refused. Nothing of a refused article is
  stored: storing happens in the parent, from outcomes only.
- **Crashes.** A child that dies (out of memory, a segfault in native code) fails
  the article it was working on, with its exit status, and is replaced the same way.
- **Throughput.** Each child has its next batch queued while it works, so it never
  waits for the parent; outcomes come back in input order.
- Children are started with ``subprocess`` rather than ``multiprocessing`` so that
  they can be started anywhere, including in Dask's daemonic worker processes, and
  inherit no file descriptors (the parent may hold a store's lock). A child exits when
  the parent goes away, even in the middle of an article.
"""

from __future__ import annotations

import os
import queue
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
from typing import TYPE_CHECKING, NamedTuple

from kg.model import Article
from kg.reading.errors import ArticleError
from kg.settings import Settings

if TYPE_CHECKING:  # kg.ingest and kg.nlp import spaCy, which only the children need
    from spacy.tokens import Doc

    from kg.ingest import ArticleProcessor, Outcome

STARTUP_SECONDS = 120.0  # importing spaCy and loading the model and the shapes, on a loaded machine
# Articles parsed together: spaCy's own batch size in ``nlp.pipe``. Parsing 40 news articles in batches of 4
# took about 6% more build time than in batches of 16 (medians of 12 guarded builds each, alternating).
BATCH = 16
QUEUED_PER_CHILD = 2 * BATCH  # the batch a child works on, and the next one


class ExtractorUnavailable(RuntimeError):
    """A child could not start (no spaCy model, unreadable shapes...): no article can be extracted."""


def overrun_reason(seconds: float) -> str:
    """Why an article was refused when it overran the limit (the CLI's and the API's wording)."""
    return (f"extraction stopped after {seconds:g} s, the per-article time limit (--extraction-timeout, "
            "NEWSKG_EXTRACTION_TIMEOUT); its process was killed and nothing of the article was stored")


class _Job(NamedTuple):
    seq: int  # position in the input
    article: Article
    solo: bool = False  # parsed alone: a joint parse it was in overran


@dataclass(eq=False)
class _Child:
    """One extraction process and the articles it holds, oldest first."""

    process: subprocess.Popen
    conn: Connection
    spawned: float
    ready: bool = False
    queued: deque[_Job] = field(default_factory=deque)
    started: float | None = None  # when its current step began
    allowance: float = 0.0  # how long that step may take
    parsing: int = 0  # articles in that step when it is a parse, else 0
    parse_seconds: dict[int, float] = field(default_factory=dict)  # each article's share of its batch's parse
    # Batches are sent from a thread: a send blocks while the child does not read (it may be sending
    # outcomes back, or be stuck), and the supervisor must go on reading and watching the clock.
    outbox: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)

    @classmethod
    def spawn(cls, settings_json: str) -> _Child:
        ours, theirs = Pipe()
        process = subprocess.Popen([sys.executable, "-m", "kg.guard", str(theirs.fileno())],
                                   pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        ours.send(settings_json)
        child = cls(process, ours, time.monotonic())
        threading.Thread(target=child._send_all, name="newskg-guard-send", daemon=True).start()
        return child

    def _send_all(self) -> None:
        for batch in iter(self.outbox.get, None):
            try:
                self.conn.send(batch)
            except (OSError, ValueError):  # killed meanwhile
                return

    def send(self, batch: list[_Job]) -> None:
        self.queued.extend(batch)
        self.outbox.put([(job.seq, job.article) for job in batch])

    def kill(self) -> None:
        self.outbox.put(None)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()


class Supervisor:
    """Articles → outcomes in input order, each article extracted within ``settings.extraction_timeout``.

    Children start on the first call (or ``start``) and are kept for later calls until ``close``.
    """

    def __init__(self, settings: Settings, processes: int = 1) -> None:
        self.settings_json = settings.model_dump_json()
        self.limit = settings.extraction_timeout
        self.processes = max(1, processes)
        # Seconds and source of the slowest article so far: its steps, and its share of its batch's parse.
        self.slowest: tuple[float, str] | None = None
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
        todo: deque[_Job] = deque()  # not yet sent (new, or taken back from a killed child)
        done: dict[int, Outcome] = {}
        source = enumerate(articles)
        exhausted, emitted = False, 0
        window = self.processes * (QUEUED_PER_CHILD + BATCH)  # articles between the input and the output
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
                        todo.append(_Job(*item))
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

    def _dispatch(self, todo: deque[_Job]) -> None:
        """Send batches to the ready children with room for a whole one, the least busy first; an article
        tried alone goes alone.

        Fewer articles than a batch per ready child are shared out evenly, so one child does not
        parse them all while the others wait.
        """
        ready = sum(child.ready for child in self._children) or 1
        while todo:
            child = min((c for c in self._children if c.ready and len(c.queued) <= QUEUED_PER_CHILD - BATCH),
                        key=lambda c: len(c.queued), default=None)
            if child is None:
                return
            size = min(BATCH, -(-len(todo) // ready))
            batch = [todo.popleft()]
            while not batch[0].solo and todo and not todo[0].solo and len(batch) < size:
                batch.append(todo.popleft())
            child.send(batch)

    def _wait_seconds(self) -> float:
        """Until the nearest deadline: a step's allowance, or a child's start-up."""
        now, deadlines = time.monotonic(), []
        for child in self._children:
            if not child.ready:
                deadlines.append(child.spawned + STARTUP_SECONDS)
            elif child.started is not None:
                deadlines.append(child.started + child.allowance)
        return max(0.0, min(deadlines, default=now + 1.0) - now)

    def _receive(self, todo: deque[_Job], done: dict[int, Outcome], timeout: float) -> None:
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
        elif kind == "parse":  # ("parse", articles, when)
            child.started, child.allowance, child.parsing = message[2], message[1] * self.limit, message[1]
        elif kind == "start":  # ("start", seq, when): after a parse, the parse's time is shared by length
            if child.parsing:
                batch = list(child.queued)[:child.parsing]
                total = sum(len(job.article.text) for job in batch) or 1
                child.parse_seconds = {job.seq: (message[2] - child.started) * len(job.article.text) / total
                                       for job in batch}
            child.started, child.allowance, child.parsing = message[2], self.limit, 0
        elif kind == "done":  # ("done", seq, outcome, when)
            job = child.queued.popleft()
            done[job.seq] = message[2]
            seconds = message[3] - (child.started or message[3]) + child.parse_seconds.pop(job.seq, 0.0)
            if self.slowest is None or seconds > self.slowest[0]:
                self.slowest = (seconds, job.article.source)
            child.started = None

    def _died(self, child: _Child, todo: deque[_Job], done: dict[int, Outcome]) -> None:
        code = child.process.wait()
        if not child.ready:
            raise ExtractorUnavailable(f"the extraction process exited while starting (exit status {code})")
        self._retire(child, todo, done, f"the extraction process died on this article (exit status {code}); "
                                        "nothing of it was stored")

    def _enforce(self, todo: deque[_Job], done: dict[int, Outcome]) -> None:
        """Kill the children that overran."""
        now = time.monotonic()
        for child in list(self._children):
            if not child.ready and now > child.spawned + STARTUP_SECONDS:
                raise ExtractorUnavailable(f"the extraction process was not ready within {STARTUP_SECONDS:g} s")
            if child.started is not None and now > child.started + child.allowance and not child.conn.poll():
                self._retire(child, todo, done, overrun_reason(self.limit))

    def _retire(self, child: _Child, todo: deque[_Job], done: dict[int, Outcome], reason: str) -> None:
        """Replace a child. The article it was working on fails with ``reason``; or, when several were being
        parsed together, they are tried again one by one. Its other articles go back to the queue."""
        held = list(child.queued)
        if child.parsing > 1:
            held[:child.parsing] = [job._replace(solo=True) for job in held[:child.parsing]]
        elif held:
            done[held[0].seq] = ArticleError(held[0].article.source, reason)
            del held[0]
        todo.extendleft(reversed(held))
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


def _parse(model: str, articles: list[Article]) -> list[Doc | ArticleError]:
    """The articles' docs; when spaCy fails on the batch, each article alone, so only the culprit fails."""
    from kg.nlp import parse

    try:
        return [doc for _, doc in parse(articles, model)]
    except Exception as exc:  # noqa: BLE001 - spaCy refused a text: that article's error, not the child's
        if len(articles) == 1:
            return [ArticleError(articles[0].source, f"extraction failed: {type(exc).__name__}: {exc}")]
        return [doc for article in articles for doc in _parse(model, [article])]


def serve(fd: int) -> None:
    """Child entry point: load the model and the shapes, say ready, then extract batches of articles."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent stops us
    conn = Connection(fd)
    _exit_with_parent()
    from kg.ingest import ArticleProcessor
    from kg.nlp import load_pipeline

    try:
        settings = Settings.model_validate_json(conn.recv())
        processor: ArticleProcessor = ArticleProcessor(settings)
        load_pipeline(settings.spacy_model)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the parent's to report
        conn.send(("error", f"cannot extract articles: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(("parse", len(batch), time.monotonic()))
        docs = _parse(settings.spacy_model, [article for _, article in batch])
        for (seq, article), doc in zip(batch, docs, strict=True):
            conn.send(("start", seq, time.monotonic()))
            outcome = doc if isinstance(doc, ArticleError) else processor.finish(article, doc)
            conn.send(("done", seq, outcome, time.monotonic()))


if __name__ == "__main__":
    serve(int(sys.argv[1]))
