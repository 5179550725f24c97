"""Extraction throughput: the full build path against bare spaCy ``nlp.pipe`` on the same texts.

Both run on the same corpus with their models already loaded; each is timed three times,
alternating, and the fastest pass counts, so a noisy neighbour hurts neither side more.
The build path is ``newskg build``'s: ``kg.ingest.ingest`` (NLP, extraction, RDF, SHACL, store)
into a fresh store, closed after the clock stops, so no pass leaves another RocksDB instance
working in the background, with extraction in a supervised process under the per-article
time limit (``kg.guard``). The same build with extraction in this process, unguarded, gives
the guard's cost.
"""

from __future__ import annotations

import time
from pathlib import Path

import corpus
import spacy

from kg.guard import Supervisor
from kg.ingest import ArticleProcessor, ingest
from kg.nlp.pipeline import _model_name
from kg.reading import read_sources
from kg.reading.text import analysis_text
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore

PASSES = 3


def _build(articles: list, folder: Path, processor: ArticleProcessor, runner=None) -> float:
    """Seconds to ingest ``articles`` into a new store at ``folder``."""
    with EmbeddedStore(folder) as store:
        start = time.perf_counter()
        report = ingest(iter(articles), store, processor, runner=runner)
        seconds = time.perf_counter() - start
    if report.failed or report.added != len(articles):
        raise RuntimeError(f"build stored {report.added} of {len(articles)}: {report.failed[:3]}")
    return seconds


def run(folder: Path, count: int, workers: int) -> dict:
    corpus.write_corpus(folder / "corpus", count)
    articles = [a for a in read_sources([str(folder / "corpus")])]
    texts = [analysis_text(a.text) for a in articles]
    settings = Settings()
    nlp = spacy.load(_model_name(settings.spacy_model))
    processor = ArticleProcessor(settings)
    list(processor.process(articles[:2]))  # load the pipeline and shapes before timing
    spacy_s, build_s, unguarded_s = [], [], []
    with Supervisor(settings) as guard:
        list(guard(articles[:2]))  # the same in its extraction process
        for attempt in range(PASSES):
            start = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=16):
                pass
            spacy_s.append(time.perf_counter() - start)
            build_s.append(_build(articles, folder / f"store-{attempt}", processor, guard))
            unguarded_s.append(_build(articles, folder / f"store-unguarded-{attempt}", processor))
    words = sum(len(t.split()) for t in texts)
    result = {
        "articles": count, "words": words,
        "spacy_articles_per_s": count / min(spacy_s), "build_articles_per_s": count / min(build_s),
        "build_unguarded_articles_per_s": count / min(unguarded_s),
    }
    result["extraction_vs_spacy"] = result["build_articles_per_s"] / result["spacy_articles_per_s"]
    result["guarded_vs_unguarded"] = result["build_articles_per_s"] / result["build_unguarded_articles_per_s"]
    with Supervisor(settings, workers) as pool:
        pooled = _build(articles, folder / "store-pool", processor, pool)
    result[f"build_workers_{workers}_articles_per_s"] = count / pooled  # includes starting the workers
    parallel = result[f"build_workers_{workers}_articles_per_s"]
    result[f"workers_{workers}_speedup"] = parallel / result["build_articles_per_s"]
    return result
