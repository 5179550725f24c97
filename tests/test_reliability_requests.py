"""Hostile requests against a real ``newskg serve`` process with writes enabled.

Each request must get a 4xx with a message that says what was wrong, leave the
store exactly as it was (sorted N-Quads of ``/export`` before and after), and
leave the server answering ``/healthz``.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.servers import ServeProcess

TOKEN = "reliability-token-7c2e"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEN_MB = 10 * 1024 * 1024
DEEP = 10_000


@dataclass
class Answer:
    """What a client saw: status, body text and response headers (lower-case names)."""

    status: int
    text: str
    headers: dict[str, str]


@pytest.fixture(scope="module")
def server(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    """The seed store (a copy: writes are enabled) served by ``newskg serve`` in its own process."""
    store = tmp_path_factory.mktemp("hostile") / "store"
    shutil.copytree(seed_store, store)
    with ServeProcess(store, env={"NEWSKG_API_TOKEN": TOKEN, "NEWSKG_QUERY_TIMEOUT": "20"}) as process:
        yield process


def snapshot(server: ServeProcess) -> list[str]:
    response = httpx.get(f"{server.url}/export", params={"format": "nquads"}, timeout=60)
    assert response.status_code == 200, response.text
    return sorted(line for line in response.text.splitlines() if line.strip())


@pytest.fixture(scope="module")
def baseline(server: ServeProcess) -> list[str]:
    lines = snapshot(server)
    assert len(lines) > 1000  # the seed articles are there
    return lines


@pytest.fixture(scope="module")
def article_graph(baseline: list[str]) -> str:
    """The IRI of a stored article graph (the target of a PUT that must not replace it)."""
    return next(line.rsplit(" ", 2)[-2].strip("<>") for line in baseline if "/article/" in line.rsplit(" ", 2)[-2])


def via_httpx(server: ServeProcess, method: str, path: str, **kwargs: object) -> Answer:
    response = httpx.request(method, f"{server.url}{path}", timeout=60, **kwargs)  # type: ignore[arg-type]
    return Answer(response.status_code, response.text, {k.lower(): v for k, v in response.headers.items()})


def raw(server: ServeProcess, request: bytes) -> Answer:
    """Send bytes no well-behaved client library would send; read the status line and body."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        try:
            sock.sendall(request)
        except OSError:  # the server may answer and close before reading a huge request in full
            pass
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except OSError:
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0].startswith("HTTP/1.1 "), f"no HTTP answer: {data[:200]!r}"
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return Answer(int(lines[0].split()[1]), body.decode("utf-8", "replace"), {k.lower(): v for k, v in headers.items()})


def query(server: ServeProcess, text: str) -> Answer:
    return via_httpx(server, "POST", "/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-query"})


def update(server: ServeProcess, text: str) -> Answer:
    return via_httpx(server, "POST", "/sparql", content=text.encode(),
                     headers={**AUTH, "Content-Type": "application/sparql-update"})


def put(server: ServeProcess, graph: str, body: bytes, media_type: str) -> Answer:
    return via_httpx(server, "PUT", "/rdf-graphs", params={"graph": graph}, content=body,
                     headers={**AUTH, "Content-Type": media_type})


def billion_laughs() -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(levels) + "\n]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>'
            ).encode()


def external_entity() -> bytes:
    return (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
            b'<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p></rdf:Description></rdf:RDF>')


def nested(open_: str, middle: str, close: str, depth: int = DEEP) -> str:
    return open_ * depth + middle + close * depth


