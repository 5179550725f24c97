"""Worker processes: query workers, which own a store handle, and the article extractor, which owns the model.

A query worker (``serve``) evaluates jobs one at a time in a separate process so
that the web process can kill it when a query overruns (pyoxigraph cannot be
interrupted). See ``api.executor`` for the pools. Its role says how it opens the
store: read-only, as the single writer (which publishes a snapshot of an embedded
store after each write), or as a reader of those snapshots. The store is the embedded one or a
SPARQL server (``kg.store.open_store``); the HTTP answers are the same, and what
differs for a server (its syntax checks, Graph Store writes as updates) is in
``api.remote_jobs``. For a server, killing the worker also drops its request.
The web process's inline runner (``api.inline``) calls ``handle`` the same way.

The article extractor (``serve_extractor``) loads the spaCy pipeline and the SHACL
shapes once and turns articles into validated graphs with ``kg.ingest``'s
``ArticleProcessor``, the same code as ``newskg build``; it never opens the store.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from functools import partial
from itertools import islice
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import RDF

from api import remote_jobs
from api.formats import CANONICAL, RESULTS_FORMATS, rdf_format
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
    write_message,
)
from kg.explain import explain
from kg.reading import ArticleError
from kg.settings import Settings
from kg.store import StoreError, open_store, serialize
from kg.store.default_graph import DefaultGraphWrite
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore
from kg.store.snapshots import Follower, Publisher
from kg.vocab import NKG, PREFIXES

if TYPE_CHECKING:  # imported by serve_extractor only: the web process imports this module and must not load spaCy
    from kg.ingest import ArticleProcessor, Processed

_POSITION = re.compile(r"^error at (\d+):(\d+): ", re.S)
_MAX_MESSAGE = 600
_PARSER = ox.Store()  # never written: queries are only parsed against it
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


def _evaluate(db: AnyStore, job: QueryJob, sparql: str, answers: ExitStack) -> QueryResult:
    """Evaluate ``sparql`` (the job's query, maybe with the row cap's LIMIT) over the job's dataset.

    The protocol dataset if any, else the store's (its default graph is the union of the
    article graphs). A server's answer is read as it arrives and closed with ``answers``.
    """
    if isinstance(db, RemoteStore):
        return answers.enter_context(remote_jobs.evaluate(db, dataclasses.replace(job, sparql=sparql)))
    return db.query(sparql, base_iri=job.base_iri, default_graphs=job.default_graphs, named_graphs=job.named_graphs)


def _syntax_error(job: QueryJob, sparql: str, exc: SyntaxError) -> SyntaxError:
    """The error in the query as sent: the row cap's LIMIT may have moved what follows it."""
    if sparql != job.sparql:
        try:
            _PARSER.query(job.sparql, base_iri=job.base_iri, prefixes=PREFIXES)
        except SyntaxError as original:
            return original
    return exc


def _more_rows(body: bytes, fmt: ox.QueryResultsFormat, max_rows: int) -> bool:
    """Whether a serialised SELECT answer holds more than ``max_rows`` rows (read back natively)."""
    if fmt == ox.QueryResultsFormat.CSV:  # pyoxigraph reads every results format but CSV
        rows: Iterator = csv.reader(io.StringIO(body.decode()))
        return next(islice(rows, max_rows + 1, None), None) is not None  # after the header
    return next(islice(ox.parse_query_results(body, format=fmt), max_rows, None), None) is not None


def run_query(db: AnyStore, job: QueryJob, max_rows: int) -> Reply:
    """Evaluate a query and serialise at most ``max_rows`` rows (or triples) natively, in the negotiated format.

    No Python runs per row: SELECT answers are capped by their LIMIT (``api.row_cap``),
    graphs by slicing the triple iterator that pyoxigraph serialises.
    """
    first = job.row_cap.limited(job.sparql, max_rows + 1) if job.row_cap else job.sparql
    with ExitStack() as answers:
        try:
            result = _evaluate(db, job, first, answers)
        except SyntaxError as exc:
            return _text(400, syntax_message("query", _syntax_error(job, first, exc)))
        if isinstance(result, ox.QueryBoolean):
            if job.boolean_format is None:
                return _not_acceptable("an ASK result")
            body = result.serialize(format=RESULTS_FORMATS[job.boolean_format])
            return Reply(200, CANONICAL[job.boolean_format], body)
        if isinstance(result, ox.QuerySolutions):
            if job.solutions_format is None:
                return _not_acceptable("SELECT results")
            fmt = RESULTS_FORMATS[job.solutions_format]
            body = result.serialize(format=fmt)
            if job.row_cap is None or len(body) <= max_rows or not _more_rows(body, fmt, max_rows):
                return Reply(200, CANONICAL[job.solutions_format], body)
            answers.close()
            body = _evaluate(db, job, job.row_cap.limited(job.sparql, max_rows), answers).serialize(format=fmt)
            return Reply(200, CANONICAL[job.solutions_format], body, _truncated(max_rows))
        if job.graph_format is None:
            return _not_acceptable("an RDF graph (CONSTRUCT/DESCRIBE)")
        if isinstance(result, ox.QueryTriples) and job.graph_format == "nt":  # one triple a line: lines counted
            lines = _Lines(max_rows)
            with suppress(_Lines.Full):
                result.serialize(lines, format=ox.RdfFormat.N_TRIPLES)
            return Reply(200, CANONICAL["nt"], lines.body(), _truncated(max_rows) if lines.full else {})
        triples = iter(result)
        body = serialize.write(islice(triples, max_rows), None, rdf_format(job.graph_format))
        more = next(triples, None) is not None
        return Reply(200, CANONICAL[job.graph_format], body, _truncated(max_rows) if more else {})


