"""Accept-header negotiation (pure functions) and how the endpoint applies it."""

from __future__ import annotations

import httpx
import pytest

from api.formats import BOOLEAN, RDF, SOLUTIONS
from api.negotiation import choose, parse_accept, weight
from tests.conftest import LiveServer

RESULTS = list(SOLUTIONS)


def test_no_header_or_any_gives_the_servers_first_choice() -> None:
    assert choose(None, RESULTS) == "application/sparql-results+json"
    assert choose("", RESULTS) == "application/sparql-results+json"
    assert choose("*/*", list(RDF)) == "text/turtle"


def test_q_values_rank_the_offers() -> None:
    assert choose("application/sparql-results+json;q=0.5, text/csv", RESULTS) == "text/csv"
    assert choose("text/*;q=0.3, application/sparql-results+xml;q=0.4", RESULTS) == "application/sparql-results+xml"
    assert choose("text/*", RESULTS) == "text/csv"


def test_the_most_specific_range_sets_the_weight() -> None:
    ranges = parse_accept("text/*;q=0.9, text/csv;q=0.1, */*;q=0.2")
    assert weight(ranges, "text/csv") == 0.1
    assert weight(ranges, "text/tab-separated-values") == 0.9
    assert weight(ranges, "application/json") == 0.2


def test_q_zero_excludes_and_nothing_acceptable_gives_none() -> None:
    assert choose("application/sparql-results+json;q=0, */*;q=0.1", RESULTS) == "application/sparql-results+xml"
    assert choose("image/png", RESULTS) is None
    assert choose("text/csv", list(BOOLEAN)) is None


def test_malformed_ranges_are_ignored() -> None:
    assert choose("garbage, text/csv;q=abc", RESULTS) == "text/csv"
    assert choose(";;;", RESULTS) == "application/sparql-results+json"


@pytest.mark.parametrize("accept, media", [
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml, application/sparql-results+json;q=0.8", "application/sparql-results+xml"),
    ("application/json", "application/sparql-results+json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
])
def test_the_endpoint_answers_in_the_negotiated_format(tiny_server: LiveServer, accept: str, media: str) -> None:
    response = httpx.get(f"{tiny_server.url}/sparql", params={"query": "SELECT ?s { ?s a ?c } LIMIT 2"},
                         headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_tsv_writes_terms_in_sparql_syntax(tiny_server: LiveServer) -> None:
    """SPARQL 1.1 TSV: terms as in SPARQL/Turtle, where an integer may be written bare."""
    q = "SELECT ?start ?label { ?m <https://w3id.org/newskg/ontology#start> ?start . " \
        "?x <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?start ?label LIMIT 1"
    response = httpx.get(f"{tiny_server.url}/sparql", params={"query": q},
                         headers={"Accept": "text/tab-separated-values"})
    lines = response.text.splitlines()
    assert lines[0] == "?start\t?label"
    assert lines[1] == '0\t"Varnel"'
    typed = httpx.get(f"{tiny_server.url}/sparql", params={"query": 'SELECT ?d { BIND("2019-03-03"^^xsd:date AS ?d) }'},
                      headers={"Accept": "text/tab-separated-values"})
    assert typed.text.splitlines()[1] == '"2019-03-03"^^<http://www.w3.org/2001/XMLSchema#date>'
