"""Build the RDF of one article's extraction, as pyoxigraph triples.

Every triple about a shared node (an actor, a place, an event) is stated the
same way by every article that mentions it: the label comes from the key,
so the union of article graphs still has exactly one ``rdfs:label`` per node.
Triples are made as pyoxigraph terms (native, ~20x cheaper than rdflib's) and
leave as N-Triples, which both the validator and the store load directly.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph

from kg.model import Article, Entity, Event, Extraction, Mention, Statement
from kg.rdf.iris import Minter
from kg.vocab import DCT, GEO, NKG, SUPERCLASSES, WD

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_WKT = ox.NamedNode(str(GEO.wktLiteral))


class _Vocab:
    """pyoxigraph IRIs of a namespace, made once: ``n.text`` is nkg:text."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(self._base + name)
        setattr(self, name, node)
        return node


_N = _Vocab(str(NKG))
_D = _Vocab(str(DCT))
_G = _Vocab(str(GEO))


def _date(d) -> ox.Literal:
    return ox.Literal(d.isoformat(), datatype=_XSD_DATE)


class ArticleTriples:
    """The triples of one article graph, without duplicates, in a stable order."""

    def __init__(self) -> None:
        self._triples: dict[ox.Triple, None] = {}

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self._triples[ox.Triple(s, p, o)] = None

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self):
        return iter(self._triples)

    def ntriples(self) -> bytes:
        """The graph as N-Triples, the form the validator and the store read."""
        return ox.serialize(self._triples, format=ox.RdfFormat.N_TRIPLES)

    def to_rdflib(self) -> Graph:
        """The graph in rdflib, for tools that want one (pySHACL, ad-hoc inspection)."""
        return Graph().parse(data=self.ntriples(), format="nt")


class GraphBuilder:
    """Turns ``Extraction`` objects into article graphs with stable IRIs."""

    def __init__(self, minter: Minter | None = None) -> None:
        self.minter = minter or Minter()
        # a node's IRI is needed for each of its triples, in every article that names it: mint it once
        self._iri = lru_cache(maxsize=65536)(self._mint)

    def _mint(self, key: str) -> ox.NamedNode:
        return ox.NamedNode(str(self.minter.key(key)))

    def build(self, extraction: Extraction) -> ArticleTriples:
        """The graph of one article: the article, its nodes, and their mentions."""
        g = ArticleTriples()
        art = extraction.article
        a = ox.NamedNode(self.article_iri(art))  # named by every mention
        self._article(g, art, a)
        for entity in extraction.entities.values():
            self._entity(g, art, a, entity)
        for event in extraction.events:
            self._event(g, art, a, event)
        for statement in extraction.statements:
            self._statement(g, art, a, statement)
        return g

    def article_iri(self, article: Article) -> str:
        """The IRI that names an article and its named graph."""
        return str(self.minter.article(article))

    def _article(self, g: ArticleTriples, art: Article, a: ox.NamedNode) -> None:
        g.add(a, _RDF_TYPE, _N.Article)
        g.add(a, _N.text, ox.Literal(art.text))
        g.add(a, _D.identifier, ox.Literal(art.identifier))
        g.add(a, _D.source, ox.Literal(art.source))
        for prop, value in ((_D.title, art.title), (_D.creator, art.author), (_D.publisher, art.publisher)):
            if value:
                g.add(a, prop, ox.Literal(value))
        if art.published:
            g.add(a, _D.issued, _date(art.published))

    def _mentions(self, g: ArticleTriples, art: Article, a: ox.NamedNode, node: ox.NamedNode,
                  mentions: list[Mention]) -> None:
        for m in mentions:
            mi = ox.NamedNode(str(self.minter.mention(art, m.start, m.end)))
            g.add(node, _N.mention, mi)
            g.add(mi, _RDF_TYPE, _N.Mention)
            g.add(mi, _N.article, a)
            g.add(mi, _N.start, ox.Literal(str(m.start), datatype=_XSD_INTEGER))
            g.add(mi, _N.end, ox.Literal(str(m.end), datatype=_XSD_INTEGER))
            g.add(mi, _N.anchor, ox.Literal(m.anchor))
            if m.sentence is not None:
                s0, s1 = m.sentence
                g.add(mi, _N.sentence, ox.Literal(art.text[s0:s1].strip()))

    @staticmethod
    def _labels(g: ArticleTriples, node: ox.NamedNode, label: str, alt_labels: set[str]) -> None:
        g.add(node, _LABEL, ox.Literal(label))
        for alt in sorted(alt_labels - {label}):
            g.add(node, _ALT_LABEL, ox.Literal(alt))

    def _entity(self, g: ArticleTriples, art: Article, a: ox.NamedNode, e: Entity) -> None:
        node = self._iri(e.key)
        for cls in (e.cls, *SUPERCLASSES.get(e.cls, ())):
            g.add(node, _RDF_TYPE, getattr(_N, cls))
        self._labels(g, node, e.label, e.alt_labels)
        self._mentions(g, art, a, node, e.mentions)
        for aff in e.affiliation:
            g.add(node, _N.affiliation, self._iri(aff))
        if e.strength:
            g.add(node, _N.strength, ox.Literal(e.strength))
        for parent in e.located_in:
            g.add(node, _N.locatedIn, self._iri(parent))
        if e.wikidata:
            g.add(node, _SAME_AS, ox.NamedNode(str(WD[e.wikidata])))
        if e.coordinates:
            lat, lon = e.coordinates
            geom = ox.NamedNode(str(self.minter.geometry(e.key)))
            g.add(node, _G.hasGeometry, geom)
            g.add(geom, _RDF_TYPE, _G.Geometry)
            g.add(geom, _G.asWKT, ox.Literal(f"POINT({lon} {lat})", datatype=_WKT))

    def _event(self, g: ArticleTriples, art: Article, a: ox.NamedNode, ev: Event) -> None:
        node = self._iri(ev.key)
        g.add(node, _RDF_TYPE, _N.Event)
        g.add(node, _N.eventType, getattr(_N, ev.type))
        self._labels(g, node, ev.label, set())
        self._mentions(g, art, a, node, ev.mentions)
        for prop, keys in ((_N.agent, ev.agents), (_N.target, ev.targets), (_N.place, ev.places)):
            for k in keys:
                g.add(node, prop, self._iri(k))
        for prop, d in ((_N.date, ev.date), (_N.earliest, ev.earliest), (_N.latest, ev.latest)):
            if d is not None:
                g.add(node, prop, _date(d))
        if ev.modality:  # issue 13: attempted or foiled, and the finer types the wording gives
            g.add(node, _N.modality, getattr(_N, ev.modality))
        for t in ev.reported_types:
            g.add(node, _N.reportedType, getattr(_N, t))

    def _statement(self, g: ArticleTriples, art: Article, a: ox.NamedNode, st: Statement) -> None:
        node = self._iri(st.key)
        g.add(node, _RDF_TYPE, _N.Statement)
        g.add(node, _N.quote, ox.Literal(st.quote))
        g.add(node, _N.quoteType, _N.Direct if st.direct else _N.Indirect)
        self._mentions(g, art, a, node, st.mentions)
        if st.speaker:
            g.add(node, _N.speaker, self._iri(st.speaker))
        if st.spokesperson:
            g.add(node, _N.spokesperson, self._iri(st.spokesperson))
        for k in st.addressees:
            g.add(node, _N.addressee, self._iri(k))
        for k in st.about:
            g.add(node, _N.about, self._iri(k))
        if st.date is not None:
            g.add(node, _N.date, _date(st.date))
