"""Worker processes: query workers, which own a store handle, and the article extractor, which owns the model.

A query worker (``serve``) evaluates jobs one at a time in a separate process so
that the web process can kill it when a query overruns (pyoxigraph cannot be
interrupted). See ``api.executor`` for the pools. It opens the store read-only
unless it is the single writable worker. The store is the embedded one or a
SPARQL server (``kg.store.open_store``); the HTTP answers are the same, and what
differs for a server (its syntax checks, Graph Store writes as updates) is in
``api.remote_jobs``. For a server, killing the worker also drops its request.

The article extractor (``serve_extractor``) loads the spaCy pipeline and the SHACL
shapes once and turns articles into validated graphs with ``kg.ingest``'s
``ArticleProcessor``, the same code as ``newskg build``; it never opens the store.
"""

from __future__ import annotations

import dataclasses
import json
import re
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import RDF

from api import remote_jobs, results
from api.formats import CANONICAL, rdf_format
from api.jobs import (
    Answer,
    DumpJob,
    Extracted,
    ExtractJob,
    GraphWriteJob,
    HealthJob,
    Job,
    NodeJob,
    PutArticleJob,
    QueryJob,
    Reply,
    UpdateJob,
)
from kg.explain import explain
from kg.reading import ArticleError
from kg.settings import Settings
from kg.store import StoreError, open_store, serialize
from kg.store.default_graph import DefaultGraphWrite
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore
from kg.vocab import NKG

if TYPE_CHECKING:  # imported by serve_extractor only: the web process imports this module and must not load spaCy
    from kg.ingest import ArticleProcessor, Processed

_POSITION = re.compile(r"^error at (\d+):(\d+): ", re.S)
_MAX_MESSAGE = 600
AnyStore = EmbeddedStore | RemoteStore
QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterator[ox.Triple]


def syntax_message(what: str, exc: SyntaxError) -> str:
    """'malformed query: line 3, column 11: expected ...' from pyoxigraph's 'error at 3:11: ...'."""
    text = str(exc)
    m = _POSITION.match(text)
    where = f"line {m.group(1)}, column {m.group(2)}: " if m else ""
    detail = text[m.end():] if m else text
    if len(detail) > _MAX_MESSAGE:
        detail = detail[:_MAX_MESSAGE] + "..."
    return f"malformed {what}: {where}{detail}"


def _text(status: int, message: str) -> Reply:
    return Reply(status, body=(message + "\n").encode())


def _not_acceptable(kind: str) -> Reply:
    return _text(406, f"no acceptable media type for {kind} in the Accept header")


def _evaluate(db: EmbeddedStore, job: QueryJob) -> QueryResult:
    """pyoxigraph's evaluation over the protocol dataset, else the store's (its default graph is the union)."""
    return db.query(job.sparql, base_iri=job.base_iri, default_graphs=job.default_graphs,
                    named_graphs=job.named_graphs)


def _capped(items: Iterable, max_rows: int) -> tuple[list, dict[str, str]]:
    """At most ``max_rows`` items, and the header saying so when there were more."""
    kept: list = []
    for item in items:
        if len(kept) == max_rows:
            return kept, {"X-NewsKG-Truncated": f"results cut at max_rows={max_rows}"}
        kept.append(item)
    return kept, {}


def _answer(result: QueryResult, job: QueryJob, max_rows: int) -> Reply:
    """Serialise a result (the embedded store's, or a server's as it arrives) in the negotiated format."""
    if isinstance(result, ox.QueryBoolean):
        if job.boolean_format is None:
            return _not_acceptable("an ASK result")
        return Reply(200, CANONICAL[job.boolean_format], results.boolean(job.boolean_format, bool(result)))
    if isinstance(result, ox.QuerySolutions):
        if job.solutions_format is None:
            return _not_acceptable("SELECT results")
        variables = [v.value for v in result.variables]
        solutions, headers = _capped(result, max_rows)
        rows = [[sol[i] for i in range(len(variables))] for sol in solutions]
        return Reply(200, CANONICAL[job.solutions_format],
                     results.solutions(job.solutions_format, variables, rows), headers)
    if job.graph_format is None:
        return _not_acceptable("an RDF graph (CONSTRUCT/DESCRIBE)")
    triples, headers = _capped(result, max_rows)
    body = serialize.write(triples, None, rdf_format(job.graph_format))
    return Reply(200, CANONICAL[job.graph_format], body, headers)