class _Lines:
    """Where pyoxigraph writes N-Triples: keeps the first ``limit`` lines and stops the serialisation after them.

    pyoxigraph then serialises in one call, with no Python object per triple (it still holds
    the GIL while it serialises a graph, unlike a SELECT answer).
    """

    class Full(Exception):
        """More than ``limit`` lines were written."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[bytes] = []
        self.lines = 0
        self.full = False

    def write(self, data: bytes) -> int:
        before, self.lines = self.lines, self.lines + data.count(b"\n")
        if self.lines <= self.limit:
            self.chunks.append(data)
            return len(data)
        end = 0
        for _ in range(self.limit - before):  # within this one chunk: some 100 lines at most
            end = data.index(b"\n", end) + 1
        self.chunks.append(data[:end])
        self.full = True
        raise self.Full

    def flush(self) -> None:
        """Called by pyoxigraph when it is done: the lines are all in ``chunks``."""

    def body(self) -> bytes:
        return b"".join(self.chunks)


def _truncated(max_rows: int) -> dict[str, str]:
    return {"X-NewsKG-Truncated": f"results cut at max_rows={max_rows}"}


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


def _answer_jobs(jobs: Connection, answers: Connection, answer: Callable[[Job], Answer]) -> None:
    """Say ready, then answer jobs until the pipe closes."""
    write_message(answers.fileno(), ("ready", None))
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        write_message(answers.fileno(), answer(job))


READ, WRITE, FOLLOW = "read", "write", "follow"  # a query worker's role
WRITES = (UpdateJob, GraphWriteJob, PutArticleJob)


def _publishing(db: AnyStore, publisher: Publisher | None, job: Job, max_rows: int) -> Reply:
    """Run a job on the writable store; after a write, publish the store's snapshot before answering."""
    reply = handle(db, job, max_rows)
    if publisher is None or not isinstance(job, WRITES) or not 200 <= reply.status < 300:
        return reply
    try:
        publisher.publish()
    except OSError as exc:
        return _text(500, f"the write was stored, but queries cannot see it yet (publishing the store's "
                          f"snapshot failed: {exc}); it shows after the next write")
    return reply


def _following(follower: Follower, job: Job, max_rows: int) -> Reply:
    """Run a job on the newest snapshot of a store that another process writes."""
    try:
        db = follower.store()
    except StoreError as exc:
        return _text(503, f"cannot read the store now: {exc}")
    return handle(db, job, max_rows)


def serve(jobs: Connection, answers: Connection, location: str, role: str, max_rows: int, settings: Settings) -> None:
    """Query worker entry point: open the store as ``role`` says, then answer jobs.

    ``READ``: the store read-only (no process writes it). ``WRITE``: the store read-write; an
    embedded one publishes its snapshot after each write (``kg.store.snapshots``).
    ``FOLLOW``: the newest snapshot of an embedded store that a ``WRITE`` worker writes.
    ``settings`` give a SPARQL server's credentials and the query timeout.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent stops us
    answer: Callable[[Job], Answer]
    try:
        if role == FOLLOW:
            follower = Follower(location)
            follower.store()
            answer = partial(_following, follower, max_rows=max_rows)
        else:
            db = open_store(location, read_only=role == READ, settings=settings)
            publisher = Publisher(db) if role == WRITE and isinstance(db, EmbeddedStore) else None
            answer = partial(_publishing, db, publisher, max_rows=max_rows)
    except (StoreError, OSError) as exc:
        write_message(answers.fileno(), ("error", str(exc)))
        return
    _answer_jobs(jobs, answers, answer)


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


def serve_extractor(jobs: Connection, answers: Connection, settings: Settings) -> None:
    """Article extractor entry point: load the pipeline and the shapes, then answer ``ExtractJob``s."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from kg.ingest import ArticleProcessor
    from kg.nlp import load_pipeline

    try:
        processor = ArticleProcessor(settings)
        processor.validator  # noqa: B018 - the shapes and the model now, so that the first article does not wait
        load_pipeline(settings.spacy_model)  # and unusable shapes or a missing model show
    except Exception as exc:  # noqa: BLE001 - any failure to load is reported to the parent, which refuses the request
        write_message(answers.fileno(), ("error", f"cannot extract articles: {exc}"))
        return
    _answer_jobs(jobs, answers, lambda job: extract(processor, job))
