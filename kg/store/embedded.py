"""The embedded store: pyoxigraph (RocksDB) on disk, one named graph per article.

An article's graph is written in one transaction (``Store.extend``), so a
crash leaves every article wholly present or absent. The article IRI names its
graph, so listing, replacing and removing an article are graph operations.
"""

from __future__ import annotations

import fcntl
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from kg.store.base import ArticleInfo, PutOutcome, StoreError, StoreLocked, ontology_ntriples
from kg.vocab import NKG, PREFIXES

ONTOLOGY_GRAPH = str(NKG)[:-1]
LOCK_FILE = "newskg.lock"  # https://w3id.org/newskg/ontology

# Export format names of the CLI and API → pyoxigraph formats.
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

_UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_ARTICLES = """
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?a ?id ?source ?title ?issued WHERE {
  GRAPH ?a { ?a a nkg:Article ; dct:identifier ?id ; dct:source ?source .
             OPTIONAL { ?a dct:title ?title } OPTIONAL { ?a dct:issued ?issued } }
} ORDER BY ?source ?a
"""


def _advisory_lock(folder: Path, exclusive: bool) -> IO[bytes]:
    """Readers share the store, a writer has it alone.

    RocksDB locks out a second writer itself, but not readers: a read-only handle
    next to a writer is undefined behaviour. So every handle also takes this lock,
    and a build next to a running server (or the reverse) gets a clear message.
    """
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / LOCK_FILE, "a+b")  # noqa: SIM115 (held for the store's lifetime)
    try:
        fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.close()
        holder = "reading or writing" if exclusive else "writing"
        raise StoreLocked(f"the store {folder} is in use by another newskg process ({holder} it: a running "
                          "'serve', 'build', 'query' or 'export'); stop it first, or use the HTTP endpoint") from exc
    return handle


def _open(path: str, read_only: bool) -> ox.Store:
    try:
        return ox.Store.read_only(path) if read_only else ox.Store(path)
    except OSError as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise StoreLocked(
                f"the store {path} is in use by another newskg process (a running 'serve' or 'build'); "
                "stop it, or query it through its HTTP endpoint"
            ) from exc
        raise StoreError(f"cannot open the store {path}: {msg}") from exc


