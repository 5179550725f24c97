"""Issue 2 on a running server: SPARQL clients get the graph, exports match the CLI, page and health work."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

from tests.conftest import CLI, ROOT, SEEDS, LiveServer

PREFIX = "PREFIX nkg: <https://w3id.org/newskg/ontology#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"


def select(server: LiveServer, query: str) -> list[dict]:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(PREFIX + query)
    client.setReturnFormat(JSON)
    return client.queryAndConvert()["results"]["bindings"]


def test_sparqlwrapper_gets_articles_and_mentions_from_the_seed_graph(seed_server: LiveServer) -> None:
    articles = select(seed_server, "SELECT ?a ?source WHERE { ?a a nkg:Article ; dct:source ?source }")
    seeds = {p.name for p in SEEDS.iterdir()}
    assert articles and all(Path(row["source"]["value"]).name in seeds for row in articles)
    mentions = select(seed_server, """SELECT ?m ?anchor ?start WHERE {
        ?node nkg:mention ?m . ?m nkg:anchor ?anchor ; nkg:start ?start ; nkg:article ?a }""")
    assert len(mentions) > 10
    assert all(row["start"]["datatype"].endswith("#integer") for row in mentions)


def test_sparqlwrapper_gets_events_and_statements_from_the_seed_graph(seed_server: LiveServer) -> None:
    statements = select(seed_server, "SELECT ?s ?quote WHERE { ?s a nkg:Statement ; nkg:quote ?quote }")
    assert statements, "the seed graph holds no nkg:Statement"
    events = select(seed_server, "SELECT ?e WHERE { ?e a nkg:Event }")
    if not events:
        pytest.skip("the extractor produced no nkg:Event from the seeds yet (the tiny-graph test covers events)")
    assert all(row["e"]["type"] == "uri" for row in events)


def test_sparqlwrapper_reads_every_kind_of_node_in_every_result_format(tiny_server: LiveServer) -> None:
    query = """SELECT ?event ?quote ?anchor ?title WHERE {
        ?event a nkg:Event ; nkg:mention/nkg:anchor ?anchor .
        ?statement a nkg:Statement ; nkg:about ?event ; nkg:quote ?quote ; nkg:mention/nkg:article ?article .
        ?article a nkg:Article ; dct:title ?title }"""
    rows = select(tiny_server, query)
    assert [(r["event"]["value"].rsplit("/", 1)[-1], r["anchor"]["value"], r["title"]["value"]) for r in rows] == [
        ("2019-03-03-attack-varnel", "fired", "Gunboats fire on harbour")]
    client = SPARQLWrapper(f"{tiny_server.url}/sparql")
    client.setQuery(PREFIX + query)
    client.setReturnFormat(XML)
    xml = client.queryAndConvert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data  # a parsed DOM
    client.setReturnFormat(CSV)
    csv_text = client.queryAndConvert().decode()
    assert csv_text.splitlines()[0] == "event,quote,anchor,title"


@pytest.mark.parametrize("fmt, rdflib_format", [(TURTLE, "turtle"), (N3, "turtle"), (JSONLD, "json-ld"),
                                                 (RDFXML, "xml")])
def test_construct_in_every_graph_syntax(tiny_server: LiveServer, fmt: str, rdflib_format: str) -> None:
    client = SPARQLWrapper(f"{tiny_server.url}/sparql")
    client.setQuery(PREFIX + "CONSTRUCT { ?e a nkg:Event ; nkg:place ?p } WHERE { ?e a nkg:Event ; nkg:place ?p }")
    client.setReturnFormat(fmt)
    response = client.query()
    body = response.response.read()
    g = Graph().parse(data=body, format=rdflib_format)
    assert len(g) == 2


def test_get_form_post_and_direct_post_give_the_same_answer(tiny_server: LiveServer) -> None:
    q = PREFIX + "SELECT ?s WHERE { ?s a nkg:Mention } ORDER BY ?s"
    url = f"{tiny_server.url}/sparql"
    by_get = httpx.get(url, params={"query": q})
    by_form = httpx.post(url, data={"query": q})
    direct = httpx.post(url, content=q.encode(), headers={"Content-Type": "application/sparql-query"})
    assert by_get.status_code == by_form.status_code == direct.status_code == 200
    assert by_get.headers["content-type"] == "application/sparql-results+json"
    assert by_get.json() == by_form.json() == direct.json()
    assert len(by_get.json()["results"]["bindings"]) == 4


def test_ask_and_describe(tiny_server: LiveServer) -> None:
    url = f"{tiny_server.url}/sparql"
    ask = httpx.get(url, params={"query": PREFIX + "ASK { ?e a nkg:Event }"})
    assert ask.json() == {"head": {}, "boolean": True}
    describe = httpx.get(url, params={"query": "DESCRIBE <https://w3id.org/newskg/id/location/varnel>"},
                         headers={"Accept": "application/n-triples"})
    assert describe.headers["content-type"].startswith("application/n-triples")
    assert "Varnel" in describe.text


def test_default_graph_is_the_union_unless_a_dataset_is_named(tiny_server: LiveServer) -> None:
    url = f"{tiny_server.url}/sparql"
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = int(httpx.get(url, params={"query": q}).json()["results"]["bindings"][0]["n"]["value"])
    assert union > 20
    other = httpx.get(url, params={"query": q, "default-graph-uri": "http://example.org/none"})
    assert other.json()["results"]["bindings"][0]["n"]["value"] == "0"
    article = httpx.get(url, params={"query": q, "default-graph-uri": "https://w3id.org/newskg/id/article/0a1b2c3d"})
    assert int(article.json()["results"]["bindings"][0]["n"]["value"]) == union


def cli_export(store: Path, fmt: str, dest: Path) -> Path:
    done = subprocess.run([*CLI, "export", "--store", str(store), "--format", fmt, "-o", str(dest)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return dest


def test_export_turtle_holds_exactly_the_triples_of_the_cli_export(seed_server: LiveServer, seed_store: Path,
                                                                    tmp_path: Path) -> None:
    response = httpx.get(f"{seed_server.url}/export", params={"format": "turtle"})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="newskg.ttl"'
    assert response.headers["content-type"].startswith("text/turtle")
    served = Graph().parse(data=response.content, format="turtle")
    cli = Graph().parse(cli_export(seed_store, "turtle", tmp_path / "cli.ttl"), format="turtle")
    assert len(served) == len(cli) > 100
    assert isomorphic(served, cli)


@pytest.mark.parametrize("fmt, name, media", [
    ("nt", "newskg.nt", "application/n-triples"), ("nquads", "newskg.nq", "application/n-quads"),
    ("trig", "newskg.trig", "application/trig"), ("jsonld", "newskg.jsonld", "application/ld+json"),
    ("rdfxml", "newskg.rdf", "application/rdf+xml")])
def test_export_in_every_format_matches_the_cli(tiny_server: LiveServer, tiny_store: Path, tmp_path: Path,
                                                 fmt: str, name: str, media: str) -> None:
    response = httpx.get(f"{tiny_server.url}/export?format={fmt}")
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert response.headers["content-type"].startswith(media)
    if fmt in ("nt", "nquads"):  # line formats: compare the statements themselves
        cli = cli_export(tiny_store, fmt, tmp_path / name).read_text(encoding="utf-8")
        assert sorted(response.text.splitlines()) == sorted(cli.splitlines())


def test_export_rejects_an_unknown_format(tiny_server: LiveServer) -> None:
    response = httpx.get(f"{tiny_server.url}/export?format=csv")
    assert response.status_code == 400
    assert "turtle" in response.text


def test_healthz_reports_the_article_count(seed_server: LiveServer) -> None:
    response = httpx.get(f"{seed_server.url}/healthz")
    assert response.status_code == 200
    stored = select(seed_server, "SELECT ?a WHERE { GRAPH ?a { ?a a nkg:Article } }")
    assert response.json() == {"status": "ok", "articles": len(stored)}
    assert len(stored) >= 1


