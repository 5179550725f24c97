"""The ``newskg`` command line: build, query, export, validate, serve, inspect."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kg.settings import Settings, get_settings
from kg.store import StoreError, open_store
from kg.store.embedded import EmbeddedStore as Store
from kg.validation.command import validate
from kg.wording import counted

if TYPE_CHECKING:
    from kg.ingest import IngestReport

app = typer.Typer(help="Build, validate, query and serve a knowledge graph of news.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOpt = Annotated[str, typer.Option("--store", "-s", envvar="NEWSKG_STORE",
                                       help="Store folder (created by build), or a SPARQL endpoint URL.")]
DEFAULT_STORE = "./newskg-data"


class ExportFormat(str, Enum):
    turtle = "turtle"
    nt = "nt"
    nquads = "nquads"
    trig = "trig"
    jsonld = "jsonld"
    rdfxml = "rdfxml"


class ResultFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"


def _settings(**overrides: object) -> Settings:
    base = get_settings()
    return base.model_copy(update={k: v for k, v in overrides.items() if v is not None})


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    return typer.Exit(code)


def _open(store: str, read_only: bool = False) -> Store:
    try:
        db = open_store(store, read_only=read_only)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    if db.upgraded:
        err.print(f"upgraded {store}: its default graph now holds the union of the article graphs, "
                  "one triple per fact", highlight=False)
    return db


def _count_inputs(paths: list[str]) -> int | None:
    """How many files the inputs hold (for the progress bar); None when unknowable (stdin)."""
    if "-" in paths:
        return None
    from kg.reading.sources import walk

    return sum(1 for p in paths if Path(p).exists() for _ in walk(Path(p)))


@app.command()
def build(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), JSON/JSONL; '-' reads stdin.")],
    store: StoreOpt = DEFAULT_STORE,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction processes on this machine.")] = 1,
    dask: Annotated[str | None, typer.Option(
        "--dask", help="Run extraction on a Dask cluster at this scheduler address.")] = None,
    extraction_timeout: Annotated[float | None, typer.Option(
        "--extraction-timeout", min=0.001, help="Seconds one article may take to extract before its process is "
        "killed and the article reported as failed (default: 10, or NEWSKG_EXTRACTION_TIMEOUT).")] = None,
) -> None:
    """Extract, validate and store articles; unchanged articles are skipped.

    Exit status 0 when every item was stored or unchanged, 1 when some failed (each is named with its reason;
    the others are stored), 2 when the build could not run.
    """
    from kg.guard import ExtractorUnavailable

    with _open(store) as db:
        try:
            report = _build(paths, db, _settings(store=store, extraction_timeout=extraction_timeout), workers, dask)
        except ExtractorUnavailable as exc:
            raise _fail(str(exc)) from exc
    for source, reason in report.failed:
        err.print(f"[yellow]skipped[/yellow] {escape(source)}: {escape(reason)}", highlight=False)
    err.print(f"{counted(report.seen, 'article')} read: {report.added} added, {report.replaced} replaced, "
              f"{report.unchanged} unchanged, {len(report.failed)} failed; {counted(report.triples, 'triple')} "
              f"written to {store}", highlight=False)
    if report.failed:
        raise typer.Exit(1)


def _build(paths: list[str], db: Store, settings: Settings, workers: int, dask: str | None) -> IngestReport:
    """Ingest ``paths`` into ``db`` with a progress bar, in the chosen runner."""
    from kg.guard import Supervisor

    if dask:
        from kg.runners import DaskRunner

        runner: Supervisor | DaskRunner = DaskRunner(settings, dask)
    else:
        runner = Supervisor(settings, workers).start()  # its processes load the model while this one gets ready
    from kg.ingest import ArticleProcessor, ingest
    from kg.reading import read_sources
    from kg.resources import ontology_path

    db.set_ontology(ontology_path())
    processor = ArticleProcessor(settings)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("building", total=_count_inputs(paths))
        try:
            return ingest(read_sources(paths), db, processor, progress=lambda _s: bar.advance(task), runner=runner)
        finally:
            runner.close()


@app.command()
def export(
    store: StoreOpt = DEFAULT_STORE,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF syntax.")] = ExportFormat.turtle,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write; stdout if omitted.")] = None,
) -> None:
    """Export the whole graph (triple formats get the union of all article graphs)."""
    with _open(store, read_only=True) as db:
        db.export(format.value, sys.stdout.buffer if output is None else output)
    if output is None:
        sys.stdout.buffer.flush()
    else:
        err.print(f"wrote {output}", highlight=False)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or @FILE to read it from a file.")],
    store: StoreOpt = DEFAULT_STORE,
    format: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = ResultFormat.table,
) -> None:
    """Run a SPARQL query over the union of all article graphs."""
    if sparql.startswith("@"):
        sparql = Path(sparql[1:]).read_text(encoding="utf-8")
    with _open(store, read_only=True) as db:
        try:
            result = db.query(sparql)
        except SyntaxError as exc:
            raise _fail(f"malformed query: {exc}") from exc
        _print_result(result, format)


def _print_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, format: ResultFormat) -> None:
    if isinstance(result, ox.QueryBoolean):
        out.print("true" if bool(result) else "false")
    elif isinstance(result, ox.QueryTriples):
        result.serialize(sys.stdout.buffer, format=ox.RdfFormat.TURTLE)
    elif format is ResultFormat.table:
        _print_table(result)
    else:
        fmt = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
               "tsv": ox.QueryResultsFormat.TSV}[format.value]
        result.serialize(sys.stdout.buffer, format=fmt)
        sys.stdout.buffer.flush()


def _print_table(result: ox.QuerySolutions) -> None:
    names = [v.value for v in result.variables]
    table = Table(*names, show_lines=False)
    rows = 0
    for row in result:
        table.add_row(*[Text(row[n].value if row[n] is not None else "") for n in names])
        rows += 1
    out.print(table)
    err.print(counted(rows, "row"), highlight=False)


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE) -> None:
    """Articles, triples, and nodes per class."""
    with _open(store, read_only=True) as db:
        counts = db.counts()
    table = Table("what", "count")
    for name, n in counts.items():
        table.add_row(name, str(n))
    out.print(table)


@app.command()
def remove(
    refs: Annotated[list[str], typer.Argument(
        help="Article IRI, content hash (or its first 8+ characters), or source.")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Remove articles and everything only they contributed."""
    missing = []
    with _open(store) as db:
        for ref in refs:
            removed = db.remove_article(ref)
            for a in removed:
                err.print(f"removed {escape(a.source)} ({a.iri})", highlight=False)
            if not removed:
                missing.append(ref)
    if missing:
        raise _fail("no stored article matches " + ", ".join(missing), code=1)


