"""The extraction process (``python -m kg.guard.extractor FD``): batches of articles in, unvalidated graphs out.

It tells its supervisor (``kg.guard.supervisor``) when each step starts, so that the
supervisor can kill it when a step overruns its limit: ``("parse", n, when)`` before it
waits for a batch's docs, ``("start", seq, when)`` before it extracts an article and
``("done", seq, outcome, when)`` after. Batches are parsed in a parse-ahead process
(``kg.guard.parser``) when the supervisor says there is a core to spare, else here.
"""

from __future__ import annotations

import signal
import sys
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

from kg.guard.parser import ParseAhead, parse_batch
from kg.guard.pipes import exit_with_parent
from kg.model import Article
from kg.reading.errors import ArticleError
from kg.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

Batch = list[tuple[int, Article]]  # (position in the supervisor's input, article)


class ParseHere:
    """Batches parsed in this process, when their docs are asked for (no core to spare)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._batches: deque[list[Article]] = deque()

    def ready(self) -> None:
        """Nothing to wait for: the model is this process's own."""

    def submit(self, articles: list[Article]) -> None:
        self._batches.append(articles)

    def docs(self) -> list[Doc | ArticleError]:
        return parse_batch(self.model, self._batches.popleft())


def _take(conn: Connection, batches: deque[Batch], parses: ParseAhead | ParseHere, block: bool = False) -> None:
    """Every batch the supervisor has sent (wait for one when ``block``), handed on to be parsed."""
    while block or conn.poll():
        batch = conn.recv()
        batches.append(batch)
        parses.submit([article for _, article in batch])
        block = False


def _docs(conn: Connection, batches: deque[Batch], parses: ParseAhead | ParseHere) -> list[Doc | ArticleError]:
    """The oldest batch's docs. While they are parsed ahead, batches that arrive are handed on at once,
    so that the parse-ahead process goes on to the next one without waiting for this process."""
    if isinstance(parses, ParseAhead):
        while not parses.conn.poll():
            wait([conn, parses.conn])
            _take(conn, batches, parses)
    return parses.docs()


def serve(fd: int) -> None:
    """Entry point: load the model, say ready, then extract batches of articles into graphs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor stops us
    conn = Connection(fd)
    exit_with_parent()
    from kg.ingest import ArticleProcessor
    from kg.nlp import load_pipeline

    try:
        settings_json, ahead = conn.recv()
        settings = Settings.model_validate_json(settings_json)
        parses = ParseAhead(settings.spacy_model) if ahead else ParseHere(settings.spacy_model)
        processor = ArticleProcessor(settings)
        load_pipeline(settings.spacy_model)  # the rules read the vocabulary, and parse again what they repair
        parses.ready()
    except Exception as exc:  # noqa: BLE001 - any failure to load is the supervisor's to report
        conn.send(("error", f"cannot extract articles: {exc}"))
        return
    conn.send(("ready",))
    batches: deque[Batch] = deque()
    while True:
        try:
            _take(conn, batches, parses, block=not batches)
            conn.send(("parse", len(batches[0]), time.monotonic()))
            docs = _docs(conn, batches, parses)
        except (EOFError, OSError):
            return
        for (seq, article), doc in zip(batches.popleft(), docs, strict=True):
            conn.send(("start", seq, time.monotonic()))
            outcome = doc if isinstance(doc, ArticleError) else processor.build(article, doc)
            conn.send(("done", seq, outcome, time.monotonic()))


if __name__ == "__main__":
    serve(int(sys.argv[1]))
