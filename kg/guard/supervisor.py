"""The supervisor: hands articles to extraction processes and kills and replaces those that overrun.

See the package's docstring (``kg.guard``) for the limit, crashes and throughput.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, NamedTuple

from kg.guard.pipes import Sender, kill_group, spawn
from kg.model import Article
from kg.reading.errors import ArticleError
from kg.settings import Settings

if TYPE_CHECKING:  # kg.ingest loads pySHACL: imported when a supervisor starts
    from kg.ingest import ArticleProcessor, Built, Outcome

STARTUP_SECONDS = 120.0  # importing spaCy and loading the model (twice, with parsing ahead), on a loaded machine
# Articles parsed together: spaCy's own batch size in ``nlp.pipe``. Parsing 40 news articles in batches of 4
# took about 6% more build time than in batches of 16 (medians of 12 guarded builds each, alternating).
BATCH = 16
QUEUED_PER_CHILD = 2 * BATCH  # the batch a child works on, and the next one


class ExtractorUnavailable(RuntimeError):
    """An extraction process could not start (no spaCy model...): no article can be extracted."""


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
    """One extraction process (with its parse-ahead process, if any) and the articles it holds, oldest first."""

    process: subprocess.Popen
    conn: Connection
    outbox: Sender  # batches are sent from a thread: the supervisor must go on reading and watching the clock
    spawned: float
    ready: bool = False
    queued: deque[_Job] = field(default_factory=deque)
    started: float | None = None  # when its current step began
    allowance: float = 0.0  # how long that step may take
    parsing: int = 0  # articles in that step when it is a parse, else 0
    parse_seconds: dict[int, float] = field(default_factory=dict)  # each article's share of its batch's parse

    @classmethod
    def spawn(cls, settings_json: str, ahead: bool) -> _Child:
        process, conn = spawn("kg.guard.extractor", new_group=True)
        outbox = Sender(conn)
        outbox.put((settings_json, ahead))
        return cls(process, conn, outbox, time.monotonic())

    def send(self, batch: list[_Job]) -> None:
        self.queued.extend(batch)
        self.outbox.put([(job.seq, job.article) for job in batch])

    def kill(self) -> None:
        self.outbox.close()
        kill_group(self.process)
        self.conn.close()


def _spare_cores(processes: int) -> bool:
    """Whether each extraction process can have a parse-ahead process on a core of its own."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores >= 2 * processes


class Supervisor:
    """Articles → outcomes in input order, each article extracted within ``settings.extraction_timeout``.

    Children start on the first call (or ``start``) and are kept for later calls until ``close``.
    """

    def __init__(self, settings: Settings, processes: int = 1, ahead: bool | None = None) -> None:
        self.settings = settings
        self.settings_json = settings.model_dump_json()
        self.limit = settings.extraction_timeout
        self.processes = max(1, processes)
        # Seconds and source of the slowest article so far: its steps, and its share of its batch's parse.
        self.slowest: tuple[float, str] | None = None
        self._children: list[_Child] = []
        self._checker: ArticleProcessor | None = None  # validates what the children build
        # Batches parsed ahead in a second process per extraction process: by default when the cores allow.
        self.ahead = _spare_cores(self.processes) if ahead is None else ahead

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> Supervisor:
        """Start the children now (they load the model while the caller gets ready), not on the first call,
        and load the shapes that validate what they build."""
        while len(self._children) < self.processes:
            self._children.append(_Child.spawn(self.settings_json, self.ahead))
        if self._checker is None:  # while the children load the model
            from kg.ingest import ArticleProcessor

            self._checker = ArticleProcessor(self.settings)
            self._checker.validator  # noqa: B018 - load the shapes now: unusable ones stop the build here
        return self

    def close(self) -> None:
        """Stop every child."""
        for child in self._children:
            child.kill()
        self._children.clear()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        self.start()
        todo: deque[_Job] = deque()  # not yet sent (new, or taken back from a killed child)
        done: dict[int, Built | ArticleError] = {}
        source = enumerate(articles)
        exhausted, emitted = False, 0
        window = self.processes * (QUEUED_PER_CHILD + BATCH)  # articles between the input and the output
        try:
            while True:
                while emitted in done:
                    yield self._check(done.pop(emitted))
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

    def _check(self, built: Built | ArticleError) -> Outcome:
        assert self._checker is not None, "start() loads the shapes"
        return self._checker.check(built)

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

    def _receive(self, todo: deque[_Job], done: dict[int, Built | ArticleError], timeout: float) -> None:
        """Read every message that arrives within ``timeout`` (all that are already there, at least)."""
        by_conn = {child.conn: child for child in self._children}
        for conn in wait(list(by_conn), timeout):
            child = by_conn[conn]
            try:
                while conn.poll():
                    self._handle(child, conn.recv(), done)
            except (EOFError, OSError):
                self._died(child, todo, done)

    def _handle(self, child: _Child, message: tuple, done: dict[int, Built | ArticleError]) -> None:
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

    def _died(self, child: _Child, todo: deque[_Job], done: dict[int, Built | ArticleError]) -> None:
        code = child.process.wait()
        if not child.ready:
            raise ExtractorUnavailable(f"the extraction process exited while starting (exit status {code})")
        self._retire(child, todo, done, f"the extraction process died on this article (exit status {code}); "
                                        "nothing of it was stored")

    def _enforce(self, todo: deque[_Job], done: dict[int, Built | ArticleError]) -> None:
        """Kill the children that overran."""
        now = time.monotonic()
        for child in list(self._children):
            if not child.ready and now > child.spawned + STARTUP_SECONDS:
                raise ExtractorUnavailable(f"the extraction process was not ready within {STARTUP_SECONDS:g} s")
            if child.started is not None and now > child.started + child.allowance and not child.conn.poll():
                self._retire(child, todo, done, overrun_reason(self.limit))

    def _retire(self, child: _Child, todo: deque[_Job], done: dict[int, Built | ArticleError], reason: str) -> None:
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
        self._children[self._children.index(child)] = _Child.spawn(self.settings_json, self.ahead)
