"""Synthetic graphs in newskg's vocabulary, shaped like what ``newskg build`` stores.

One named graph per article, named by the article IRI, holding the article, the actors,
units, places, events and statements it reports, and a mention for each occurrence. Nodes
come from shared pools, so (as in real data) the same actor or place is stated by many
articles and queries must merge graphs. Sizes are counted in quads; 10k, 100k and 1M are
the benchmark sizes. ``python bench/generate.py 100000 -o graph.nq`` writes one to a file.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/newskg/id/"
NKG = "https://w3id.org/newskg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
DCT = "http://purl.org/dc/terms/"
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
EVENT_TYPES = ["Attack", "Threat", "ForcePosture", "Movement", "Communication", "Aid", "Cooperation"]
CLASSES = {"actor": ("Person", "Actor"), "org": ("Organization", "Actor"),
           "group": ("ArmedGroup", "Organization", "Actor"), "country": ("Country", "Actor", "Location"),
           "unit": ("Unit",), "location": ("Location",)}
SYLLABLES = ["al", "ba", "ka", "ra", "mi", "sh", "ta", "nu", "da", "ze", "qa", "lo", "fa", "ir", "ha", "mo"]
OPENERS = ["Officials said", "Witnesses reported that", "According to local sources,", "Later that day"]
CLOSERS = ["was seen near the front", "was involved", "remained in the area", "was named in the report"]


def nkg(name: str) -> ox.NamedNode:
    return ox.NamedNode(NKG + name)


def dct(name: str) -> ox.NamedNode:
    return ox.NamedNode(DCT + name)


def _name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                    for _ in range(rng.randint(1, 2)))


def label_of(kind: str, i: int) -> str:
    """The label of pool node ``i`` of ``kind``: a function of the key alone, as in real graphs."""
    return _name(random.Random(f"{kind}/{i}")) + ("" if kind in ("actor", "location", "country") else f" {kind}")


class _Article:
    """Quads of one synthetic article graph."""

    def __init__(self, index: int, rng: random.Random, pool: int) -> None:
        self.rng, self.pool = rng, pool
        self.ident = f"{index:016x}"
        self.iri = ox.NamedNode(f"{BASE}article/{self.ident}")
        self.published = date(2014, 1, 1) + timedelta(days=rng.randint(0, 3600))
        self.quads: list[ox.Quad] = []
        self.sentences: list[str] = []
        self.offset = 0

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(s, p, o, self.iri))

    def mention(self, node: ox.NamedNode, anchor: str) -> None:
        """A mention of ``node`` in a sentence of its own, appended to the article text."""
        sentence = f"{self.rng.choice(OPENERS)} {anchor} {self.rng.choice(CLOSERS)}."
        start = self.offset + sentence.index(anchor)
        self.sentences.append(sentence)
        self.offset += len(sentence) + 1
        m = ox.NamedNode(f"{BASE}mention/{self.ident}-{start}-{start + len(anchor)}")
        self.add(node, nkg("mention"), m)
        self.add(m, RDF_TYPE, nkg("Mention"))
        self.add(m, nkg("article"), self.iri)
        self.add(m, nkg("start"), ox.Literal(str(start), datatype=XSD_INT))
        self.add(m, nkg("end"), ox.Literal(str(start + len(anchor)), datatype=XSD_INT))
        self.add(m, nkg("anchor"), ox.Literal(anchor))
        self.add(m, nkg("sentence"), ox.Literal(sentence))

    def node(self, kind: str, index: int | None = None) -> ox.NamedNode:
        i = self.rng.randrange(self.pool if kind != "country" else 40) if index is None else index
        node = ox.NamedNode(f"{BASE}{kind}/{i}")
        label = label_of(kind, i)
        for cls in CLASSES[kind]:
            self.add(node, RDF_TYPE, nkg(cls))
        self.add(node, LABEL, ox.Literal(label))
        if self.rng.random() < 0.3 and " " in label:
            self.add(node, ALT, ox.Literal(label.split()[0]))
        if kind == "location":
            self.add(node, nkg("locatedIn"), self.node("country", i % 40))
        self.mention(node, label)
        return node

    def build(self) -> list[ox.Quad]:
        a, rng = self.iri, self.rng
        self.add(a, RDF_TYPE, nkg("Article"))
        self.add(a, dct("identifier"), ox.Literal(self.ident))
        self.add(a, dct("source"), ox.Literal(f"synthetic/{self.ident}.txt"))
        self.add(a, dct("title"), ox.Literal(f"Report on {_name(rng)}"))
        self.add(a, dct("issued"), ox.Literal(self.published.isoformat(), datatype=XSD_DATE))
        self.add(a, dct("publisher"), ox.Literal(rng.choice(["Reuters", "AP", "AFP", "BBC"])))
        actors = [self.node(rng.choice(["actor", "org", "group", "country"])) for _ in range(3)]
        units = [self.node("unit") for _ in range(2)]
        places = [self.node("location") for _ in range(2)]
        events = []
        for k in range(rng.randint(1, 3)):
            etype = rng.choice(EVENT_TYPES)
            day = self.published - timedelta(days=rng.randint(0, 6))
            e = ox.NamedNode(f"{BASE}event/{day.isoformat()}-{etype.lower()}-{self.ident}-{k}")
            self.add(e, RDF_TYPE, nkg("Event"))
            self.add(e, nkg("eventType"), nkg(etype))
            self.add(e, LABEL, ox.Literal(f"{etype.lower()} at {label_of('location', k)}"))
            agent, target = rng.sample(actors + units, 2)
            self.add(e, nkg("agent"), agent)
            if agent != target:
                self.add(e, nkg("target"), target)
            self.add(e, nkg("place"), rng.choice(places))
            self.add(e, nkg("date"), ox.Literal(day.isoformat(), datatype=XSD_DATE))
            self.mention(e, etype.lower())
            events.append(e)
        for k in range(rng.randint(1, 2)):
            s = ox.NamedNode(f"{BASE}statement/{self.ident}-{k}")
            self.add(s, RDF_TYPE, nkg("Statement"))
            quote = " ".join(_name(rng) for _ in range(12))
            self.add(s, nkg("quote"), ox.Literal(quote))
            self.add(s, nkg("quoteType"), nkg(rng.choice(["Direct", "Indirect"])))
            self.add(s, nkg("speaker"), rng.choice(actors))
            self.add(s, nkg("about"), rng.choice(events))
            self.add(s, nkg("date"), ox.Literal(self.published.isoformat(), datatype=XSD_DATE))
            self.mention(s, quote)
        self.add(a, nkg("text"), ox.Literal(" ".join(self.sentences)))
        return self.quads


def quads(size: int, seed: int = 11) -> Iterator[ox.Quad]:
    """About ``size`` quads (whole articles, stopping at the first article that reaches it)."""
    rng = random.Random(seed)
    pool = max(50, size // 400)  # shared nodes grow with the graph, as a real corpus's do
    made = index = 0
    while made < size:
        article = _Article(index, rng, pool).build()
        made += len(article)
        index += 1
        yield from article


def load(store: ox.Store, size: int, seed: int = 11) -> int:
    """Bulk-load a graph of about ``size`` quads into ``store`` as newskg keeps it; returns the quad count.

    Each quad also goes to the default graph, which newskg keeps as the union of the named graphs.
    """
    union = ox.DefaultGraph()
    store.bulk_extend(x for q in quads(size, seed)
                      for x in (q, ox.Quad(q.subject, q.predicate, q.object, union)))
    return len(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="quads to generate (e.g. 10000, 100000, 1000000)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="N-Quads file to write")
    args = parser.parse_args()
    ox.serialize(quads(args.size), args.output, format=ox.RdfFormat.N_QUADS)


if __name__ == "__main__":
    main()
