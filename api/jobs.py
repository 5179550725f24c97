"""The messages exchanged with worker processes (pickled over a pipe).

Jobs carry everything a worker needs, already validated and negotiated by the web
process, so a worker only evaluates and serialises; it reads them with ``multiprocessing``
and answers with ``write_message``. A ``Reply`` is a finished HTTP
answer body (or the path of a file the worker wrote, for large dumps); the article
extractor answers an ``ExtractJob`` with ``Extracted``, which the web process hands
to the store worker as a ``PutArticleJob`` when it conforms.
"""

from __future__ import annotations

import os
import pickle
import struct
from dataclasses import dataclass, field

from api.row_cap import RowCap
from kg.model import Article


@dataclass(frozen=True)
class QueryJob:
    """A SPARQL query. ``*_format`` are the negotiated formats per result kind (None: not acceptable)."""

    sparql: str
    base_iri: str | None
    default_graphs: tuple[str, ...] | None  # protocol dataset; None: the query's own, or the store's
    named_graphs: tuple[str, ...] | None
    solutions_format: str | None
    boolean_format: str | None
    graph_format: str | None
    row_cap: RowCap | None = None  # where a client's SELECT gets its LIMIT (``api.sparql``); None: run as sent


@dataclass(frozen=True)
class UpdateJob:
    """A SPARQL update (only run by a writable worker)."""

    sparql: str
    base_iri: str | None


@dataclass(frozen=True)
class DumpJob:
    """Write RDF to ``path``: the whole dataset (``scope='dataset'``), the default graph, or one graph."""

    fmt: str
    path: str
    scope: str = "dataset"  # 'dataset' | 'default' | 'graph'
    graph: str | None = None


@dataclass(frozen=True)
class GraphWriteJob:
    """Graph Store Protocol write: replace (PUT), merge (POST) or drop (DELETE) one graph."""

    method: str
    graph: str | None  # None: the default graph
    data: bytes = b""
    fmt: str = "turtle"
    base_iri: str | None = None


@dataclass(frozen=True)
class NodeJob:
    """Everything about one node and its mentions (``kg.explain``), as JSON."""

    iri: str


@dataclass(frozen=True)
class HealthJob:
    """Count the stored articles (proves the store answers)."""


@dataclass(frozen=True)
class PutArticleJob:
    """Store one validated article graph (N-Triples) as ``kg.store``'s ``put_article`` does; answers its outcome."""

    iri: str
    ntriples: bytes
    source: str


@dataclass(frozen=True)
class ExtractJob:
    """For the article extractor: NLP, extraction, RDF and SHACL validation of one article."""

    article: Article


Job = QueryJob | UpdateJob | DumpJob | GraphWriteJob | NodeJob | HealthJob | PutArticleJob | ExtractJob


@dataclass(frozen=True)
class Reply:
    """A worker's answer: an HTTP status, a media type and a body."""

    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Extracted:
    """The extractor's answer: the article's graph and, when it fails validation, the SHACL report."""

    iri: str
    ntriples: bytes
    triples: int
    nodes: dict[str, int]  # nodes per class of the public vocabulary, e.g. {"Event": 3}
    report: str | None = None  # None: the graph conforms; else the JSON report of ``newskg validate --format json``


Answer = Reply | Extracted


_LENGTH = struct.Struct("!Q")


def write_message(fd: int, message: object) -> None:
    """Write one pickled message, its length first: how a worker answers (read by ``MessageReader``)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


class MessageReader:
    """Reassembles ``write_message``'s messages from bytes as they arrive on a pipe read without blocking.

    So the web process's event loop reads workers' answers itself: no thread waits on a pipe,
    and an answer costs no thread hop.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[object]:
        """The messages completed by ``data``."""
        self._buffer += data
        messages = []
        while len(self._buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self._buffer)
            end = _LENGTH.size + size
            if len(self._buffer) < end:
                break
            messages.append(pickle.loads(memoryview(self._buffer)[_LENGTH.size:end]))
            del self._buffer[:end]
        return messages
