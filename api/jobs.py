"""The messages exchanged with query workers (pickled over a pipe).

Jobs carry everything a worker needs, already validated and negotiated by the web
process, so a worker only evaluates and serialises. A ``Reply`` is a finished HTTP
answer body (or the path of a file the worker wrote, for large dumps).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class QueryJob:
    """A SPARQL query. ``*_format`` are the negotiated formats per result kind (None: not acceptable)."""

    sparql: str
    base_iri: str | None
    default_graphs: tuple[str, ...] | None  # protocol dataset; None: the query's own, or the union
    named_graphs: tuple[str, ...] | None
    union_default_graph: bool
    solutions_format: str | None
    boolean_format: str | None
    graph_format: str | None


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


Job = QueryJob | UpdateJob | DumpJob | GraphWriteJob | NodeJob | HealthJob


@dataclass(frozen=True)
class Reply:
    """A worker's answer: an HTTP status, a media type and a body."""

    status: int
    media_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
