"""Limits and safety on running servers: timeout, row cap, body size, errors, no outbound requests, writes."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from tests.conftest import RUNAWAY, LiveServer, serve

TOKEN = "test-token-1f9a"


@pytest.fixture(scope="module")
def limited(big_store: Path) -> Iterator[LiveServer]:
    with serve(big_store, query_timeout=3.0, max_rows=50, max_body_bytes=4000, max_concurrent_queries=3) as server:
        yield server


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(tmp_path_factory.mktemp("api-rw") / "store", api_token=TOKEN) as server:
        yield server


def test_a_runaway_query_is_stopped_while_other_queries_are_answered(limited: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        response = httpx.get(f"{limited.url}/sparql", params={"query": RUNAWAY}, timeout=30)
        outcome["status"], outcome["text"], outcome["seconds"] = (response.status_code, response.text,
                                                                  time.monotonic() - started)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)  # the runaway is now evaluating
    started = time.monotonic()
    ask = httpx.get(f"{limited.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    ask_seconds = time.monotonic() - started
    thread.join(30)
    assert ask.status_code == 200 and ask.json()["boolean"] is True
    assert ask_seconds < 1.0
    assert outcome["status"] == 503
    assert "timeout" in str(outcome["text"])
    assert float(outcome["seconds"]) < 6.0  # type: ignore[arg-type]
    metrics = httpx.get(f"{limited.url}/metrics").text
    assert "newskg_query_timeouts_total 1.0" in metrics
    # the killed worker was replaced: the server still answers queries
    again = httpx.get(f"{limited.url}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert again.json()["results"]["bindings"][0]["n"]["value"] == "3000"


def test_results_are_cut_at_max_rows_and_say_so(limited: LiveServer) -> None:
    response = httpx.get(f"{limited.url}/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 50
    assert "max_rows=50" in response.headers["x-newskg-truncated"]
    small = httpx.get(f"{limited.url}/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 3"})
    assert len(small.json()["results"]["bindings"]) == 3 and "x-newskg-truncated" not in small.headers
    graph = httpx.get(f"{limited.url}/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"Accept": "application/n-triples"})
    assert len(graph.text.splitlines()) == 50


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_every_results_format_is_cut_at_max_rows(limited: LiveServer, accept: str) -> None:
    cut = httpx.get(f"{limited.url}/sparql", params={"query": "SELECT ?s ?o { ?s ?p ?o } ORDER BY ?s"},
                    headers={"Accept": accept})
    exact = httpx.get(f"{limited.url}/sparql", params={"query": "SELECT ?s ?o { ?s ?p ?o } ORDER BY ?s LIMIT 50"},
                      headers={"Accept": accept})
    assert cut.status_code == exact.status_code == 200
    assert "max_rows=50" in cut.headers["x-newskg-truncated"] and "x-newskg-truncated" not in exact.headers
    assert cut.content == exact.content  # the same first 50 rows, serialised the same way


def test_the_row_cap_keeps_the_query_as_written(limited: LiveServer) -> None:
    def rows(query: str) -> tuple[int, bool]:
        response = httpx.get(f"{limited.url}/sparql", params={"query": query})
        assert response.status_code == 200, response.text
        return len(response.json()["results"]["bindings"]), "x-newskg-truncated" in response.headers

    assert rows("SELECT * { ?s ?p ?o } LIMIT 50") == (50, False)  # exactly the cap: nothing cut
    assert rows("SELECT * { ?s ?p ?o } LIMIT 51") == (50, True)
    assert rows("SELECT * { ?s ?p ?o } OFFSET 2990 LIMIT 1000") == (10, False)
    assert rows("SELECT ?o { ?s ?p ?o } VALUES ?p { <http://example.org/p1> <http://example.org/p2> }") == (50, True)
    assert rows("SELECT ?o { ?s ?p ?o VALUES ?p { <http://example.org/p1> } } LIMIT 3 # LIMIT 500") == (3, False)
    assert rows("SELECT ?n { { SELECT (COUNT(*) AS ?n) { ?s ?p ?o } } }") == (1, False)
    assert rows("SELECT ?s { ?s ?p ?o FILTER(?o = 'LIMIT 5') }") == (0, False)
    # an error after the LIMIT is reported where the client wrote it, not where the rewritten LIMIT moved it
    for query in ("SELECT * { ?s ?p ?o } LIMIT 7 nonsense", "SELECT * { ?s ?p ?o } nonsense"):
        with pytest.raises(SyntaxError) as engine:
            ox.Store().query(query)
        line, column = re.match(r"error at (\d+):(\d+)", str(engine.value)).groups()  # type: ignore[union-attr]
        bad = httpx.get(f"{limited.url}/sparql", params={"query": query})
        assert bad.status_code == 400 and bad.text.startswith(f"malformed query: line {line}, column {column}:")


def test_a_body_over_the_limit_gets_413(limited: LiveServer) -> None:
    query = "ASK { ?s ?p ?o }" + " " * 5000
    response = httpx.post(f"{limited.url}/sparql", content=query.encode(),
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert "4000 bytes" in response.text


def test_a_malformed_query_gets_400_with_line_and_column(limited: LiveServer) -> None:
    response = httpx.get(f"{limited.url}/sparql", params={"query": "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER( }"})
    assert response.status_code == 400
    assert response.text.startswith("malformed query: line 3, column")


def test_unsupported_content_types_get_415(limited: LiveServer) -> None:
    for headers in ({"Content-Type": "text/plain"}, {}, {"Content-Type": "application/sparql-query; charset=UTF-16"}):
        response = httpx.post(f"{limited.url}/sparql", content=b"ASK {}", headers=headers)
        assert response.status_code == 415, headers
        assert "application/sparql-query" in response.text or "UTF-8" in response.text


def test_an_unsatisfiable_accept_gets_406(limited: LiveServer) -> None:
    response = httpx.get(f"{limited.url}/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    response = httpx.get(f"{limited.url}/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert response.status_code == 406  # CSV has no boolean form
    assert "ASK" in response.text


class Listener:
    """A TCP listener on 127.0.0.1 that records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def connections(self) -> int:
        self.sock.setblocking(False)
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


