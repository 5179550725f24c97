"""``newskg serve`` on a read-only store: supervised web processes that evaluate queries themselves.

Each test runs the real command (uvicorn's process supervisor, two web processes)
on 127.0.0.1: a runaway query retires its process, which is replaced while the
other answers; repeated requests are answered from the response cache.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from tests.conftest import RUNAWAY
from tests.servers import ServeProcess

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(big_store: Path) -> Iterator[ServeProcess]:
    with ServeProcess(big_store, args=("--workers", "2", "--query-timeout", "2")) as running:
        yield running


def web_processes(server: ServeProcess) -> set[int]:
    """The supervised processes serving requests (not the supervisor, not multiprocessing's helpers)."""
    assert server.process is not None
    found = set()
    for child in psutil.Process(server.process.pid).children():
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(child.cmdline()):
                found.add(child.pid)
        except psutil.Error:  # exited (or a zombie) between listing and reading: not serving
            pass
    return found


def count(server: ServeProcess) -> int:
    response = httpx.get(f"{server.url}/sparql", params={"query": COUNT}, headers=JSON, timeout=30)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_two_web_processes_answer(server: ServeProcess) -> None:
    assert len(web_processes(server)) == 2
    assert count(server) == 3000


def test_a_runaway_query_retires_its_process_which_is_replaced(server: ServeProcess) -> None:
    before = web_processes(server)
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        response = httpx.get(f"{server.url}/sparql", params={"query": RUNAWAY}, timeout=30)
        outcome.update(status=response.status_code, text=response.text, seconds=time.monotonic() - started)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    asks = []
    for _ in range(5):  # new connections: whichever process takes them answers at once
        started = time.monotonic()
        ask = httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON, timeout=30)
        asks.append((ask.status_code, ask.json()["boolean"], time.monotonic() - started))
    thread.join(30)
    assert all(status == 200 and answer is True and seconds < 1.0 for status, answer, seconds in asks), asks
    assert outcome["status"] == 503 and "timeout" in str(outcome["text"])
    assert float(outcome["seconds"]) < 5.0  # type: ignore[arg-type]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        after = web_processes(server)
        if len(after) == 2 and after != before:
            break
        time.sleep(0.3)
    assert len(after) == 2 and len(after & before) == 1  # one retired and was replaced, the other stayed
    assert count(server) == 3000
    metrics = httpx.get(f"{server.url}/metrics").text  # summed over the processes, the retired one included
    assert "newskg_query_timeouts_total 1.0" in metrics


def test_repeated_requests_are_answered_from_the_cache(server: ServeProcess) -> None:
    query = {"query": "SELECT ?s WHERE { ?s <http://example.org/p3> ?o } ORDER BY ?s LIMIT 5"}
    with httpx.Client(base_url=server.url) as client:  # one connection: one process and its cache
        first = client.get("/sparql", params=query, headers=JSON)
        second = client.get("/sparql", params=query, headers=JSON)
        as_csv = client.get("/sparql", params=query, headers={"Accept": "text/csv"})
        posted = [client.post("/sparql", content=query["query"], headers={
            **JSON, "Content-Type": "application/sparql-query"}) for _ in range(2)]
        bad = [client.get("/sparql", params={"query": "SELECT ?s WHERE {"}) for _ in range(2)]
    assert first.headers["x-newskg-cache"] == "miss" and second.headers["x-newskg-cache"] == "hit"
    assert first.content == second.content and len(second.json()["results"]["bindings"]) == 5
    assert as_csv.headers["x-newskg-cache"] == "miss" and as_csv.text.startswith("s\r\n")
    assert [p.headers["x-newskg-cache"] for p in posted] == ["miss", "hit"] and posted[1].content == first.content
    assert [(b.status_code, b.headers["x-newskg-cache"]) for b in bad] == [(400, "miss")] * 2  # errors: not kept


def test_updates_are_refused_and_never_cached(server: ServeProcess) -> None:
    update = {"update": "INSERT DATA { <http://e/s> <http://e/p> 1 }"}
    answers = [httpx.post(f"{server.url}/sparql", data=update) for _ in range(2)]
    assert [a.status_code for a in answers] == [403, 403]
    assert count(server) == 3000


def test_the_cache_can_be_turned_off(big_store: Path) -> None:
    with ServeProcess(big_store, args=("--workers", "1"), env={"NEWSKG_RESULT_CACHE_BYTES": "0"}) as running:
        answers = [httpx.get(f"{running.url}/sparql", params={"query": COUNT}, headers=JSON) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert all("x-newskg-cache" not in a.headers for a in answers)
