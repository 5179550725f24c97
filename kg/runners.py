"""Where article processing runs: supervised processes on this machine, or a Dask cluster.

Processing an article is a pure function of the article and the settings, so
every runner gives the same graphs; they differ only in where the CPU work
happens. Either way each article runs in a supervised child process
(``kg.guard``) that is killed and replaced when the article overruns
``extraction_timeout``. Runners yield outcomes in input order and keep a bounded
number of articles in flight, so memory stays flat however many articles stream through.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from kg.guard import Supervisor
from kg.ingest import Outcome
from kg.model import Article
from kg.settings import Settings

BATCH_SIZE = 16


def batches(articles: Iterable[Article], size: int = BATCH_SIZE) -> Iterator[list[Article]]:
    """Consecutive lists of at most ``size`` articles."""
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


_idle: dict[str, list[Supervisor]] = {}  # per settings: supervisors (each with its child) not running a batch
_idle_lock = threading.Lock()


def process_batch(settings_json: str, articles: list[Article]) -> list[Outcome]:
    """Process a batch in a supervised child of whatever process this runs in (the unit of remote work).

    A Dask worker runs tasks on several threads: each task takes a supervisor of its own,
    and gives it back, child and model loaded, for the next task.
    """
    with _idle_lock:
        idle = _idle.setdefault(settings_json, [])
        guard = idle.pop() if idle else Supervisor(Settings.model_validate_json(settings_json))
    try:
        return list(guard(articles))
    finally:
        with _idle_lock:
            idle.append(guard)


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
