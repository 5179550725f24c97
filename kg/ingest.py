"""Ingest: articles in, validated article graphs stored, a report out.

This is where the stages meet: NLP → extraction → RDF → SHACL, article by
article (in this process, worker processes or a Dask cluster: see
``kg.runners``), then the store. An article that fails at any stage is reported
by name and skipped; the others go on.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from kg.model import Article
from kg.rdf import GraphBuilder, Minter
from kg.reading import ArticleError
from kg.settings import Settings
from kg.store.base import PutOutcome
from kg.store.embedded import EmbeddedStore
from kg.store.writer import ArticleWriter
from kg.validation import Validator

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class IngestReport:
    """Counts of what a build did, and every failure with its reason."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    triples: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.replaced + self.unchanged + len(self.failed)


@dataclass(frozen=True)
class Built:
    """One article's graph as N-Triples, not yet validated: what an extraction process sends back.

    Validation is left to the process that stores the graph, so that on a second core it
    overlaps the next article's parse instead of following it.
    """

    article: Article
    iri: str
    ntriples: bytes
    triples: int


@dataclass(frozen=True)
class Processed(Built):
    """One article's validated graph: small, picklable, loadable in one transaction."""

    conforms: bool = True
    problems: str = ""


Outcome = Processed | ArticleError


class ArticleProcessor:
    """Article → graph → validation, with the model and shapes loaded once."""

    def __init__(self, settings: Settings, validator: Validator | None = None) -> None:
        self.settings = settings
        self.builder = GraphBuilder(Minter(settings.base_iri))
        if validator is not None:
            self.validator = validator

    @cached_property
    def validator(self) -> Validator:
        """The shapes, loaded on first use: an extraction process only builds graphs, and never needs them.

        The fast engine evaluates each shape set-at-a-time on pyoxigraph (same findings as
        pySHACL, checked by tests/test_fast_validation.py): ~11 ms per article instead of ~0.5 s.
        """
        return Validator(self.settings.shapes, engine="fast")

    def iri(self, article: Article) -> str:
        return self.builder.article_iri(article)

    def process(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        """Outcomes in input order; an article whose processing raises becomes an ArticleError."""
        from kg.nlp import parse  # spaCy: imported where articles are processed (a build's children), only

        for article, doc in parse(articles, self.settings.spacy_model):
            yield self.finish(article, doc)

    def finish(self, article: Article, doc: Doc) -> Outcome:
        """A parsed article's validated graph, or the ArticleError saying why there is none."""
        return self.check(self.build(article, doc))

    def build(self, article: Article, doc: Doc) -> Built | ArticleError:
        """A parsed article's graph, not yet validated (the part of ``finish`` under the time limit)."""
        from kg.extract import extract

        marker = self.settings.test_hook_stall_marker
        if marker and marker in article.text:
            _spin_for_tests()
        try:
            graph = self.builder.build(extract(article, doc))
            return Built(article, self.iri(article), graph.ntriples(), len(graph))
        except Exception as exc:  # one article's bug must not lose the others
            return ArticleError(article.source, f"extraction failed: {_one_line(exc)}")

    def check(self, built: Built | ArticleError) -> Outcome:
        """A built graph validated against the shapes; an error passes through."""
        if isinstance(built, ArticleError):
            return built
        try:
            outcome = self.validator.check(built.ntriples)
        except Exception as exc:  # noqa: BLE001 - as in ``build``: this article's failure, not the build's
            return ArticleError(built.article.source, f"validation failed: {_one_line(exc)}")
        return Processed(built.article, built.iri, built.ntriples, built.triples, outcome.conforms,
                         "" if outcome.conforms else outcome.summary())


def _one_line(exc: Exception) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def _spin_for_tests() -> None:
    """TEST HOOK (``test_hook_stall_marker``): burn CPU forever, as a runaway extraction rule would."""
    while True:
        pass


Progress = Callable[[str], None]
Runner = Callable[[Iterable[Article]], Iterator[Outcome]]


def ingest(items: Iterable[Article | ArticleError], store: EmbeddedStore, processor: ArticleProcessor,
           progress: Progress | None = None, runner: Runner | None = None) -> IngestReport:
    """Store every new article of ``items`` whose graph conforms; report the rest.

    ``runner`` maps articles to outcomes (default: this process); it must keep input order.
    The embedded store is written on a thread of its own while the next articles are
    processed (see ``kg.store.writer``); writes still happen one at a time, in input order.
    """
    report = IngestReport()
    tick = progress or (lambda _source: None)
    run = runner or processor.process
    # pyoxigraph's store may be read here while it is written there; an HTTP client is not shared.
    writer: ArticleWriter[Processed] = ArticleWriter(store, background=isinstance(store, EmbeddedStore))

    def fresh() -> Iterator[Article]:
        for item in items:
            if isinstance(item, ArticleError):
                report.failed.append((item.source, item.reason))
                tick(item.source)
            elif store.has_article(processor.iri(item)):
                report.unchanged += 1
                tick(item.source)
            else:
                yield item
        writer.flush_early()

    def stored(result: Processed, outcome: PutOutcome) -> None:
        # An article stored meanwhile (the same text twice in one build) is unchanged whichever check saw it.
        if outcome is PutOutcome.UNCHANGED:
            report.unchanged += 1
        else:
            report.triples += result.triples
            if outcome is PutOutcome.REPLACED:
                report.replaced += 1
            else:
                report.added += 1
        tick(result.article.source)

    with writer:
        for result in run(fresh()):
            if isinstance(result, ArticleError):
                report.failed.append((result.source, result.reason))
                tick(result.source)
            elif not result.conforms:
                report.failed.append((result.article.source, "graph fails validation: " + result.problems))
                tick(result.article.source)
            else:
                writer.submit(result, result.iri, result.ntriples, result.article.source)
            for done, outcome in writer.finished():
                stored(done, outcome)
        for done, outcome in writer.finished(wait=True):
            stored(done, outcome)
    store.flush()
    return report
