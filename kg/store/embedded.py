"""The embedded store: pyoxigraph (RocksDB) on disk, one named graph per article, and their union.

An article's graph is written in one transaction (``Store.extend`` or one update), so a
crash leaves every article wholly present or absent. The article IRI names its
graph, so listing, replacing and removing an article are graph operations. The store's
default graph holds the set-union of the named graphs, written in the same transaction
as each graph (see :mod:`kg.store.default_graph`), and queries read it as their default
graph: one row per fact, however many articles state it.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator, Sequence
from contextlib import suppress
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.store import serialize
from kg.store.base import ArticleInfo, PutOutcome, StoreError, StoreLocked, ontology_ntriples
from kg.store.default_graph import DefaultGraphWrite, UnionGraph
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

UNION = UnionGraph()  # the store's own default graph holds the union
OLD_LAYOUT = ("the store {location} was built by an older newskg, which did not keep the default graph (the union of "
              "the article graphs) in the store; upgrade it once with 'newskg upgrade --store {location}' (it stays "
              "readable by this version only), then open it again")
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


def _raise_if_malformed(update: str, base_iri: str | None) -> None:
    """Raise pyoxigraph's SyntaxError (with its line and column) when ``update`` does not parse."""
    with suppress(RuntimeError, OSError):  # evaluation errors on an empty store mean nothing
        ox.Store().update(update, base_iri=base_iri, prefixes=PREFIXES)