def run_query(db: AnyStore, job: QueryJob, max_rows: int) -> Reply:
    """Evaluate a query; serialise at most ``max_rows`` rows (or triples) in the negotiated format."""
    with ExitStack() as open_answer:  # a server's answer is read, then closed
        try:
            if isinstance(db, RemoteStore):
                result = open_answer.enter_context(remote_jobs.evaluate(db, job))
            else:
                result = _evaluate(db, job)
        except SyntaxError as exc:
            return _text(400, syntax_message("query", exc))
        return _answer(result, job, max_rows)


def run_update(db: AnyStore, job: UpdateJob) -> Reply:
    """Apply an update in one transaction (one request to a server)."""
    if db.read_only:
        return _text(403, "writes are disabled on this server")
    try:
        if isinstance(db, RemoteStore):
            remote_jobs.update(db, job)
        else:
            db.update(job.sparql, base_iri=job.base_iri)
    except SyntaxError as exc:
        return _text(400, syntax_message("update", exc))
    except DefaultGraphWrite as exc:
        return _text(400, f"refused: {exc}")
    return Reply(204)


def run_dump(db: AnyStore, job: DumpJob) -> Reply:
    """Write the dataset, the (union) default graph or one named graph to ``job.path``."""
    fmt = rdf_format(job.fmt)
    if job.scope == "dataset":
        db.export(job.fmt, job.path)
    elif job.scope == "default":
        serialize.write(db.default_triples(), job.path, fmt)
    else:
        triples = db.graph(job.graph)
        if triples is None:
            return _text(404, f"no graph named <{job.graph}> in this store")
        graph = ox.NamedNode(job.graph)
        keep_name = fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)  # JSON-LD: the graph's triples only
        items = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples) if keep_name else triples
        serialize.write(items, job.path, fmt)
    return Reply(200, CANONICAL[job.fmt])


def run_graph_write(db: AnyStore, job: GraphWriteJob) -> Reply:
    """Graph Store Protocol PUT/POST/DELETE on one graph (None: the default graph)."""
    if db.read_only:
        return _text(403, "writes are disabled on this server")
    triples: list[ox.Triple] = []
    if job.method != "DELETE":
        try:  # parse everything before touching the store, so bad data changes nothing
            triples = [q.triple for q in ox.parse(job.data, format=rdf_format(job.fmt), base_iri=job.base_iri)]
        except SyntaxError as exc:
            return _text(400, syntax_message("RDF", exc))
    try:
        existed = db.write_graph(job.method, job.graph, triples)
    except DefaultGraphWrite as exc:
        return Reply(405, body=f"{exc}\n".encode(), headers={"Allow": "GET"})
    if job.method == "DELETE":
        return Reply(204) if existed else _text(404, f"no graph named <{job.graph}> in this store")
    return Reply(204 if existed else 201)


def run_put_article(db: AnyStore, job: PutArticleJob) -> Reply:
    """Store a validated article graph; 201 when added or replaced, 200 when already stored. Body: the outcome."""
    if db.read_only:
        return _text(403, "writes are disabled on this server")
    outcome = db.put_article(job.iri, job.ntriples, job.source)
    db.flush()
    return Reply(200 if outcome.value == "unchanged" else 201, body=outcome.value.encode())


