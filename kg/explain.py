"""Where a node comes from: its labels, types, links and every mention with its sentence.

Shared by ``newskg explain`` and the API's node pages, so an analyst can check
a fact against its source text in seconds, wherever they look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.store.embedded import EmbeddedStore

_MENTIONS = """
SELECT ?m ?anchor ?start ?end ?sentence ?article ?source ?title ?issued WHERE {
  VALUES ?node { NODE }
  ?node nkg:mention ?m .
  ?m nkg:anchor ?anchor ; nkg:start ?start ; nkg:end ?end ; nkg:article ?article .
  OPTIONAL { ?m nkg:sentence ?sentence }
  ?article dct:source ?source .
  OPTIONAL { ?article dct:title ?title }
  OPTIONAL { ?article dct:issued ?issued }
} ORDER BY ?source ?start
"""
_OUT = "SELECT ?p ?o WHERE { VALUES ?node { NODE } ?node ?p ?o FILTER(?p != nkg:mention) } ORDER BY ?p ?o"


@dataclass(frozen=True)
class MentionInfo:
    """One occurrence of a node, with what is needed to find and read it."""

    anchor: str
    start: int
    end: int
    sentence: str | None
    article: str
    source: str
    title: str | None
    issued: str | None


@dataclass
class NodeInfo:
    """A node's statements (minus mentions) and its mentions."""

    iri: str
    properties: list[tuple[str, str]] = field(default_factory=list)
    mentions: list[MentionInfo] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.properties or self.mentions)


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def resolve_iri(ref: str, base_iri: str) -> str:
    """Accept a full IRI or a key relative to the instance base ("actor/ryan-dillon")."""
    return ref if "://" in ref else base_iri + ref.lstrip("/")


def explain(store: EmbeddedStore, iri: str) -> NodeInfo:
    """Everything the store says about ``iri`` and every place the text mentions it."""
    node = str(ox.NamedNode(iri))  # validates the IRI, so it is safe to splice in
    info = NodeInfo(iri)
    for row in store.query(_OUT.replace("NODE", node)):
        info.properties.append((row["p"].value, row["o"].value))
    info.properties = sorted(set(info.properties))
    rows = store.query(_MENTIONS.replace("NODE", node))
    seen = set()
    for row in rows:
        key = (row["m"].value, row["article"].value)
        if key in seen:
            continue
        seen.add(key)
        info.mentions.append(MentionInfo(
            anchor=row["anchor"].value, start=int(row["start"].value), end=int(row["end"].value),
            sentence=_value(row["sentence"]), article=row["article"].value, source=row["source"].value,
            title=_value(row["title"]), issued=_value(row["issued"]),
        ))
    return info
