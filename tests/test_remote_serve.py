"""``newskg serve --store URL`` in front of real SPARQL servers answers as it does over the embedded store.

For each server (Oxigraph server, Virtuoso; skipped with the reason when not installed) the
seeds are built into it with the CLI, and ``newskg serve`` runs as a real subprocess on
127.0.0.1, writable with a token and a short query timeout. Its answers are compared with the
embedded seed server's (``tests.conftest``), and our limits, guard and token hold in front of it.
The timeout test runs last for each server: the server itself may go on evaluating the query.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from tests.conftest import LiveServer
from tests.remote_servers import KINDS, Server, build_seeds, export, running, sorted_quads
from tests.servers import ServeProcess

TOKEN = "remote-serve-token"
QUERY_TIMEOUT = 2
EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "api" / "static" / "examples").glob("*.rq"))
LABELS = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a nkg:Event ; rdfs:label ?l }"
# ~10 M pairs of ontology triples compared: 5 to 15 s on either server, several times the query timeout.
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/newskg/ontology> { ?a ?b ?c . ?d ?e ?f } "
        "VALUES ?k { 1 2 3 4 5 6 7 8 9 10 11 12 } FILTER(STR(?c) < STR(?f)) }")
SCRATCH = "urn:newskg:test:scratch"


@pytest.fixture(scope="module", params=KINDS)
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(request.param, tmp_path_factory.mktemp(request.param)) as srv:
        yield build_seeds(srv)


@pytest.fixture(scope="module")
def front(backend: Server) -> Iterator[ServeProcess]:
    """``newskg serve --store URL``; the server's credentials reach it through the environment only."""
    env = {"NEWSKG_API_TOKEN": TOKEN, "NEWSKG_QUERY_TIMEOUT": str(QUERY_TIMEOUT)}
    with ServeProcess(backend.url, env=env) as server:
        yield server


def ask(server: ServeProcess | LiveServer, query: str, accept: str = "application/sparql-results+json",
        **params: str) -> httpx.Response:
    return httpx.post(f"{server.url}/sparql", data={"query": query, **params}, headers={"Accept": accept},
                      timeout=60)


def solutions(server: ServeProcess | LiveServer, query: str) -> set[tuple[str, ...]]:
    response = ask(server, query)
    assert response.status_code == 200, response.text
    parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
    return {tuple(str(row[v]) for v in parsed.variables) for row in parsed}


def values(server: ServeProcess | LiveServer, query: str, **params: str) -> list[dict[str, str]]:
    """The rows' plain values (servers differ in the datatypes of counts: xsd:integer, xsd:int)."""
    response = ask(server, query, **params)
    assert response.status_code == 200, response.text
    return [{v: term["value"] for v, term in row.items()} for row in response.json()["results"]["bindings"]]


def triples(response: httpx.Response, fmt: ox.RdfFormat) -> set[ox.Triple]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(fmt.media_type)
    return {q.triple for q in ox.parse(response.content, format=fmt)}


def update(server: ServeProcess, text: str, token: str | None = TOKEN) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{server.url}/sparql", data={"update": text}, headers=headers, timeout=60)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_select_answers_equal_the_embedded_servers(front: ServeProcess, seed_server: LiveServer,
                                                   example: Path) -> None:
    query = example.read_text()
    answer = solutions(front, query)
    assert answer and answer == solutions(seed_server, query)


def test_protocol_dataset_and_base_iri_reach_the_server(front: ServeProcess, seed_server: LiveServer) -> None:
    article = sorted(solutions(front, "SELECT ?a WHERE { ?a a nkg:Article }"))[0][0].strip("<>")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    one = {"default-graph-uri": article}
    assert values(front, count, **one) == values(seed_server, count, **one)
    relative = ask(front, "SELECT ?x WHERE { BIND(<relative> AS ?x) }").json()["results"]["bindings"]
    assert relative == [{"x": {"type": "uri", "value": f"{front.url}/relative"}}]


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES], ids=lambda f: f.name)
def test_construct_and_describe(front: ServeProcess, seed_server: LiveServer, fmt: ox.RdfFormat) -> None:
    graph = triples(ask(front, LABELS, accept=fmt.media_type), fmt)
    assert graph and graph == triples(ask(seed_server, LABELS, accept=fmt.media_type), fmt)
    event = sorted(t.subject for t in graph)[0]
    described = triples(ask(front, f"DESCRIBE {event}", accept=fmt.media_type), fmt)
    assert described and all(event in (t.subject, t.object) for t in described)