def test_no_query_or_update_makes_the_server_connect_anywhere(tiny_server: LiveServer, writable: LiveServer) -> None:
    listener = Listener()
    remote = listener.url
    refused = [
        f"SELECT * WHERE {{ SERVICE <{remote}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ service silent <{remote}/sparql> {{ ?s ?p ?x }} }} }}",
    ]
    for q in refused:
        response = httpx.get(f"{tiny_server.url}/sparql", params={"query": q})
        assert response.status_code == 400 and "never contacts other servers" in response.text
    local_only = [
        f"SELECT * FROM <{remote}/data.ttl> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{remote}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ GRAPH <{remote}/data.ttl> {{ ?s ?p ?o }} }}",
    ]
    for q in local_only:
        response = httpx.get(f"{tiny_server.url}/sparql", params={"query": q})
        assert response.status_code == 200 and response.json()["results"]["bindings"] == [], q
    response = httpx.get(f"{tiny_server.url}/sparql", params={"query": "ASK { ?s ?p ?o }",
                                                               "default-graph-uri": f"{remote}/g"})
    assert response.json()["boolean"] is False
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    for update in (f"LOAD <{remote}/data.ttl>", f"LOAD SILENT <{remote}/data.ttl> INTO GRAPH <http://x/g>",
                   f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{remote}/sparql> {{ ?s ?p ?o }} }}"):
        response = httpx.post(f"{writable.url}/sparql", content=update.encode(), headers=auth)
        assert response.status_code == 400, update
    time.sleep(0.2)
    assert listener.connections() == 0


def test_writes_are_refused_without_a_configured_token(tiny_server: LiveServer) -> None:
    update = {"Content-Type": "application/sparql-update", "Authorization": "Bearer anything"}
    response = httpx.post(f"{tiny_server.url}/sparql", content=b"CLEAR ALL", headers=update)
    assert response.status_code == 403
    response = httpx.put(f"{tiny_server.url}/rdf-graphs?graph=http://x/g", content=b"<a:b> <a:c> <a:d> .",
                         headers={"Content-Type": "application/n-triples"})
    assert response.status_code == 403
    assert httpx.get(f"{tiny_server.url}/healthz").json()["articles"] == 1


def test_writes_need_the_right_bearer_token(writable: LiveServer) -> None:
    url = f"{writable.url}/sparql"
    data = b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
    for auth in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        response = httpx.post(url, content=data, headers={"Content-Type": "application/sparql-update", **auth})
        assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")
    ok = httpx.post(url, content=data, headers={"Content-Type": "application/sparql-update",
                                                  "Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 204
    ask = httpx.get(url, params={"query": "ASK { <http://example.org/a> ?p 1 }"})
    assert ask.json()["boolean"] is True
