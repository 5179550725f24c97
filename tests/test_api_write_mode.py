"""A writable server (``NEWSKG_API_TOKEN``): reads go on beside writes and beside a runaway query.

One worker writes the store and publishes a snapshot after each write; reader workers
answer queries from the newest snapshot (``kg.store.snapshots``, ``api.executor``).
The runaway query is ``RUNAWAY``, a three-way cross product over 3,000 triples.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from kg.store.snapshots import SNAPSHOTS
from tests.conftest import RUNAWAY, LiveServer, serve

TOKEN = "write-mode-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
JSON = {"Accept": "application/sparql-results+json"}
ARTICLE = """Rebels shell army post

By Ines Okafor
March 9, 2022

Rebel fighters shelled an army post near Goma on Tuesday, wounding four soldiers, a military spokesman said.
"""


@pytest.fixture(scope="module")
def store(big_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the cross-product store: this module writes to it."""
    copy = tmp_path_factory.mktemp("api-write-mode") / "store"
    shutil.copytree(big_store, copy)
    return copy


@pytest.fixture(scope="module")
def writable(store: Path) -> Iterator[LiveServer]:
    with serve(store, api_token=TOKEN, query_timeout=3.0, max_concurrent_queries=4) as server:
        yield server


def ask(server: LiveServer, query: str = "ASK { ?s ?p ?o }") -> tuple[int, bool | None, float]:
    started = time.monotonic()
    response = httpx.get(f"{server.url}/sparql", params={"query": query}, headers=JSON, timeout=30)
    answer = response.json()["boolean"] if response.status_code == 200 else None
    return response.status_code, answer, time.monotonic() - started


def test_a_runaway_query_is_stopped_while_reads_and_writes_go_on(writable: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        response = httpx.get(f"{writable.url}/sparql", params={"query": RUNAWAY}, timeout=30)
        outcome.update(status=response.status_code, text=response.text, seconds=time.monotonic() - started)

    def post_article() -> httpx.Response:
        return httpx.post(f"{writable.url}/articles", content=ARTICLE.encode(), timeout=120,
                          headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})

    with ThreadPoolExecutor(8) as pool:
        posted = pool.submit(post_article)
        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.5)  # the runaway is now evaluating
        asks = list(pool.map(lambda _: ask(writable), range(5)))
        started = time.monotonic()
        update = httpx.post(f"{writable.url}/sparql", timeout=30, headers={**AUTH, "Content-Type": "application/sparql-update"},
                            content=b"INSERT DATA { GRAPH <http://example.org/during> { <http://example.org/a> <http://example.org/p> 1 } }")
        update_seconds = time.monotonic() - started
        seen = ask(writable, "ASK { GRAPH <http://example.org/during> { ?s ?p 1 } }")
        thread.join(30)
        article = posted.result()
    assert all(status == 200 and answer is True and seconds < 1.0 for status, answer, seconds in asks), asks
    assert update.status_code == 204, (update.text, update_seconds)
    assert seen[:2] == (200, True)  # the write is visible to the next read
    assert outcome["status"] == 503 and "timeout" in str(outcome["text"]), outcome
    assert float(outcome["seconds"]) < 6.0  # type: ignore[arg-type]
    assert article.status_code == 201, article.text
    iri = article.json()["article"]
    assert ask(writable, f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")[:2] == (200, True)
    assert "newskg_query_timeouts_total 1.0" in httpx.get(f"{writable.url}/metrics").text


def test_each_write_is_seen_by_the_next_read(writable: LiveServer) -> None:
    for i in range(5):
        data = f"INSERT DATA {{ GRAPH <http://example.org/seq> {{ <http://example.org/s{i}> <http://example.org/p> {i} }} }}"
        response = httpx.post(f"{writable.url}/sparql", content=data.encode(),
                              headers={**AUTH, "Content-Type": "application/sparql-update"})
        assert response.status_code == 204
        assert ask(writable, f"ASK {{ <http://example.org/s{i}> ?p {i} }}")[:2] == (200, True)


def test_a_failed_write_changes_nothing_and_reads_go_on(writable: LiveServer) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = httpx.get(f"{writable.url}/sparql", params={"query": count}, headers=JSON).json()
    bad = httpx.post(f"{writable.url}/sparql", content=b"INSERT DATA { GRAPH <http://example.org/x> { <a> }",
                     headers={**AUTH, "Content-Type": "application/sparql-update"})
    assert bad.status_code == 400 and bad.text.startswith("malformed update")
    after = httpx.get(f"{writable.url}/sparql", params={"query": count}, headers=JSON).json()
    assert after == before


def test_snapshots_are_removed_when_the_server_stops(tmp_path: Path, big_store: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(big_store, store)
    with serve(store, api_token=TOKEN) as server:
        response = httpx.post(f"{server.url}/sparql", content=b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 2 } }",
                              headers={**AUTH, "Content-Type": "application/sparql-update"})
        assert response.status_code == 204
        assert (store / SNAPSHOTS).is_dir()
    assert not (store / SNAPSHOTS).exists()
