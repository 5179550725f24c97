"""Where a node comes from: its labels, types, facts, what points at it, and every mention with its sentence.

Shared by ``newskg explain`` and the API's node pages, so an analyst can check
a fact against its source text in seconds, wherever they look. Everything is
named by its label: predicates by the vocabulary's ``rdfs:label`` (the ontology is
in the default graph), nodes by theirs (a statement by its quote), IRIs only where
nothing names them. For an article, it also lists what was extracted from it, with
the offsets to highlight in its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.store.embedded import EmbeddedStore
from kg.vocab import NKG

# The public classes, most specific first: a node is shown as the first it has.
CLASSES = ("Article", "Statement", "Event", "Unit", "Person", "ArmedGroup", "Country", "Organization", "Location",
           "Actor", "Mention")
_NAME = "COALESCE(?label_, ?quote_)"  # what names a node: its label, or a statement's quote
_NAMED = "OPTIONAL {{ {v} rdfs:label ?label_ }} OPTIONAL {{ {v} nkg:quote ?quote_ }}"

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
_OUT = f"""
SELECT ?p ?o (SAMPLE(?pl) AS ?plabel) (SAMPLE({_NAME}) AS ?olabel) (SAMPLE(?wkt_) AS ?wkt) WHERE {{
  VALUES ?node {{ NODE }}
  ?node ?p ?o FILTER(?p != nkg:mention)
  OPTIONAL {{ ?p rdfs:label ?pl }}
  {_NAMED.format(v="?o")}
  OPTIONAL {{ ?o geo:asWKT ?wkt_ }}
}} GROUP BY ?p ?o ORDER BY ?p ?o
"""
_IN = f"""
SELECT ?s ?p (SAMPLE(?pl) AS ?plabel) (SAMPLE({_NAME}) AS ?slabel) (GROUP_CONCAT(STR(?c)) AS ?classes) WHERE {{
  VALUES ?node {{ NODE }}
  ?s ?p ?node FILTER(?p NOT IN (nkg:article, nkg:mention))
  OPTIONAL {{ ?p rdfs:label ?pl }}
  {_NAMED.format(v="?s")}
  OPTIONAL {{ ?s a ?c FILTER(STRSTARTS(STR(?c), STR(nkg:))) }}
}} GROUP BY ?s ?p ORDER BY ?p ?slabel
"""
_EXTRACTED = f"""
SELECT ?node ?start ?end ?anchor (SAMPLE({_NAME}) AS ?label) (GROUP_CONCAT(STR(?c)) AS ?classes) WHERE {{
  VALUES ?article {{ NODE }}
  ?m nkg:article ?article ; nkg:start ?start ; nkg:end ?end ; nkg:anchor ?anchor .
  ?node nkg:mention ?m .
  {_NAMED.format(v="?node")}
  OPTIONAL {{ ?node a ?c FILTER(STRSTARTS(STR(?c), STR(nkg:))) }}
}} GROUP BY ?node ?start ?end ?anchor ORDER BY ?start DESC(?end)
"""
_CLASS_LABELS = "SELECT ?c ?l WHERE { VALUES ?c { CLASSES } ?c rdfs:label ?l }"
ARTICLE_QUERY = "SELECT ?a WHERE { ?a a nkg:Article } LIMIT 1"  # any article: its IRI shows the instance base
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


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
    in_sentence: int | None = None  # where the anchor starts in ``sentence``


@dataclass(frozen=True)
class Fact:
    """One statement about the node: predicate and value, each with its label (None for literals)."""

    predicate: str
    predicate_label: str
    value: str
    value_label: str | None
    is_iri: bool
    wkt: str | None = None  # a geometry's coordinates


@dataclass(frozen=True)
class Link:
    """A node that points at this one, and how."""

    subject: str
    subject_label: str | None
    subject_class: str | None
    predicate: str
    predicate_label: str


@dataclass(frozen=True)
class Extracted:
    """One mention in an article of what was extracted from it."""

    node: str
    label: str | None
    node_class: str | None
    start: int
    end: int
    anchor: str


@dataclass
class NodeInfo:
    """A node's facts, what points at it, its mentions, and for an article what was read from it."""

    iri: str
    label: str | None = None
    node_class: str | None = None
    facts: list[Fact] = field(default_factory=list)
    incoming: list[Link] = field(default_factory=list)
    mentions: list[MentionInfo] = field(default_factory=list)
    extracted: list[Extracted] = field(default_factory=list)
    text: str | None = None  # an article's text, which ``extracted`` offsets refer to
    class_labels: dict[str, str] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.facts or self.mentions or self.incoming)


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def local_name(iri: str) -> str:
    """The last segment of an IRI, words split ("hasGeometry" → "has geometry"): the label of an unlabelled term."""
    name = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return _CAMEL.sub(" ", name).lower() if name != name.upper() else name


