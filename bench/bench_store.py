"""Store-side figures: ingest flatness, export speed and memory, validation speed.

Ingest flatness isolates what depends on the store's size: articles are extracted once, then
the same outcomes (re-named so each is a new article) are ingested into an empty store and
into one already holding the largest synthetic graph. Extraction costs the same either way,
so leaving it out makes the ratio stricter, not kinder.

On a shared machine one pass per store measured anything from 0.4 to 1.0 for the same code,
so the stores take turns: several rounds, each ingesting the same new articles into both
(the first store alternating), and the figure is the median of the rounds' ratios. Both
stores are warmed alike first, and both end every round flushed, as ``ingest`` leaves them.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import corpus
import generate
import pyoxigraph as ox
from rdflib import Graph

from kg.ingest import ArticleProcessor, Processed, ingest
from kg.reading import read_sources
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.validation import Validator

FLATNESS_ROUNDS = 6
WARM_UP_ARTICLES = 10


def _renamed(outcomes: list[Processed], tag: str, copies: int, processor: ArticleProcessor) -> list[Processed]:
    """``copies`` distinct articles (own identifier, IRI and source) cycling through the extracted outcomes."""
    out = []
    for i in range(copies):
        o = outcomes[i % len(outcomes)]
        article = dataclasses.replace(o.article, identifier=f"{tag}{i:09x}{o.article.identifier[len(tag) + 9:]}",
                                      source=f"bench/{tag}{i:06d}.txt")
        out.append(dataclasses.replace(o, article=article, iri=processor.iri(article)))
    return out


def _ingest_rate(store: EmbeddedStore, outcomes: list[Processed], processor: ArticleProcessor) -> float:
    """Articles/s of ``ingest`` replaying already extracted outcomes into ``store`` (flushed at the end)."""
    by_source = {o.article.source: o for o in outcomes}
    start = time.perf_counter()
    report = ingest((o.article for o in outcomes), store, processor,
                    runner=lambda articles: (by_source[a.source] for a in articles))
    seconds = time.perf_counter() - start
    if report.added != len(outcomes):
        raise RuntimeError(f"stored {report.added} of {len(outcomes)}: {report.failed[:2]}")
    return len(outcomes) / seconds


def ingest_flatness(folder: Path, largest: int, extracted: int, copies: int, rounds: int = FLATNESS_ROUNDS) -> dict:
    corpus.write_corpus(folder / "corpus", extracted, seed=3)
    processor = ArticleProcessor(Settings())
    processed = [o for o in processor.process(read_sources([str(folder / "corpus")])) if isinstance(o, Processed)]
    outcomes = [o for o in processed if o.conforms]  # only these are stored
    if not outcomes:
        raise RuntimeError(f"no corpus article conforms to the shapes: {processed[0].problems if processed else ''}")
    big = ox.Store(str(folder / "big"))
    quads = generate.load(big, largest)
    big.flush()
    del big
    per_round = max(1, copies // rounds)
    empty_rates, full_rates = [], []
    with EmbeddedStore(folder / "empty") as empty, EmbeddedStore(folder / "big") as full:
        warm = _renamed(outcomes, "w", WARM_UP_ARTICLES, processor)
        for store in (empty, full):
            _ingest_rate(store, warm, processor)
        for r in range(rounds):
            articles = _renamed(outcomes, f"r{r}", per_round, processor)
            turns = [(empty, empty_rates), (full, full_rates)]
            for store, rates in turns if r % 2 == 0 else reversed(turns):
                rates.append(_ingest_rate(store, articles, processor))
    ratios = [f / e for e, f in zip(empty_rates, full_rates, strict=False)]
    stored = WARM_UP_ARTICLES + per_round * rounds
    return {"articles": per_round * rounds, "rounds": rounds, "store_kb_per_article": _kb(folder / "empty") / stored,
            "store_quads_per_article": _quads(folder / "empty") / stored,
            "extracted_conforming": f"{len(outcomes)} of {len(processed)}", "largest_store_quads": quads,
            "empty_articles_per_s": statistics.median(empty_rates),
            "full_articles_per_s": statistics.median(full_rates),
            "round_ratios": [round(x, 3) for x in ratios], "ingest_flatness": statistics.median(ratios)}


def _kb(folder: Path) -> float:
    """Disk use of a store folder after a compaction, in kB (RocksDB leaves write-ahead logs until then)."""
    store = ox.Store(str(folder))
    store.optimize()
    del store
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e3


def _quads(folder: Path) -> int:
    return len(ox.Store.read_only(str(folder)))


def store_cost(folder: Path, articles: int) -> dict:
    """Articles/s of ``put_article`` and disk use per article, for distinct synthetic article graphs.

    Unlike ``ingest_flatness`` (which replays a few extracted graphs under new names, so their
    facts repeat), every article here states its own mentions and events and shares actors
    and places with others, as a real corpus does: what storing the default graph costs.
    """
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in generate.quads(articles * 330):
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    batch = [(iri, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)) for iri, triples in graphs.items()]
    with EmbeddedStore(folder / "cost") as store:
        start = time.perf_counter()
        for iri, ntriples in batch:
            store.put_article(iri, ntriples, iri)
        store.flush()
        seconds = time.perf_counter() - start
    return {"articles": len(batch), "quads_in_article_graphs": sum(len(t) for t in graphs.values()),
            "articles_per_s": len(batch) / seconds, "kb_per_article": _kb(folder / "cost") / len(batch),
            "store_quads": _quads(folder / "cost")}


_EXPORT = """
import json, resource, sys, time
from kg.store import open_store
db = open_store(sys.argv[1], read_only=True)
start = time.perf_counter()
db.export(sys.argv[2], sys.argv[3])
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def export_speed(folder: Path, size: int, formats: tuple[str, ...] = ("nquads", "turtle")) -> dict:
    """MB/s and peak resident memory of ``export`` (each format in a fresh process)."""
    path = folder / "store"
    store = ox.Store(str(path))
    quads = generate.load(store, size)
    store.flush()
    del store
    out: dict = {"quads": quads}
    for fmt in formats:
        dest = folder / f"export.{fmt}"
        run = subprocess.run([sys.executable, "-c", _EXPORT, str(path), fmt, str(dest)],
                             capture_output=True, text=True, check=True)
        figures = json.loads(run.stdout)
        mb = dest.stat().st_size / 1e6
        out[fmt] = {"mb": mb, "mb_per_s": mb / figures["seconds"], "peak_rss_mb": figures["peak_rss_mb"]}
    return out


def validation_speed(size: int) -> dict:
    """Triples/s of SHACL validation of a synthetic graph with newskg's shapes."""
    data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in generate.quads(size)),
                        format=ox.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=data, format="nt")
    validator = Validator(Settings().shapes)
    start = time.perf_counter()
    outcome = validator.validate(graph)
    seconds = time.perf_counter() - start
    return {"triples": len(graph), "seconds": seconds, "triples_per_s": len(graph) / seconds,
            "conforms": outcome.conforms}
