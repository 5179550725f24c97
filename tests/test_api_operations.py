"""Graph Store Protocol, service description, metrics and CORS on running servers."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from tests.conftest import CLI, LiveServer, free_port, serve

ARTICLE = "https://w3id.org/newskg/id/article/0a1b2c3d"
SD = "http://www.w3.org/ns/sparql-service-description#"
TOKEN = "gsp-token-77"


@pytest.mark.parametrize("accept, rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                    ("application/ld+json", "json-ld"),
                                                    ("application/rdf+xml", "xml")])
def test_gsp_get_a_named_graph_in_each_syntax(tiny_server: LiveServer, accept: str, rdflib_format: str) -> None:
    response = httpx.get(f"{tiny_server.url}/rdf-graphs", params={"graph": ARTICLE}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    g = Graph().parse(data=response.content, format=rdflib_format)
    assert (URIRef("https://w3id.org/newskg/id/location/varnel"), RDFS.label, Literal("Varnel")) in g


def test_gsp_get_keeps_the_graph_name_in_quad_syntaxes(tiny_server: LiveServer) -> None:
    response = httpx.get(f"{tiny_server.url}/rdf-graphs", params={"graph": ARTICLE, "format": "nquads"})
    ds = Dataset()
    ds.parse(data=response.content, format="nquads")
    assert URIRef(ARTICLE) in {g.identifier for g in ds.graphs()}


def test_gsp_default_graph_is_the_union(tiny_server: LiveServer) -> None:
    whole = httpx.get(f"{tiny_server.url}/rdf-graphs?default", headers={"Accept": "application/n-triples"})
    article = httpx.get(f"{tiny_server.url}/rdf-graphs", params={"graph": ARTICLE, "format": "nt"})
    assert sorted(whole.text.splitlines()) == sorted(article.text.splitlines())
    assert 'filename="default.nt"' in whole.headers["content-disposition"]


def test_gsp_errors(tiny_server: LiveServer) -> None:
    missing = httpx.get(f"{tiny_server.url}/rdf-graphs", params={"graph": "http://example.org/nothing"})
    assert missing.status_code == 404 and "no graph named" in missing.text
    assert httpx.get(f"{tiny_server.url}/rdf-graphs").status_code == 400
    assert httpx.get(f"{tiny_server.url}/rdf-graphs?default", params={"format": "yaml"}).status_code == 400


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(tmp_path_factory.mktemp("api-gsp") / "store", api_token=TOKEN) as server:
        yield server


def test_gsp_put_post_delete_with_the_token(writable: LiveServer) -> None:
    url, graph = f"{writable.url}/rdf-graphs", "http://example.org/graph/1"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    turtle = {"Content-Type": "text/turtle", **auth}
    created = httpx.put(url, params={"graph": graph}, content=b"<http://e/a> <http://e/p> 1 .", headers=turtle)
    assert created.status_code == 201
    merged = httpx.post(url, params={"graph": graph}, content=b"<http://e/b> <http://e/p> 2 .", headers=turtle)
    assert merged.status_code == 204
    got = httpx.get(url, params={"graph": graph, "format": "nt"})
    assert len(got.text.splitlines()) == 2
    replaced = httpx.put(url, params={"graph": graph}, content=b"<http://e/c> <http://e/p> 3 .", headers=turtle)
    assert replaced.status_code == 204
    assert len(httpx.get(url, params={"graph": graph, "format": "nt"}).text.splitlines()) == 1
    bad = httpx.put(url, params={"graph": graph}, content=b"<http://e/c> <http://e/p> .", headers=turtle)
    assert bad.status_code == 400 and "line" in bad.text
    assert len(httpx.get(url, params={"graph": graph, "format": "nt"}).text.splitlines()) == 1  # unchanged
    assert httpx.delete(url, params={"graph": graph}).status_code == 401
    assert httpx.delete(url, params={"graph": graph}, headers=auth).status_code == 204
    assert httpx.get(url, params={"graph": graph}).status_code == 404


def test_writes_keep_the_default_graph_the_union_and_never_write_it_directly(writable: LiveServer) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    sparql = {"Content-Type": "application/sparql-update", **auth}
    graphs = "GRAPH <http://example.org/u1> { <http://e/u> <http://e/p> 1 } GRAPH <http://example.org/u2> { <http://e/u> <http://e/p> 1 }"
    assert httpx.post(f"{writable.url}/sparql", content=f"INSERT DATA {{ {graphs} }}".encode(), headers=sparql).status_code == 204
    ask = {"query": "SELECT * WHERE { <http://e/u> ?p ?o }"}
    def rows():
        return httpx.get(f"{writable.url}/sparql", params=ask, headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    assert len(rows()) == 1  # stated by two graphs, one fact
    refused = httpx.post(f"{writable.url}/sparql", content=b"INSERT DATA { <http://e/u> <http://e/p> 2 }", headers=sparql)
    assert refused.status_code == 400 and "named graph" in refused.text
    put = httpx.put(f"{writable.url}/rdf-graphs?default", content=b"<http://e/u> <http://e/p> 3 .",
                    headers={"Content-Type": "text/turtle", **auth})
    assert put.status_code == 405 and put.headers["allow"] == "GET"
    assert httpx.delete(f"{writable.url}/rdf-graphs", params={"graph": "http://example.org/u1"}, headers=auth).status_code == 204
    assert len(rows()) == 1  # u2 still states it
    assert httpx.post(f"{writable.url}/sparql", content=b"DROP GRAPH <http://example.org/u2>", headers=sparql).status_code == 204
    assert rows() == []


def test_service_description_without_a_query(tiny_server: LiveServer) -> None:
    response = httpx.get(f"{tiny_server.url}/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.content, format="turtle")
    endpoint = URIRef(f"{tiny_server.url}/sparql")
    assert (endpoint, URIRef(SD + "endpoint"), endpoint) in g
    assert (endpoint, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in g
    assert (endpoint, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Update")) not in g  # read-only


def test_metrics_count_requests_and_rejections(tiny_server: LiveServer) -> None:
    httpx.get(f"{tiny_server.url}/sparql", params={"query": "ASK {"})
    text = httpx.get(f"{tiny_server.url}/metrics").text
    assert 'newskg_http_requests_total{method="GET",route="/sparql",status="400"}' in text
    assert 'newskg_rejections_total{reason="400"}' in text
    assert "newskg_http_request_duration_seconds_bucket" in text


def test_cors_is_off_by_default(tiny_server: LiveServer) -> None:
    response = httpx.get(f"{tiny_server.url}/sparql", params={"query": "ASK {}"},
                         headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_only_configured_origins(tiny_store: Path) -> None:
    with serve(tiny_store, cors_origins=["https://app.example"]) as server:
        ok = httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://app.example"})
        assert ok.headers["access-control-allow-origin"] == "https://app.example"
        other = httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://x.example"})
        assert "access-control-allow-origin" not in other.headers
    with serve(tiny_store, cors_origins=["*"]) as server:
        star = httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://x.example"})
        assert star.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in star.headers


def test_docs_page_needs_no_cdn(tiny_server: LiveServer) -> None:
    page = httpx.get(f"{tiny_server.url}/docs")
    assert page.status_code == 200 and "/static/docs.js" in page.text
    assert "://" not in page.text.replace("http://www.w3.org", "")
    spec = httpx.get(f"{tiny_server.url}/openapi.json").json()
    assert {"/sparql", "/export", "/rdf-graphs", "/healthz", "/metrics"} <= set(spec["paths"])


def test_newskg_serve_runs_the_app_and_logs_json_lines(tiny_store: Path) -> None:
    port = free_port()
    process = subprocess.Popen([*CLI, "serve", "--store", str(tiny_store), "--port", str(port),
                                "--query-timeout", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz")
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "newskg serve did not start"
                time.sleep(0.2)
        assert health.json() == {"status": "ok", "articles": 1}
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    assert process.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after a clean shutdown
    assert "Application shutdown complete" in err  # the lifespan ran: the worker processes were stopped
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert {"method": "GET", "path": "/healthz", "status": 200}.items() <= lines[-1].items()


def test_instance_iris_dereference_to_html_for_browsers_and_rdf_for_clients(tiny_server: LiveServer) -> None:
    url = f"{tiny_server.url}/id/event/2019-03-03-attack-varnel"
    page = httpx.get(url, headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "attack on Varnel harbour" in page.text and "1 mention" in page.text
    assert 'href="/id/location/varnel"' in page.text
    rdf = httpx.get(url)  # curl-like */*
    assert rdf.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=rdf.content, format="turtle")
    assert (URIRef("https://w3id.org/newskg/id/event/2019-03-03-attack-varnel"), RDFS.label,
            Literal("attack on Varnel harbour")) in g
    assert httpx.get(f"{tiny_server.url}/id/event/nothing-here").status_code == 404
    assert httpx.get(f"{tiny_server.url}/id/event/nothing-here", headers={"Accept": "text/html"}).status_code == 404