def main_class(classes: str | None) -> str | None:
    """The most specific public class among space-separated class IRIs (see ``CLASSES``)."""
    names = {c[len(str(NKG)):] for c in (classes or "").split()}
    return next((c for c in CLASSES if c in names), None)


def resolve_iri(ref: str, base_iri: str) -> str:
    """Accept a full IRI or a key relative to the instance base ("actor/dillon")."""
    return ref if "://" in ref else base_iri + ref.lstrip("/")


def base_of(article_iri: str) -> str | None:
    """The instance base an article IRI was minted under (``BASE`` + ``article/ID``)."""
    match = re.fullmatch(r"(.*/)article/[^/]+", article_iri)
    return match.group(1) if match else None


def instance_base(store: EmbeddedStore) -> str | None:
    """The base IRI the store's instances were minted under (from an article's IRI); None in an empty store.

    A store keeps the base it was built with, whatever ``NEWSKG_BASE_IRI`` says now.
    """
    row = next(iter(store.query(ARTICLE_QUERY)), None)
    return base_of(row["a"].value) if row else None


def _in_sentence(m: MentionInfo, text: str | None) -> int | None:
    """Where the mention's anchor starts in its sentence: exactly, from the article text, else its first occurrence."""
    if m.sentence is None:
        return None
    if text is not None:
        at = text.rfind(m.sentence, 0, m.start + 1)
        if at >= 0 and at + len(m.sentence) >= m.end:
            return m.start - at
    at = m.sentence.find(m.anchor)
    return at if at >= 0 else None


def explain(store: EmbeddedStore, iri: str) -> NodeInfo:
    """Everything the store says about ``iri``, what points at it, and every place the text mentions it."""
    node = str(ox.NamedNode(iri))  # validates the IRI, so it is safe to splice in
    info = NodeInfo(iri)
    for row in store.query(_OUT.replace("NODE", node)):
        p, o = row["p"].value, row["o"]
        info.facts.append(Fact(p, _value(row["plabel"]) or local_name(p), o.value, _value(row["olabel"]),
                               isinstance(o, ox.NamedNode), _value(row["wkt"])))
    values = {p: [f.value for f in info.facts if f.predicate == p] for p in {f.predicate for f in info.facts}}
    info.node_class = main_class(" ".join(values.get(_RDF_TYPE, [])))
    info.label = next(iter(values.get(_RDFS_LABEL, []) or values.get(str(NKG.quote), [])
                           or values.get("http://purl.org/dc/terms/title", [])), None)
    info.text = next(iter(values.get(str(NKG.text), [])), None)
    for row in store.query(_IN.replace("NODE", node)):
        p = row["p"].value
        info.incoming.append(Link(row["s"].value, _value(row["slabel"]), main_class(_value(row["classes"])), p,
                                  _value(row["plabel"]) or local_name(p)))
    texts: dict[str, str | None] = {}
    for row in store.query(_MENTIONS.replace("NODE", node)):
        article = row["article"].value
        if article not in texts:
            found = next(iter(store.query(f"SELECT ?t WHERE {{ <{article}> nkg:text ?t }}")), None)
            texts[article] = found["t"].value if found else None
        m = MentionInfo(anchor=row["anchor"].value, start=int(row["start"].value), end=int(row["end"].value),
                        sentence=_value(row["sentence"]), article=article, source=row["source"].value,
                        title=_value(row["title"]), issued=_value(row["issued"]))
        info.mentions.append(MentionInfo(**{**m.__dict__, "in_sentence": _in_sentence(m, texts[article])}))
    if info.node_class == "Article":
        for row in store.query(_EXTRACTED.replace("NODE", node)):
            info.extracted.append(Extracted(row["node"].value, _value(row["label"]), main_class(_value(row["classes"])),
                                            int(row["start"].value), int(row["end"].value), row["anchor"].value))
    classes = " ".join(f"<{NKG}{c}>" for c in CLASSES)
    info.class_labels = {row["c"].value[len(str(NKG)):]: row["l"].value
                         for row in store.query(_CLASS_LABELS.replace("CLASSES", classes))}
    return info
