"""Build the RDF graph of one article's extraction.

Every triple about a shared node (an actor, a place, an event) is stated the
same way by every article that mentions it: the label comes from the key,
so the union of article graphs still has exactly one ``rdfs:label`` per node.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS, XSD

from kg.model import Article, Entity, Event, Extraction, Mention, Statement
from kg.rdf.iris import Minter
from kg.vocab import DCT, GEO, NKG, PREFIXES, SUPERCLASSES, WD


class GraphBuilder:
    """Turns ``Extraction`` objects into rdflib graphs with stable IRIs."""

    def __init__(self, minter: Minter | None = None) -> None:
        self.minter = minter or Minter()

    def new_graph(self) -> Graph:
        """An empty graph with the vocabulary's prefixes bound."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        g.bind("nkgid", self.minter.base)
        return g

    def build(self, extraction: Extraction) -> Graph:
        """The graph of one article: the article, its nodes, and their mentions."""
        g = self.new_graph()
        art = extraction.article
        self._article(g, art)
        for entity in extraction.entities.values():
            self._entity(g, art, entity)
        for event in extraction.events:
            self._event(g, art, event)
        for statement in extraction.statements:
            self._statement(g, art, statement)
        return g

    def article_iri(self, article: Article) -> URIRef:
        """The IRI that names an article and its named graph."""
        return self.minter.article(article)

    def _article(self, g: Graph, art: Article) -> None:
        a = self.minter.article(art)
        g.add((a, RDF.type, NKG.Article))
        g.add((a, NKG.text, Literal(art.text)))
        g.add((a, DCT.identifier, Literal(art.identifier)))
        g.add((a, DCT.source, Literal(art.source)))
        if art.title:
            g.add((a, DCT.title, Literal(art.title)))
        if art.author:
            g.add((a, DCT.creator, Literal(art.author)))
        if art.published:
            g.add((a, DCT.issued, Literal(art.published.isoformat(), datatype=XSD.date)))
        if art.publisher:
            g.add((a, DCT.publisher, Literal(art.publisher)))

    def _mentions(self, g: Graph, art: Article, node: URIRef, mentions: list[Mention]) -> None:
        a = self.minter.article(art)
        for m in mentions:
            mi = self.minter.mention(art, m.start, m.end)
            g.add((node, NKG.mention, mi))
            g.add((mi, RDF.type, NKG.Mention))
            g.add((mi, NKG.article, a))
            g.add((mi, NKG.start, Literal(m.start, datatype=XSD.integer)))
            g.add((mi, NKG.end, Literal(m.end, datatype=XSD.integer)))
            g.add((mi, NKG.anchor, Literal(m.anchor)))
            if m.sentence is not None:
                s0, s1 = m.sentence
                g.add((mi, NKG.sentence, Literal(art.text[s0:s1].strip())))

    def _labels(self, g: Graph, node: URIRef, label: str, alt_labels: set[str]) -> None:
        g.add((node, RDFS.label, Literal(label)))
        for alt in sorted(alt_labels - {label}):
            g.add((node, SKOS.altLabel, Literal(alt)))

    def _entity(self, g: Graph, art: Article, e: Entity) -> None:
        node = self.minter.key(e.key)
        for cls in (e.cls, *SUPERCLASSES.get(e.cls, ())):
            g.add((node, RDF.type, NKG[cls]))
        self._labels(g, node, e.label, e.alt_labels)
        self._mentions(g, art, node, e.mentions)
        for aff in e.affiliation:
            g.add((node, NKG.affiliation, self.minter.key(aff)))
        if e.strength:
            g.add((node, NKG.strength, Literal(e.strength)))
        for parent in e.located_in:
            g.add((node, NKG.locatedIn, self.minter.key(parent)))
        if e.wikidata:
            g.add((node, OWL.sameAs, WD[e.wikidata]))
        if e.coordinates:
            lat, lon = e.coordinates
            geom = self.minter.geometry(e.key)
            g.add((node, GEO.hasGeometry, geom))
            g.add((geom, RDF.type, GEO.Geometry))
            g.add((geom, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral)))

    def _event(self, g: Graph, art: Article, ev: Event) -> None:
        node = self.minter.key(ev.key)
        g.add((node, RDF.type, NKG.Event))
        g.add((node, NKG.eventType, NKG[ev.type]))
        self._labels(g, node, ev.label, set())
        self._mentions(g, art, node, ev.mentions)
        for prop, keys in ((NKG.agent, ev.agents), (NKG.target, ev.targets), (NKG.place, ev.places)):
            for k in keys:
                g.add((node, prop, self.minter.key(k)))
        for prop, d in ((NKG.date, ev.date), (NKG.earliest, ev.earliest), (NKG.latest, ev.latest)):
            if d is not None:
                g.add((node, prop, Literal(d.isoformat(), datatype=XSD.date)))

    def _statement(self, g: Graph, art: Article, st: Statement) -> None:
        node = self.minter.key(st.key)
        g.add((node, RDF.type, NKG.Statement))
        g.add((node, NKG.quote, Literal(st.quote)))
        g.add((node, NKG.quoteType, NKG.Direct if st.direct else NKG.Indirect))
        self._mentions(g, art, node, st.mentions)
        if st.speaker:
            g.add((node, NKG.speaker, self.minter.key(st.speaker)))
        for k in st.addressees:
            g.add((node, NKG.addressee, self.minter.key(k)))
        for k in st.about:
            g.add((node, NKG.about, self.minter.key(k)))
        if st.date is not None:
            g.add((node, NKG.date, Literal(st.date.isoformat(), datatype=XSD.date)))