# name → (request, words the message must contain). ``g`` is a stored article graph's IRI.
Case = Callable[[ServeProcess, str], Answer]
CASES: dict[str, tuple[Case, str]] = {
    "malformed SPARQL query": (lambda s, g: query(s, "SELECT * WHERE { ?s ?p }"), "malformed query: line 1"),
    "malformed SPARQL update": (lambda s, g: update(s, f"DROP GRAPH <{g}> ; INSERT DATA {{ <a> <b> }}"),
                                "malformed update"),
    "malformed Turtle over a stored graph": (
        lambda s, g: put(s, g, b"@prefix ex: <http://example.org/> . ex:a ex:b ", "text/turtle"), "malformed RDF"),
    "Turtle with an unclosed nested list": (
        lambda s, g: put(s, g, ("<http://a> <http://b> " + "( " * DEEP + " .").encode(), "text/turtle"),
        "malformed RDF"),
    "non-UTF-8 Turtle": (lambda s, g: put(s, g, b'<http://a> <http://b> "caf\xe9" .', "text/turtle"), "UTF-8"),
    "10 MB query body": (lambda s, g: query(s, "ASK {} #" + "x" * TEN_MB), "over the limit"),
    "10 MB query form": (lambda s, g: via_httpx(s, "POST", "/sparql", data={"query": "ASK {} #" + "x" * TEN_MB}),
                         "over the limit"),
    "10 MB update body": (lambda s, g: update(s, f"DROP GRAPH <{g}> #" + "x" * TEN_MB), "over the limit"),
    "10 MB query in the URL": (
        lambda s, g: raw(s, b"GET /sparql?query=" + b"A" * TEN_MB + b" HTTP/1.1\r\nHost: x\r\n\r\n"), "Invalid"),
    "9 MB malformed query under the body limit": (lambda s, g: query(s, "SELECT ?x " + "?y " * 3_000_000 + "{"),
                                                  "malformed query"),
    "10,000 nested groups": (lambda s, g: query(s, "SELECT * WHERE " + nested("{ ", "", "} ")), "nest deeper"),
    "10,000 nested OPTIONALs": (
        lambda s, g: query(s, "SELECT * WHERE { " + nested("OPTIONAL { ", "?s ?p ?o", " }") + " }"), "nest deeper"),
    "10,000 nested parentheses": (
        lambda s, g: query(s, "ASK { FILTER(" + nested("(", "1", ")") + ") }"), "nest deeper"),
    "200 nested blank-node brackets": (
        lambda s, g: query(s, "ASK { ?s ?p " + nested("[ ?p ", "1", " ]", 200) + " }"), "nest deeper"),
    "10,000 nested groups in an update": (
        lambda s, g: update(s, f"DELETE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} WHERE " + nested("{ ", "", "} ")),
        "nest deeper"),
    "non-UTF-8 query body": (
        lambda s, g: via_httpx(s, "POST", "/sparql", content=b'ASK { ?s ?p "\xff\xfe" }',
                               headers={"Content-Type": "application/sparql-query"}), "not valid UTF-8"),
    "non-UTF-8 percent-escape in the URL": (lambda s, g: via_httpx(s, "GET", "/sparql?query=ASK%20%7B%7D%FF"),
                                            "not valid UTF-8"),
    "non-UTF-8 percent-escape in a form": (
        lambda s, g: via_httpx(s, "POST", "/sparql", content=b"query=ASK%20%7B%7D%C3",
                               headers={"Content-Type": "application/x-www-form-urlencoded"}), "not valid UTF-8"),
    "Latin-1 charset": (
        lambda s, g: via_httpx(s, "POST", "/sparql", content="ASK { ?s ?p 'é' }".encode("latin-1"),
                               headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"}), "UTF-8"),
    "billion laughs RDF/XML": (lambda s, g: put(s, g, billion_laughs(), "application/rdf+xml"),
                               "document type declaration"),
    "external entity RDF/XML": (lambda s, g: put(s, "http://example.org/g", external_entity(), "application/xml"),
                                "document type declaration"),
    "export format ../../etc/passwd": (lambda s, g: via_httpx(s, "GET", "/export?format=../../etc/passwd"),
                                       "unknown format"),
    "export format with %00": (lambda s, g: via_httpx(s, "GET", "/export?format=nquads%00.txt"), "unknown format"),
    "export format with CRLF and a header": (
        lambda s, g: via_httpx(s, "GET", "/export?format=turtle%0D%0ASet-Cookie:%20stolen=1"), "unknown format"),
    "graph IRI with CRLF": (lambda s, g: via_httpx(s, "GET", "/rdf-graphs?graph=http://x/%0D%0ASet-Cookie:%20a=1"),
                            "absolute IRI"),
    "graph named by a path": (lambda s, g: via_httpx(s, "GET", "/rdf-graphs?graph=../../etc/passwd"),
                              "exactly one graph"),
    "dataset IRI with CRLF and a header": (
        lambda s, g: via_httpx(s, "GET", "/sparql", params={"query": "ASK {}",
                                                            "default-graph-uri": "http://x/\r\nSet-Cookie: a=1"}),
        "absolute IRI"),
    "dataset IRI with NUL": (
        lambda s, g: via_httpx(s, "GET", "/sparql", params={"query": "ASK {}", "named-graph-uri": "http://x/\x00"}),
        "absolute IRI"),
    "NUL in a header": (lambda s, g: raw(s, b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept: text/csv\x00\r\n\r\n"),
                        "Invalid"),
    "bare CR smuggling a header": (
        lambda s, g: raw(s, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: */*\rX-Evil: 1\r\n\r\n"),
        "Invalid"),
    "non-UTF-8 request target": (lambda s, g: raw(s, b"GET /export?format=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n"),
                                 "Invalid"),
}

# Known to fail until a file this suite does not own is fixed (strict: an XPASS fails, so the mark gets removed).


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_request_gets_a_clear_4xx_and_changes_nothing(server: ServeProcess, baseline: list[str],
                                                                  article_graph: str, name: str) -> None:
    send, expected = CASES[name]
    answer = send(server, article_graph)
    assert 400 <= answer.status < 500, f"{name}: {answer.status} {answer.text[:300]}"
    assert expected.lower() in answer.text.lower(), f"{name}: unclear message {answer.text[:300]!r}"
    assert not any(h in answer.headers for h in ("set-cookie", "x-evil")), f"{name}: header injected"
    assert "root:" not in answer.text  # no file contents leak
    assert server.alive(), f"the server went down after: {name}"
    assert snapshot(server) == baseline, f"the store changed after: {name}"


def test_the_server_process_survived_every_hostile_request(server: ServeProcess) -> None:
    """Runs after the cases above (file order): the original process, not a restarted one, still answers."""
    assert server.process is not None and server.process.poll() is None
    assert httpx.get(f"{server.url}/sparql", params={"query": "ASK { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30).json()["boolean"] is True