def test_node_page_shows_the_node_and_its_mentions(front: ServeProcess, seed_server: LiveServer) -> None:
    event = values(front, "SELECT ?e ?l WHERE { ?e a nkg:Event ; rdfs:label ?l } ORDER BY ?e LIMIT 1")[0]
    key = event["e"].removeprefix("https://w3id.org/newskg/id/")
    page = httpx.get(f"{front.url}/id/{key}", headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200, page.text
    assert event["l"] in page.text
    reference = httpx.get(f"{seed_server.url}/id/{key}", headers={"Accept": "text/html"}, timeout=60)
    assert page.text.count("<li>") == reference.text.count("<li>") > 0


def test_export_holds_what_the_server_holds(front: ServeProcess, backend: Server, tmp_path: Path) -> None:
    response = httpx.get(f"{front.url}/export", params={"format": "nquads"}, timeout=120)
    assert response.status_code == 200, response.text
    (tmp_path / "api.nq").write_bytes(response.content)
    assert sorted_quads(tmp_path / "api.nq") == sorted_quads(export(backend.url, tmp_path / "cli.nq"))


def test_malformed_query_is_400_with_its_position(front: ServeProcess) -> None:
    response = ask(front, "SELECT ?x WHERE {\n  ?x a nkg:Event .\n  ?x ?\n}")
    assert response.status_code == 400
    assert response.text.startswith("malformed query: line 4, column 2:")


def test_service_is_refused_with_400(front: ServeProcess) -> None:
    response = ask(front, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert response.status_code == 400 and "SERVICE" in response.text


def test_updates_need_the_token(front: ServeProcess) -> None:
    insert = f"INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:x> rdfs:label 'scratch' }} }}"
    assert update(front, insert, token=None).status_code == 401
    assert update(front, insert, token="wrong").status_code == 401
    check = f"ASK {{ GRAPH <{SCRATCH}> {{ <urn:x> rdfs:label 'scratch' }} }}"
    assert ask(front, check).json()["boolean"] is False
    assert update(front, insert).status_code == 204
    assert ask(front, check).json()["boolean"] is True
    assert update(front, f"DROP SILENT GRAPH <{SCRATCH}>").status_code == 204
    assert ask(front, check).json()["boolean"] is False
    assert update(front, "INSERT DATA { <urn:x> <urn:y> }").status_code == 400
    refused = update(front, "DROP GRAPH <urn:newskg:test:absent>")  # valid, but the server refuses it
    assert refused.status_code == 502 and "absent" in refused.text


def test_graph_store_writes_need_the_token(front: ServeProcess) -> None:
    url, target = f"{front.url}/rdf-graphs", {"graph": SCRATCH}
    auth, turtle = {"Authorization": f"Bearer {TOKEN}"}, {"Content-Type": "text/turtle"}
    assert httpx.put(url, params=target, content=b"<urn:a> <urn:b> 1 .", headers=turtle).status_code == 401
    assert httpx.put(url, params=target, content=b"<urn:a> <urn:b> 1 .", headers={**turtle, **auth}).status_code == 201
    assert httpx.post(url, params=target, content=b"<urn:a> <urn:b> 2 .", headers={**turtle, **auth}).status_code == 204
    got = httpx.get(url, params={**target, "format": "nt"})
    assert triples(got, ox.RdfFormat.N_TRIPLES) == {
        ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal(str(n), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))) for n in (1, 2)}
    assert httpx.delete(url, params=target).status_code == 401
    assert httpx.delete(url, params=target, headers=auth).status_code == 204
    assert httpx.get(url, params={**target, "format": "nt"}).status_code == 404


def test_a_posted_article_is_stored_in_the_server(front: ServeProcess) -> None:
    url, text = f"{front.url}/articles", b"date 2022-03-01\nGunmen attacked a checkpoint near Kirkuk on Monday.\n"
    plain, auth = {"Content-Type": "text/plain"}, {"Authorization": f"Bearer {TOKEN}"}
    assert httpx.post(url, content=text, headers=plain, timeout=60).status_code == 401
    response = httpx.post(url, content=text, headers={**plain, **auth}, timeout=120)
    assert response.status_code == 201 and response.json()["outcome"] == "added", response.text
    article = response.json()["article"]
    assert values(front, f"SELECT ?s WHERE {{ <{article}> dct:source ?s }}") == [{"s": response.json()["source"]}]
    again = httpx.post(url, content=text, headers={**plain, **auth}, timeout=60)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    drop = httpx.delete(f"{front.url}/rdf-graphs", params={"graph": article}, headers=auth, timeout=60)
    assert drop.status_code == 204  # the other tests count two articles


def test_healthz_counts_the_articles(front: ServeProcess) -> None:
    response = httpx.get(f"{front.url}/healthz", timeout=30)
    assert response.status_code == 200 and response.json()["articles"] == 2


def test_query_timeout_is_503_and_the_server_answers_on(front: ServeProcess) -> None:
    started = time.monotonic()
    response = ask(front, SLOW)
    assert response.status_code == 503, response.text
    assert time.monotonic() - started < QUERY_TIMEOUT + 5
    deadline = time.monotonic() + 30  # the killed worker is replaced meanwhile
    while not front.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert values(front, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a nkg:Article }") == [{"n": "2"}]