@app.command()
def upgrade(store: StoreOpt = DEFAULT_STORE) -> None:
    """Upgrade a store built by an older newskg (stores the default graph, the union of the article graphs)."""
    with _open(store) as db:
        if not db.upgraded:
            err.print(f"{store} is up to date", highlight=False)


@app.command()
def serve(
    store: StoreOpt = DEFAULT_STORE,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    query_timeout: Annotated[float | None, typer.Option(
        "--query-timeout", help="Seconds before a query is stopped (default: 30, or NEWSKG_QUERY_TIMEOUT).")] = None,
    max_rows: Annotated[int | None, typer.Option(
        "--max-rows", help="Cap on result rows of one query (default: 100000, or NEWSKG_MAX_ROWS).")] = None,
    max_concurrent_queries: Annotated[int | None, typer.Option(
        "--max-concurrent-queries",
        help="Queries evaluated at once, per process (default: 8, or NEWSKG_MAX_CONCURRENT_QUERIES).")] = None,
    workers: Annotated[int | None, typer.Option(
        help="Web processes of a read-only store (default: one per CPU); a writable or remote store "
             "has one.", min=1)] = None,
    extraction_timeout: Annotated[float | None, typer.Option(
        "--extraction-timeout", min=0.001, help="Seconds a POST /articles article may take to extract before "
        "the extractor is killed and the request refused (default: 10, or NEWSKG_EXTRACTION_TIMEOUT).")] = None,
) -> None:
    """Serve the store over HTTP: query page, SPARQL endpoint, exports."""
    from api.server import run, supervised

    settings = _settings(store=store, query_timeout=query_timeout, max_rows=max_rows,
                         max_concurrent_queries=max_concurrent_queries, extraction_timeout=extraction_timeout)
    if workers is not None and workers > 1 and not supervised(settings):
        err.print("note: a writable or remote store is served by one web process; --workers applies to "
                  "read-only store folders", highlight=False)
    try:
        code = run(settings, host, port, workers or os.cpu_count() or 1)
    except StoreError as exc:
        raise _fail(str(exc), code=1) from exc
    if code:
        raise typer.Exit(code)


def main() -> None:
    """Console-script entry point."""
    app()

app.command()(validate)  # defined beside the validator it drives


@app.command()
def explain(
    node: Annotated[str, typer.Argument(help="A node IRI, or its key such as actor/dillon.")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Show a node's facts and every mention of it with its sentence and article."""
    from kg.explain import explain as explain_node
    from kg.explain import instance_base, resolve_iri

    with _open(store, read_only=True) as db:
        try:
            info = explain_node(db, resolve_iri(node, instance_base(db) or get_settings().base_iri))
        except ValueError as exc:
            raise _fail(f"not an IRI: {node} ({exc})") from exc
    if not info.found:
        raise _fail(f"nothing in {store} is about {info.iri}", code=1)
    out.print(f"[bold]{escape(info.label or info.iri)}[/bold] {escape(info.iri)}", highlight=False)
    for fact in info.facts:
        if fact.predicate.endswith("ontology#text"):
            continue  # an article's whole text: the mentions below quote what matters
        named = f"{fact.value_label} <{fact.value}>" if fact.value_label else fact.value
        out.print(f"  {escape(fact.predicate_label)}: {escape(fact.wkt or named)}", highlight=False)
    for link in info.incoming:
        subject = link.subject_label or link.subject
        out.print(f"  ← {escape(link.predicate_label)} of {escape(subject)}", highlight=False)
    out.print(counted(len(info.mentions), "mention"), highlight=False)
    for m in info.mentions:
        where = escape(f"[{m.start}:{m.end}]")
        out.print(f"\n[cyan]{escape(m.source)}[/cyan] {m.issued or ''} {where} “{escape(m.anchor)}”", highlight=False)
        if m.sentence:
            out.print(f"  {escape(m.sentence)}", highlight=False)
