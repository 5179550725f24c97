"""Shared fixtures for the API tests: a real store built from the seeds and real servers on 127.0.0.1.

The seed store is built once per session with the real CLI (spaCy loads once);
each server is uvicorn in a background thread on a free port, stopped (with its
worker processes) at the end of the session.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import uvicorn

from api.app import create_app
from kg.settings import Settings
from kg.store.embedded import UNION

pytest_plugins = ["tests.browser"]  # the headless-browser fixture for page tests

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CLI = [sys.executable, "-c", "from kg.cli import app; app()"]

# A tiny graph in the public vocabulary with one node of each kind the API tests ask for.
TINY_TRIG = """
@base <https://w3id.org/newskg/id/> .
@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<article/0a1b2c3d> {
  <article/0a1b2c3d> a nkg:Article ; dct:identifier "0a1b2c3d" ; dct:source "harbour.txt" ;
      dct:title "Gunboats fire on harbour" ; dct:issued "2019-03-04"^^xsd:date ;
      nkg:text "Gunboats fired on the harbour of Varnel on Sunday, the navy said." .
  <event/2019-03-03-attack-varnel> a nkg:Event ; rdfs:label "attack on Varnel harbour" ;
      nkg:eventType nkg:Attack ; nkg:date "2019-03-03"^^xsd:date ;
      nkg:agent <unit/gunboats> ; nkg:place <location/varnel> ; nkg:mention <mention/0a1b2c3d-9-14> .
  <unit/gunboats> a nkg:Unit ; rdfs:label "gunboats" ; nkg:mention <mention/0a1b2c3d-0-8> .
  <location/varnel> a nkg:Location ; rdfs:label "Varnel" ; nkg:mention <mention/0a1b2c3d-33-39> .
  <statement/0a1b2c3d-0-54> a nkg:Statement ; nkg:quote "Gunboats fired on the harbour of Varnel on Sunday" ;
      nkg:quoteType nkg:Indirect ; nkg:speaker <organization/navy> ;
      nkg:about <event/2019-03-03-attack-varnel> ; nkg:mention <mention/0a1b2c3d-0-49> .
  <organization/navy> a nkg:Organization, nkg:Actor ; rdfs:label "the navy" .
  <mention/0a1b2c3d-9-14> a nkg:Mention ; nkg:article <article/0a1b2c3d> ; nkg:start 9 ; nkg:end 14 ; nkg:anchor "fired" .
  <mention/0a1b2c3d-0-8> a nkg:Mention ; nkg:article <article/0a1b2c3d> ; nkg:start 0 ; nkg:end 8 ; nkg:anchor "Gunboats" .
  <mention/0a1b2c3d-33-39> a nkg:Mention ; nkg:article <article/0a1b2c3d> ; nkg:start 33 ; nkg:end 39 ; nkg:anchor "Varnel" .
  <mention/0a1b2c3d-0-49> a nkg:Mention ; nkg:article <article/0a1b2c3d> ; nkg:start 0 ; nkg:end 49 ;
      nkg:anchor "Gunboats fired on the harbour of Varnel on Sunday" .
}
"""


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 triples in three graphs: ``RUNAWAY``, a three-way cross product, is 2.7e10 rows, beyond any timeout."""
    path = tmp_path_factory.mktemp("api-big") / "store"
    store = ox.Store(str(path))
    ex = "http://example.org/"
    store.extend(ox.Quad(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p{i % 7}"), ox.Literal(str(i)),
                         ox.NamedNode(f"{ex}g{i % 3}")) for i in range(3000))
    store.update(UNION.fill())  # the default graph newskg keeps: the union of the named graphs
    store.flush()
    del store
    return path


def publisher_required_shapes(folder: Path) -> Path:
    """A shapes file that every newskg article graph breaks: each article needs a publisher, none has one."""
    shapes = folder / "strict.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
        "<urn:x:NeedsPublisher> a sh:NodeShape ; sh:targetClass nkg:Article ;\n"
        "  sh:property [ sh:path <http://purl.org/dc/terms/publisher> ; sh:minCount 1 ;"
        " sh:message \"an article needs a publisher\" ] .\n", encoding="utf-8")
    return shapes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving ``create_app(settings)`` on 127.0.0.1 in a background thread."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{self.port}", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def serve(store: Path, **settings: object) -> LiveServer:
    """A live server over ``store`` (extra ``Settings`` fields as keywords)."""
    options = {"query_timeout": 30.0, "max_concurrent_queries": 4, "api_token": None, "cors_origins": []}
    options.update(settings)
    return LiveServer(Settings(store=str(store), **options))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles built into a store by the real CLI (once per session)."""
    path = tmp_path_factory.mktemp("api-seeds") / "store"
    done = subprocess.run([*CLI, "build", str(SEEDS), "--store", str(path)], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, f"newskg build failed:\n{done.stderr[-3000:]}"
    return path


@pytest.fixture(scope="session")
def seed_server(seed_store: Path) -> Iterator[LiveServer]:
    """The seed store served read-only, with a 3 s query timeout."""
    with serve(seed_store, query_timeout=3.0) as server:
        yield server


@pytest.fixture(scope="session")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding ``TINY_TRIG``."""
    path = tmp_path_factory.mktemp("api-tiny") / "store"
    store = ox.Store(str(path))
    store.load(TINY_TRIG.encode(), format=ox.RdfFormat.TRIG)
    store.update(UNION.fill())
    store.flush()
    del store  # release the RocksDB lock before the server's workers open it
    return path


@pytest.fixture(scope="session")
def tiny_server(tiny_store: Path) -> Iterator[LiveServer]:
    """The tiny store served read-only."""
    with serve(tiny_store) as server:
        yield server


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline with newskg's components, loaded once per test run."""
    from kg.nlp import load_pipeline

    return load_pipeline()
