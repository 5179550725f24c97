"""``POST /articles`` on a real server: extract → validate → store, with the bearer token.

Articles here are written for these tests (other places, names and dates than
the seeds). Extraction runs in the server's extractor process with the real spaCy
pipeline; a server with stricter shapes shows the 422 path.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ROOT, LiveServer, serve

TOKEN = "articles-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = {**AUTH, "Content-Type": "text/plain; charset=utf-8"}
TIMEOUT = 120  # the first article waits for the extractor to load the model

HEADER_ARTICLE = """Militia shells port district

By Mara Lindqvist
October 14, 2019

Militia fighters shelled the port district of Hodeidah on Sunday, killing three fishermen, the United Nations said.
"The shelling must stop," said Lise Grande, the UN humanitarian coordinator.
"""

STAMP_ARTICLE = """date 2021-07-02
Turkish drones struck a convoy near Qamishli on Thursday, Kurdish officials said, wounding two fighters of the Syrian Democratic Forces.
"""

RECORD = {
    "title": "Troops withdraw from border post",
    "text": "Iraqi troops withdrew from a border post near Sinjar on Friday after clashes with gunmen, a police officer said.",
    "date": "2020-11-06",
    "author": "Omar Haddad",
    "url": "https://news.example.org/2020/11/06/sinjar-border-post",
}

STRICT_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/shapes#> .

ex:ArticleHasSubject a sh:NodeShape ;
    sh:targetClass nkg:Article ;
    sh:property [ sh:path dct:subject ; sh:minCount 1 ; sh:message "every article needs a dct:subject" ] .
"""


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # A generous limit: the long article of the concurrency test must not overrun on a loaded machine.
    with serve(tmp_path_factory.mktemp("api-articles") / "store", api_token=TOKEN, extraction_timeout=120.0) as live:
        yield live


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from tests.test_time_limit import STALL

    with serve(tmp_path_factory.mktemp("api-articles-limited") / "store", api_token=TOKEN,
               extraction_timeout=5.0, test_hook_stall_marker=STALL) as live:
        yield live


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("api-articles-strict")
    shapes = folder / "strict.ttl"
    shapes.write_text(STRICT_SHAPES, encoding="utf-8")
    with serve(folder / "store", api_token=TOKEN, shapes=shapes) as live:
        yield live


def post(server: LiveServer, body: bytes, headers: dict[str, str], **params: str) -> httpx.Response:
    return httpx.post(f"{server.url}/articles", content=body, headers=headers, params=params, timeout=TIMEOUT)


def select(server: LiveServer, query: str) -> list[dict]:
    response = httpx.post(f"{server.url}/sparql", content=query.encode(),
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def graphs(server: LiveServer) -> set[str]:
    return {row["g"]["value"] for row in select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a nkg:Article } }")}


def test_a_text_article_is_extracted_validated_and_stored(writable: LiveServer) -> None:
    response = post(writable, HEADER_ARTICLE.encode(), TEXT, source="desk/hodeidah.txt")
    assert response.status_code == 201, response.text
    body = response.json()
    iri = body["article"]
    assert body["outcome"] == "added" and body["source"] == "desk/hodeidah.txt"
    assert response.headers["location"] == body["page"] and iri.endswith(body["page"].removeprefix("/id/"))
    assert iri in graphs(writable)
    assert body["nodes"]["Article"] == 1 and body["nodes"]["Mention"] >= 3
    assert body["triples"] > 20
    # what the answer counts is what the store holds
    for cls, count in body["nodes"].items():
        rows = select(writable, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?x a nkg:{cls} }} }}")
        assert int(rows[0]["n"]["value"]) == count, cls
    # extracted facts are queryable, with their title and date from the header
    title = select(writable, f"SELECT ?t ?d WHERE {{ <{iri}> dct:title ?t ; dct:issued ?d }}")
    assert title[0]["t"]["value"] == "Militia shells port district" and title[0]["d"]["value"] == "2019-10-14"
    quotes = select(writable, f"SELECT ?q WHERE {{ GRAPH <{iri}> {{ ?s a nkg:Statement ; nkg:quote ?q }} }}")
    assert any("shelling must stop" in row["q"]["value"] for row in quotes)
    page = httpx.get(writable.url + body["page"], headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Militia shells port district" in page.text


def test_the_same_article_again_is_unchanged(writable: LiveServer) -> None:
    first = post(writable, STAMP_ARTICLE.encode(), TEXT)
    assert first.status_code == 201, first.text
    before = graphs(writable)
    again = post(writable, STAMP_ARTICLE.encode(), TEXT)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    assert again.json()["article"] == first.json()["article"]
    assert graphs(writable) == before


def test_new_text_from_the_same_source_replaces_the_old_version(writable: LiveServer) -> None:
    old = post(writable, b"date 2022-03-01\nGunmen attacked a checkpoint near Kirkuk on Monday.\n", TEXT,
               source="wire/kirkuk")
    new = post(writable, b"date 2022-03-01\nGunmen attacked two checkpoints near Kirkuk on Monday, police said.\n",
               TEXT, source="wire/kirkuk")
    assert old.status_code == 201 and new.status_code == 201, (old.text, new.text)
    assert new.json()["outcome"] == "replaced"
    stored = graphs(writable)
    assert new.json()["article"] in stored and old.json()["article"] not in stored


def test_a_json_record_is_an_article_named_by_its_url(writable: LiveServer) -> None:
    response = httpx.post(f"{writable.url}/articles", json=RECORD, headers=AUTH, timeout=TIMEOUT)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["source"] == RECORD["url"]
    rows = select(writable, f"SELECT ?t ?a WHERE {{ <{body['article']}> dct:title ?t ; dct:creator ?a }}")
    assert rows and rows[0]["t"]["value"] == RECORD["title"] and rows[0]["a"]["value"] == RECORD["author"]


def test_writes_need_the_token(writable: LiveServer, tiny_server: LiveServer) -> None:
    before = graphs(writable)
    body = b"date 2023-01-09\nArtillery hit a village near Kherson on Monday, officials said.\n"
    assert post(writable, body, {"Content-Type": "text/plain"}).status_code == 401
    assert post(writable, body, {"Content-Type": "text/plain", "Authorization": "Bearer wrong"}).status_code == 401
    assert post(tiny_server, body, {**TEXT}).status_code == 403  # a server without a token is read-only
    assert graphs(writable) == before


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b"<article/>", "application/xml", 415),
    (b"", "text/plain", 400),
    (b"   \n\n ", "text/plain", 400),
    (b"[1, 2]", "application/json", 400),
    (b'{"title": "no text"}', "application/json", 400),
    (b"{not json", "application/json", 400),
    (b"\xff\xfe\x00", "text/plain; charset=utf-8", 400),
])
def test_unreadable_articles_are_refused(writable: LiveServer, body: bytes, content_type: str, status: int) -> None:
    response = post(writable, body, {**AUTH, "Content-Type": content_type})
    assert response.status_code == status, response.text
    assert response.text.strip()  # a reason the user can act on