class EmbeddedStore:
    """A pyoxigraph store in a folder."""

    def __init__(self, location: str | Path, *, read_only: bool = False) -> None:
        self.location = str(location)
        if read_only and not Path(self.location).exists():
            raise StoreError(f"no store at {self.location}: build one first with 'newskg build'")
        self.read_only = read_only
        self._lock = _advisory_lock(Path(self.location), exclusive=not read_only)
        self.store = _open(self.location, read_only)
        try:
            self.upgraded = self._keep_default_graph()
        except BaseException:
            self.close()
            raise

    def _keep_default_graph(self) -> bool:
        """Derive the default graph of a store built before it was kept; True when this open did so.

        Such a store has named graphs and an empty default graph (which a store of this version
        never has: its default graph is their union). Read-only, it is refused with what to do.
        """
        no_default = next(iter(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
        if not no_default or not bool(self.store.query("ASK { GRAPH ?g { ?s ?p ?o } }")):
            return False
        if self.read_only:
            raise StoreError(OLD_LAYOUT.format(location=self.location))
        self.store.update(UNION.fill())
        return True

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

        Each case is one transaction, default graph included, so a crash never leaves part of an
        article, nor an old and a new version of the same source side by side.
        """
        stale = [a for a in self._graphs_from_source(source) if a != iri]
        if self.has_article(iri):
            if stale:  # a replacement interrupted by a crash before this store existed
                self.store.update(" ;\n".join(UNION.drop(stale)))
            return PutOutcome.UNCHANGED
        if not stale:
            self._add_ntriples(iri, ntriples)
            return PutOutcome.ADDED
        self.store.update(UNION.replace(iri, ntriples.decode("utf-8"), stale))
        return PutOutcome.REPLACED

    def _add(self, graph: str, triples: list[ox.Triple]) -> None:
        """Add triples to a named graph and to the default graph, in one transaction (faster than an update)."""
        name, union = ox.NamedNode(graph), ox.DefaultGraph()
        self.store.extend([*(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples),
                           *(ox.Quad(t.subject, t.predicate, t.object, union) for t in triples)])

    def _add_ntriples(self, graph: str, ntriples: bytes) -> None:
        """``_add`` for N-Triples, as N-Quads text: pyoxigraph parses and writes it without holding the GIL.

        N-Triples states one triple a line, ending " ."; each line is written twice, into the
        named graph and into the default graph. A line of another shape (a trailing comment)
        takes the parsing path instead.
        """
        name = b" " + str(ox.NamedNode(graph)).encode() + b" .\n"
        quads = []
        for line in ntriples.splitlines():
            line = line.strip()
            if not line or line.startswith(b"#"):
                continue
            if not line.endswith(b"."):
                self._add(graph, [q.triple for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)])
                return
            body = line[:-1].rstrip()
            quads += (body + name, body + b" .\n")
        self.store.load(b"".join(quads), format=ox.RdfFormat.N_QUADS)

    def _graphs_from_source(self, source: str) -> list[str]:
        q = "SELECT DISTINCT ?a ?src WHERE { GRAPH ?a { ?a <http://purl.org/dc/terms/source> ?src } }"
        rows = self.store.query(q, substitutions={ox.Variable("src"): ox.Literal(source)})
        return [row["a"].value for row in rows]

    def remove_article(self, ref: str) -> list[ArticleInfo]:
        """Remove the articles whose IRI, identifier (or its prefix) or source equals ``ref``, in one transaction."""
        hits = [a for a in self.articles()
                if ref in (a.iri, a.source) or (len(ref) >= 8 and a.identifier.startswith(ref))]
        if hits:
            self.store.update(" ;\n".join(UNION.drop([a.iri for a in hits])))
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
            self.store.update(UNION.replace(ONTOLOGY_GRAPH, ntriples.decode("utf-8")))

    # -- graphs, updates and queries -------------------------------------------------
    def graph(self, iri: str) -> list[ox.Triple] | None:
        """One named graph's triples; None when the store has no such graph."""
        name = ox.NamedNode(iri)
        if not self.store.contains_named_graph(name):
            return None
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, name)]

    def default_triples(self) -> Iterator[ox.Triple]:
        """The default graph: each triple of the named graphs once."""
        return (q.triple for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def write_graph(self, method: str, graph: str | None, triples: list[ox.Triple]) -> bool:
        """Graph Store write: replace (PUT), merge into (POST) or drop (DELETE) a named graph, in one transaction.

        Returns whether the graph existed. The default graph (``graph`` None) is derived from
        the named graphs and cannot be written (:class:`DefaultGraphWrite`).
        """
        if graph is None:
            raise DefaultGraphWrite("the default graph is the union of the named graphs, derived by newskg; "
                                    "write a named graph (?graph=IRI) instead")
        existed = self.store.contains_named_graph(ox.NamedNode(graph))
        if method == "DELETE":
            if existed:
                self.store.update(" ;\n".join(UNION.drop([graph])))
        elif method == "PUT" and existed:
            self.store.update(UNION.replace(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()))
        else:
            self._add(graph, triples)
        return existed

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Apply a SPARQL update and keep the default graph in step, in one transaction.

        Raises :class:`DefaultGraphWrite` when the update writes the default graph, SyntaxError
        (with the line and column in ``sparql``) when it is malformed.
        """
        if self.read_only:
            raise StoreError(f"the store {self.location} was opened read-only")
        try:
            text = UNION.with_update(sparql, base_iri)
        except DefaultGraphWrite:
            _raise_if_malformed(sparql, base_iri)  # a malformed update is told so, whatever it seems to write
            raise
        try:
            self.store.update(text, base_iri=base_iri, prefixes=PREFIXES)
        except SyntaxError:
            if text != sparql:  # report the client's own error, at its position in what it sent
                _raise_if_malformed(sparql, base_iri)
            raise

    def query(self, sparql: str, *, base_iri: str | None = None, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Evaluate a SPARQL query over the store's default graph (the union) and named graphs.

        A protocol dataset (``default_graphs``/``named_graphs``, either given) replaces them; a
        query's own ``FROM``/``FROM NAMED`` does too. Vocabulary prefixes are predeclared.
        """
        options: dict = {}
        if default_graphs is not None or named_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs or ()]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
        return self.store.query(sparql, base_iri=base_iri, prefixes=PREFIXES, **options)

    def export(self, fmt: str, output: IO[bytes] | str | Path) -> None:
        """Write the whole dataset: quad formats the named graphs (not their union), triple formats the union."""
        rdf_format = EXPORT_FORMATS[fmt]
        if rdf_format.supports_datasets:
            items: Iterator = (q for g in self.store.named_graphs()
                               for q in self.store.quads_for_pattern(None, None, None, g))
        else:
            items = self.default_triples()
        serialize.write(items, output, rdf_format)

    def counts(self) -> dict[str, int]:
        """Articles, triples (of the default graph: distinct), and instances per vocabulary class."""
        out = {"articles": len(self.articles())}
        out["triples"] = int(next(iter(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
        q = ("SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c "
             f"FILTER(STRSTARTS(STR(?c), '{NKG}') && !STRSTARTS(STR(?x), '{NKG}')) }} GROUP BY ?c ORDER BY ?c")
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