def handle(db: AnyStore, job: Job, max_rows: int) -> Reply:
    """Run one job; any failure becomes an error reply rather than a dead worker."""
    try:
        if isinstance(job, QueryJob):
            return run_query(db, job, max_rows)
        if isinstance(job, UpdateJob):
            return run_update(db, job)
        if isinstance(job, DumpJob):
            return run_dump(db, job)
        if isinstance(job, GraphWriteJob):
            return run_graph_write(db, job)
        if isinstance(job, NodeJob):
            info = explain(db, job.iri)
            return Reply(200 if info.found else 404, "application/json", json.dumps(dataclasses.asdict(info)).encode())
        if isinstance(job, HealthJob):
            return Reply(200, "application/json", json.dumps({"articles": len(db.articles())}).encode())
        if isinstance(job, PutArticleJob):
            return run_put_article(db, job)
        return _text(500, f"unknown job {type(job).__name__}")
    except (StoreError, SyntaxError) as exc:  # a server failed, refused, or answered what cannot be read
        return _text(502, f"the SPARQL store behind this server failed: {exc}")
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return _text(500, f"the store failed: {exc}")


def _answer_jobs(conn: Connection, answer: Callable[[Job], Answer]) -> None:
    """Say ready, then answer jobs until the pipe closes."""
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(job))


def serve(conn: Connection, location: str, writable: bool, max_rows: int, settings: Settings) -> None:
    """Query worker entry point: open the store, then answer jobs.

    ``settings`` give a SPARQL server's credentials and the query timeout.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent stops us
    try:
        db = open_store(location, read_only=not writable, settings=settings)
    except StoreError as exc:
        conn.send(("error", str(exc)))
        return
    _answer_jobs(conn, lambda job: handle(db, job, max_rows))


def node_counts(ntriples: bytes) -> dict[str, int]:
    """Nodes per class of the public vocabulary (``nkg:Event`` → ``"Event"``) in an N-Triples graph."""
    ns, rdf_type, counts = str(NKG), str(RDF.type), Counter()
    for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        if quad.predicate.value == rdf_type and quad.object.value.startswith(ns):
            counts[quad.object.value[len(ns):]] += 1
    return dict(sorted(counts.items()))


def _shacl_report(processor: ArticleProcessor, processed: Processed) -> str:
    """The full report of a failing graph, as ``newskg validate --format json`` prints it.

    ``kg.ingest`` keeps only a summary of the findings, so the graph is validated again,
    on this failure path only.
    """
    from rdflib import Graph

    from kg.validation.reporters import as_json
    from kg.validation.run import Check

    outcome = processor.validator.validate(Graph().parse(data=processed.ntriples, format="nt"), processed.ntriples)
    return as_json(Check(outcome, files=[processed.article.source], shapes=[]))


def extract(processor: ArticleProcessor, job: Job) -> Answer:
    """An article's validated graph, or an error reply."""
    if not isinstance(job, ExtractJob):
        return _text(500, f"the extractor cannot run {type(job).__name__}")
    processed = next(processor.process([job.article]))
    if isinstance(processed, ArticleError):  # extraction raised: a bug, not the client's fault
        return _text(500, str(processed))
    report = None if processed.conforms else _shacl_report(processor, processed)
    return Extracted(processed.iri, processed.ntriples, processed.triples, node_counts(processed.ntriples), report)


def serve_extractor(conn: Connection, settings: Settings) -> None:
    """Article extractor entry point: load the pipeline and the shapes, then answer ``ExtractJob``s."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from kg.ingest import ArticleProcessor
    from kg.nlp import load_pipeline

    try:
        processor = ArticleProcessor(settings)
        load_pipeline(settings.spacy_model)  # now, so that the first article does not wait and a missing model shows
    except Exception as exc:  # noqa: BLE001 - any failure to load is reported to the parent, which refuses the request
        conn.send(("error", f"cannot extract articles: {exc}"))
        return
    _answer_jobs(conn, lambda job: extract(processor, job))