def test_a_graph_that_fails_validation_gets_422_with_the_report_and_nothing_is_stored(strict: LiveServer) -> None:
    response = post(strict, HEADER_ARTICLE.encode(), TEXT)
    assert response.status_code == 422, response.text
    report = response.json()
    assert report["conforms"] is False and report["counts"]["Violation"] >= 1
    finding = report["findings"][0]
    assert finding["message"] == "every article needs a dct:subject" and finding["path"] == "dct:subject"
    assert "article/" in finding["focus_iri"]
    assert graphs(strict) == set()
    assert httpx.get(f"{strict.url}/healthz").json()["articles"] == 0


def test_the_web_process_never_loads_spacy() -> None:
    code = "import sys, api.app, api.articles; sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_queries_are_answered_while_an_article_is_extracted(writable: LiveServer) -> None:
    places = ["Mosul", "Raqqa", "Deir ez-Zor", "Tikrit", "Fallujah", "Ramadi", "Homs", "Hama"]
    paragraphs = [f"Fighters attacked a checkpoint near {places[i % len(places)]} on Tuesday, killing {i % 7 + 2} "
                  f"soldiers, a local official said. Reinforcements arrived the next day from the provincial capital."
                  for i in range(200)]
    body = ("date 2018-04-10\n" + "\n\n".join(paragraphs)).encode()
    answers: list[httpx.Response] = []
    posting = threading.Thread(target=lambda: answers.append(post(writable, body, TEXT, source="long/report")))
    posting.start()
    meanwhile = []  # (status, seconds) of the queries answered while the article was being processed
    while posting.is_alive():
        started = time.monotonic()
        ask = httpx.post(f"{writable.url}/sparql", content=b"ASK { ?s ?p ?o }", headers={
            "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
        if posting.is_alive():
            meanwhile.append((ask.status_code, time.monotonic() - started))
        time.sleep(0.05)
    posting.join(TIMEOUT)
    assert answers and answers[0].status_code == 201, answers[0].text if answers else "no answer"
    assert len(meanwhile) >= 3, "the article was processed too fast to query meanwhile; make it longer"
    assert all(status == 200 and seconds < 1.0 for status, seconds in meanwhile), meanwhile


def test_an_article_that_overruns_the_limit_is_refused_and_the_server_goes_on(limited: LiveServer) -> None:
    """The extractor is killed after ``extraction_timeout`` (the setting ``newskg build`` uses) and replaced."""
    from tests.test_time_limit import stalling_article

    refused = post(limited, stalling_article().encode(), TEXT, source="stalls")
    assert refused.status_code == 503, refused.text
    assert "stopped after 5 s, the per-article time limit" in refused.text and "NEWSKG_EXTRACTION_TIMEOUT" in refused.text
    assert graphs(limited) == set()
    stored = post(limited, STAMP_ARTICLE.encode(), TEXT, source="after/overrun")
    assert stored.status_code == 201, stored.text
    assert len(graphs(limited)) == 1
    assert httpx.get(f"{limited.url}/healthz").json()["articles"] == 1
