"""The W3C SPARQL 1.1 Protocol test suite, replayed with http.client against a running server.

Each manifest entry is one test; its requests run in order with the exact method,
path (``/sparql/`` mapped to our ``/sparql``), headers and body of the manifest,
plus the bearer token so that updates are allowed. Graph data named by an entry
(``ut:graphData``) is loaded through the endpoint first.
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from tests.conftest import SHARED, LiveServer, serve

MANIFEST = SHARED / "conformance/sparql11/sparql/sparql11/protocol/manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
TOKEN = "protocol-suite-token"
RESULT_TYPES = {"boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
                "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                            "text/tab-separated-values"),
                "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples")}


def load_manifest() -> tuple[Graph, list[URIRef]]:
    g = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    return g, list(Collection(g, g.value(manifest, MF.entries)))


ENTRIES = load_manifest()[1] if MANIFEST.exists() else []


@pytest.fixture(scope="module")
def manifest() -> Graph:
    if not MANIFEST.exists():
        pytest.skip(f"the W3C protocol manifest is absent ({MANIFEST}); ../shared is not checked out")
    return load_manifest()[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(tmp_path_factory.mktemp("api-protocol") / "store", api_token=TOKEN) as live:
        yield live


def send(server: LiveServer, method: str, path: str, headers: dict[str, str], body: bytes | None
         ) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        conn.close()


def load_graph_data(server: LiveServer, g: Graph, test: URIRef) -> None:
    """Replace the store's content with the entry's named graphs."""
    parts = []
    for data in g.objects(test, UT.graphData):
        source = Path(str(g.value(data, UT.graph)).removeprefix("file://"))
        parts.append(f"GRAPH <{g.value(data, RDFS.label)}> {{ {source.read_text(encoding='utf-8')} }}")
    if parts:
        update = "DROP ALL ; INSERT DATA { " + " ".join(parts) + " }"
        status, _, body = send(server, "POST", "/sparql", {"Content-Type": "application/sparql-update",
                                                           "Authorization": f"Bearer {TOKEN}"}, update.encode())
        assert status == 204, body


def parse_boolean(content_type: str, body: bytes) -> bool:
    if "json" in content_type:
        return json.loads(body)["boolean"]
    node = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert node is not None
    return node.text == "true"


def check(g: Graph, expected: URIRef, status: int, content_type: str, body: bytes) -> None:
    classes = {str(s).removeprefix(HTS) for s in g.objects(expected, MF.expectedStatus)}
    assert f"{status // 100}xx" in classes, (status, body[:300])
    fmt = g.value(expected, MF.expectedFormat)
    if fmt is not None:
        media = content_type.split(";")[0].strip()
        assert media in RESULT_TYPES[str(fmt)], content_type
        if str(fmt) == "RDF":
            Graph().parse(data=body, format={"application/rdf+xml": "xml", "text/turtle": "turtle",
                                             "application/n-triples": "nt"}[media])
    boolean = g.value(expected, MF.expectedBoolean)
    if boolean is not None:
        assert parse_boolean(content_type, body) is boolean.toPython()


@pytest.mark.parametrize("test", ENTRIES, ids=[str(e).rsplit("#", 1)[-1] for e in ENTRIES])
def test_w3c_protocol(manifest: Graph, server: LiveServer, test: URIRef) -> None:
    g = manifest
    load_graph_data(server, g, test)
    action = g.value(test, MF.action)
    for request in Collection(g, g.value(action, HT.requests)):
        path = str(g.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
        headers = {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                   for h in Collection(g, g.value(request, HT.headers))} if g.value(request, HT.headers) else {}
        headers["Authorization"] = f"Bearer {TOKEN}"
        body = None
        content = g.value(request, HT.body)
        if content is not None:
            encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
            body = str(g.value(content, CNT.chars)).encode(encoding)
        status, content_type, payload = send(server, str(g.value(request, HT.methodName)), path, headers, body)
        check(g, g.value(request, HT.resp), status, content_type, payload)
