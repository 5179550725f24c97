"""The parse-ahead process: parses an extraction process's next batch while it extracts the current one.

spaCy's parse is most of an article's CPU time and the extraction rules most of the rest;
in two processes, on two cores, they overlap. The extraction process starts this one
(``python -m kg.guard.parser FD``) when the machine has a core to spare, and reads each
batch's docs back as spaCy's own serialisation (tensors left out: nothing downstream reads
them), in the order the batches were sent. It lives and dies with its extraction process:
the supervisor kills them together, as one process group.
"""

from __future__ import annotations

import signal
import sys
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from kg.guard.pipes import Sender, exit_with_parent, spawn
from kg.model import Article
from kg.reading.errors import ArticleError

if TYPE_CHECKING:
    from spacy.tokens import Doc


def parse_batch(model: str, articles: list[Article]) -> list[Doc | ArticleError]:
    """The articles' docs; when spaCy fails on the batch, each article alone, so only the culprit fails."""
    from kg.nlp import parse

    try:
        return [doc for _, doc in parse(articles, model)]
    except Exception as exc:  # noqa: BLE001 - spaCy refused a text: that article's error, not the process's
        if len(articles) == 1:
            return [ArticleError(articles[0].source, f"extraction failed: {type(exc).__name__}: {exc}")]
        return [doc for article in articles for doc in parse_batch(model, [article])]


class ParseAhead:
    """The extraction process's end: batches go in as they arrive, docs come out in the same order."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.process, self.conn = spawn("kg.guard.parser")
        self._sender = Sender(self.conn)  # a batch may be sent while the helper sends docs back
        self._sender.put(model)

    def ready(self) -> None:
        """Wait until the helper has loaded the model; raise when it could not."""
        message = self._receive()
        if message[0] == "error":
            raise RuntimeError(message[1])

    def submit(self, articles: list[Article]) -> None:
        self._sender.put(articles)

    def docs(self) -> list[Doc | ArticleError]:
        """The oldest submitted batch's docs."""
        from kg.nlp import doc_from_bytes

        return [doc_from_bytes(item, self.model) if isinstance(item, bytes) else item for item in self._receive()]

    def _receive(self) -> Any:  # noqa: ANN401 - a message: ("ready",), ("error", why) or a batch's docs
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            sys.exit(f"the parse process died (exit status {self.process.wait()})")


def serve(fd: int) -> None:
    """Entry point: load the model, say ready, then parse each batch received and send its docs back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the supervisor stops us, with our extraction process
    conn = Connection(fd)
    exit_with_parent()
    from kg.nlp import doc_to_bytes, load_pipeline

    model = conn.recv()
    try:
        load_pipeline(model)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the extraction process's to report
        conn.send(("error", f"cannot parse articles: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            articles = conn.recv()
        except (EOFError, OSError):
            return
        conn.send([doc if isinstance(doc, ArticleError) else doc_to_bytes(doc) for doc in parse_batch(model, articles)])


if __name__ == "__main__":
    serve(int(sys.argv[1]))
