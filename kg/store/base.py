"""What every store offers, whatever engine holds the data."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph


class StoreError(RuntimeError):
    """A store operation failed; the message says what to do."""


class StoreLocked(StoreError):
    """Another process holds the store open for writing."""


class PutOutcome(enum.Enum):
    """What storing an article did."""

    ADDED = "added"
    UNCHANGED = "unchanged"  # same content hash already stored
    REPLACED = "replaced"  # same source, new content: the old graph was removed


@dataclass(frozen=True)
class ArticleInfo:
    """One stored article, as listed by ``newskg stats`` / ``remove``."""

    iri: str
    identifier: str
    source: str
    title: str | None
    issued: str | None


def ontology_ntriples(path: Path) -> bytes:
    """The ontology as N-Triples with its blank nodes skolemised canonically.

    Every build then stores byte-for-byte the same ontology graph, in any store, so
    exports are reproducible and "has it changed?" is an exact comparison.
    """
    canonical = to_canonical_graph(Graph().parse(path, format="turtle"))
    skolem = canonical.skolemize(authority="https://w3id.org", basepath="/newskg/ontology/.well-known/genid/")
    return skolem.serialize(format="nt", encoding="utf-8")
