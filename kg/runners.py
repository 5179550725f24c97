"""Where article processing runs: this process, a pool of worker processes, or a Dask cluster.

Processing an article is a pure function of the article and the settings, so
every runner gives the same graphs; they differ only in where the CPU work
happens. Each worker loads the spaCy model and the shapes once and keeps them.
Runners yield outcomes in input order and keep a bounded number of batches in
flight, so memory stays flat however many articles stream through.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice

from kg.ingest import ArticleProcessor, Outcome
from kg.model import Article
from kg.settings import Settings

BATCH_SIZE = 16


def batches(articles: Iterable[Article], size: int = BATCH_SIZE) -> Iterator[list[Article]]:
    """Consecutive lists of at most ``size`` articles."""
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


@lru_cache(maxsize=2)
def _worker_processor(settings_json: str) -> ArticleProcessor:
    return ArticleProcessor(Settings.model_validate_json(settings_json))


def process_batch(settings_json: str, articles: list[Article]) -> list[Outcome]:
    """Process a batch in whatever process this runs in (the unit of remote work)."""
    return list(_worker_processor(settings_json).process(articles))


class ProcessRunner:
    """A pool of local worker processes (``newskg build --workers N``)."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings_json = settings.model_dump_json()
        self.workers = workers

    def __call__(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        # spawn, not fork: the parent may hold a RocksDB handle and threads.
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(self.workers) as pool:
            pending: deque = deque()
            for batch in batches(articles):
                pending.append(pool.apply_async(process_batch, (self.settings_json, batch)))
                while len(pending) > 2 * self.workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()


class DaskRunner:
    """Extraction on the workers of a Dask distributed cluster (``newskg build --dask ADDRESS``)."""

    def __init__(self, settings: Settings, address: str) -> None:
        from distributed import Client

        self.settings_json = settings.model_dump_json()
        self.client = Client(address)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        window = 2 * max(1, sum(self.client.nthreads().values()))
        pending: deque = deque()
        for batch in batches(articles):
            pending.append(self.client.submit(process_batch, self.settings_json, batch, pure=False))
            while len(pending) > window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def close(self) -> None:
        self.client.close()
