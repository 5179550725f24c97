"""Writing RDF: pyoxigraph's serialisers, with JSON-LD compacted against the vocabulary's prefixes.

pyoxigraph writes JSON-LD in expanded form, every IRI in full, and ignores prefixes. A
reader wants ``"nkg:agent": {"@id": "nkgid..."}``-style documents with an ``@context``, as
Turtle has its ``@prefix`` lines. So JSON-LD is written here with ``{"@context": PREFIXES,
"@graph": [...]}``, its keys, ``@id``s and datatypes compacted to ``prefix:name``. It is made
from pyoxigraph's own output, a batch of statements at a time, so memory stays flat however
large the export (JSON-LD merges node objects that share an ``@id``, so a node split across
batches is still one node).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.vocab import PREFIXES

BATCH = 20_000  # statements per pyoxigraph call
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def compact_iri(iri: str) -> str:
    """``prefix:name`` for an IRI under one of the vocabulary's prefixes (the longest), else the IRI."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("//"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _compact(node: object) -> object:
    """A node of expanded JSON-LD with its property names, ``@id``s and ``@type``s compacted."""
    if isinstance(node, list):
        return [_compact(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("@id", "@type"):
            out[key] = [compact_iri(v) for v in value] if isinstance(value, list) else compact_iri(value)
        elif key.startswith("@"):
            out[key] = _compact(value)
        else:
            out[compact_iri(key)] = _compact(value)
    return out


def _batches(items: Iterable) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


@contextmanager
def _sink(output: IO[bytes] | str | Path | None) -> Iterator[IO[bytes]]:
    if isinstance(output, (str, Path)):
        with open(output, "wb") as handle:
            yield handle
    else:
        yield output  # type: ignore[misc]


def _jsonld(items: Iterable[ox.Quad | ox.Triple], out: IO[bytes]) -> None:
    out.write(b'{"@context": ' + json.dumps(PREFIXES).encode() + b',\n"@graph": [')
    first = True
    for batch in _batches(items):
        for node in json.loads(ox.serialize(batch, format=ox.RdfFormat.JSON_LD)):
            out.write((b"\n" if first else b",\n") + json.dumps(_compact(node), ensure_ascii=False).encode())
            first = False
    out.write(b"\n]}\n")


def write(items: Iterable[ox.Quad | ox.Triple], output: IO[bytes] | str | Path | None,
          rdf_format: ox.RdfFormat) -> bytes | None:
    """Serialise ``items`` to ``output`` (a file, a path; None: return the bytes), prefixes and context included."""
    if rdf_format != ox.RdfFormat.JSON_LD:
        return ox.serialize(items, output, format=rdf_format, prefixes=PREFIXES)
    if output is None:
        buffer = io.BytesIO()
        _jsonld(items, buffer)
        return buffer.getvalue()
    with _sink(output) as out:
        _jsonld(items, out)
    return None