class EmbeddedStore:
    """A pyoxigraph store in a folder."""

    def __init__(self, location: str | Path, *, read_only: bool = False) -> None:
        self.location = str(location)
        if read_only and not Path(self.location).exists():
            raise StoreError(f"no store at {self.location}: build one first with 'newskg build'")
        self.read_only = read_only
        self._lock = _advisory_lock(Path(self.location), exclusive=not read_only)
        self.store = _open(self.location, read_only)

    # -- articles -----------------------------------------------------------------
    def has_article(self, iri: str) -> bool:
        """True when the article's graph is stored (it is complete: graphs are written atomically)."""
        return self.store.contains_named_graph(ox.NamedNode(iri))

    def articles(self) -> list[ArticleInfo]:
        """Every stored article, sorted by source."""
        out = []
        for row in self.store.query(_ARTICLES):
            out.append(ArticleInfo(
                iri=row["a"].value, identifier=row["id"].value, source=row["source"].value,
                title=row["title"].value if row["title"] else None,
                issued=row["issued"].value if row["issued"] else None,
            ))
        return out

    def put_article(self, iri: str, ntriples: bytes, source: str) -> PutOutcome:
        """Store an article's graph (N-Triples) unless unchanged; replace older versions from the same source.

        Each case is one transaction, so a crash never leaves part of an article, nor
        an old and a new version of the same source side by side.
        """
        stale = [a for a in self._graphs_from_source(source) if a != iri]
        if self.has_article(iri):
            if stale:  # a replacement interrupted by a crash before this store existed
                self._drop(stale)
            return PutOutcome.UNCHANGED
        if not stale:
            self.store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
            return PutOutcome.ADDED
        self._replace(iri, ntriples, stale)
        return PutOutcome.REPLACED

    def _replace(self, iri: str, ntriples: bytes, stale: list[str]) -> None:
        drops = " ".join(f"DROP SILENT GRAPH <{g}> ;" for g in stale)
        body = ntriples.decode("utf-8")
        self.store.update(f"{drops} INSERT DATA {{ GRAPH <{iri}> {{ {body} }} }}")

    def _drop(self, graphs: list[str]) -> None:
        self.store.update(" ; ".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))

    def _graphs_from_source(self, source: str) -> list[str]:
        q = "SELECT DISTINCT ?a ?src WHERE { GRAPH ?a { ?a <http://purl.org/dc/terms/source> ?src } }"
        rows = self.store.query(q, substitutions={ox.Variable("src"): ox.Literal(source)})
        return [row["a"].value for row in rows]

    def remove_article(self, ref: str) -> list[ArticleInfo]:
        """Remove the articles whose IRI, identifier (or its prefix) or source equals ``ref``."""
        hits = [a for a in self.articles()
                if ref in (a.iri, a.source) or (len(ref) >= 8 and a.identifier.startswith(ref))]
        for a in hits:
            self.store.remove_graph(ox.NamedNode(a.iri))
        return hits

    def set_ontology(self, path: Path) -> None:
        """Keep the ontology in its own graph, so queries can follow skos:broader and labels.

        Its blank nodes are skolemised canonically (``ontology_ntriples``), so the stored
        ontology, and so every export, is the same on every build.
        """
        ntriples = ontology_ntriples(path)
        g = ox.NamedNode(ONTOLOGY_GRAPH)
        wanted = {ox.Quad(t.subject, t.predicate, t.object, g)
                  for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)}
        if set(self.store.quads_for_pattern(None, None, None, g)) != wanted:
            self._replace(ONTOLOGY_GRAPH, ntriples, [ONTOLOGY_GRAPH])

    # -- queries and export --------------------------------------------------------
    def query(self, sparql: str, *, union: bool = True, base_iri: str | None = None,
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Evaluate a SPARQL query; by default the default graph is the union of all graphs.

        A protocol dataset (``default_graphs``/``named_graphs``, either given) replaces the
        store's graphs. Vocabulary prefixes are predeclared.
        """
        if default_graphs is not None or named_graphs is not None:
            return self.store.query(sparql, base_iri=base_iri, prefixes=PREFIXES,
                                    default_graph=[ox.NamedNode(g) for g in default_graphs or ()],
                                    named_graphs=[ox.NamedNode(g) for g in named_graphs or ()])
        return self.store.query(sparql, base_iri=base_iri, prefixes=PREFIXES, use_default_graph_as_union=union)

    def export(self, fmt: str, output: IO[bytes] | str | Path) -> None:
        """Write the whole dataset: quad formats keep the graphs, triple formats get their union."""
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            self.store.dump(output, format=rdf_format, prefixes=PREFIXES)
        else:
            ox.serialize(self.query(_UNION_TRIPLES), output, format=rdf_format, prefixes=PREFIXES)

    def counts(self) -> dict[str, int]:
        """Articles, distinct triples, and instances per vocabulary class."""
        out = {"articles": len(self.articles())}
        q = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
        out["triples"] = int(next(iter(self.store.query(q)))["n"].value)
        q = ("SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a ?c } "
             f"FILTER(STRSTARTS(STR(?c), '{NKG}') && ?g != <{ONTOLOGY_GRAPH}>) }} GROUP BY ?c ORDER BY ?c")
        for row in self.store.query(q):
            out[row["c"].value[len(str(NKG)):]] = int(row["n"].value)
        return out

    def flush(self) -> None:
        """Make writes durable before reporting success."""
        if not self.read_only:
            self.store.flush()

    def close(self) -> None:
        """Flush, release the database handle and the advisory lock (also on garbage collection)."""
        if self._lock.closed:
            return
        self.flush()
        del self.store
        self._lock.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
