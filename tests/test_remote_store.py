"""The CLI against real SPARQL servers (Oxigraph server, Virtuoso) gives the embedded store's graph.

Each server is started in a temporary folder bound to 127.0.0.1 on a free port and stopped at the
end. A test is skipped only when the server binary is not installed (``pip install oxigraph``;
``apt-get install virtuoso-opensource``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import StoreError, open_store
from kg.store.embedded import UNION
from kg.store.remote import RemoteStore, default_urls, with_prefixes
from tests.conftest import ROOT, SEEDS, free_port
from tests.remote_servers import KINDS, Server, build_seeds, export, run, running, sorted_quads

REPORTS = ROOT / "tests" / "fixtures" / "two-reports"


@pytest.fixture(scope="module", params=KINDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(request.param, tmp_path_factory.mktemp(request.param)) as srv:
        yield srv


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> Path:
    """Sorted N-Quads of the seeds built into the embedded store: what every remote store must hold."""
    folder = tmp_path_factory.mktemp("embedded")
    result = run("build", str(SEEDS), "--store", str(folder / "store"))
    assert result.exit_code == 0, result.output
    return export(str(folder / "store"), folder / "graph.nq")


@pytest.fixture(scope="module")
def built(server: Server) -> Server:
    return build_seeds(server)


def test_remote_build_holds_the_same_graph_as_the_embedded_store(built: Server, embedded: Path,
                                                                  tmp_path: Path) -> None:
    remote = export(built.url, tmp_path / "remote.nq")
    assert sorted_quads(remote) == sorted_quads(embedded)


def test_rebuilding_against_the_server_changes_nothing(built: Server) -> None:
    result = run("build", str(SEEDS), "--store", built.url)
    assert result.exit_code == 0, result.output
    assert "2 unchanged" in result.output


def test_query_sees_the_union_with_predeclared_prefixes(built: Server) -> None:
    result = run("query", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a nkg:Article }",
                 "--store", built.url, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["n", "2"]
    result = run("query", "ASK { ?e a nkg:Event ; nkg:mention ?m }", "--store", built.url)
    assert result.stdout.strip() == "true"


def test_construct_comes_back_as_triples(built: Server) -> None:
    db = open_store(built.url, read_only=True)
    triples = db.query("CONSTRUCT { ?a dct:source ?s } WHERE { ?a a nkg:Article ; dct:source ?s }")
    assert isinstance(triples, ox.QueryTriples)
    assert sorted(Path(t.object.value).name for t in triples) == sorted(p.name for p in SEEDS.iterdir())


def test_exported_triples_validate_as_the_embedded_export_does(built: Server, embedded: Path,
                                                               tmp_path: Path) -> None:
    # Whether the union conforms is the extraction's business (tests/test_cli.py); the store's is
    # to give back a graph that validates exactly as the one it was given.
    graph = export(built.url, tmp_path / "g.nt", fmt="nt")
    local = tmp_path / "local.nq"
    local.write_bytes(embedded.read_bytes())
    remote, reference = run("validate", str(graph)), run("validate", str(local))
    assert remote.exit_code in (0, 1), remote.output
    assert remote.exit_code == reference.exit_code
    assert remote.stderr.count("violation:") == reference.stderr.count("violation:")


def test_counts_match_the_embedded_store(built: Server, embedded: Path, tmp_path: Path) -> None:
    local = open_store(str(tmp_path / "s"))
    local.store.load(path=embedded, format=ox.RdfFormat.N_QUADS)
    local.store.update(UNION.fill())  # the export holds the named graphs; the store keeps their union
    assert open_store(built.url, read_only=True).counts() == local.counts()


def test_remove_takes_out_one_article(built: Server, embedded: Path, tmp_path: Path) -> None:
    first = sorted(SEEDS.iterdir())[0]
    db = open_store(built.url, read_only=True)
    gone = next(a for a in db.articles() if a.source.endswith(first.name))
    result = run("remove", gone.source, "--store", built.url)
    assert result.exit_code == 0, result.output
    assert [a.source for a in db.articles()] != [] and gone.iri not in {a.iri for a in db.articles()}
    remaining = sorted_quads(export(built.url, tmp_path / "after.nq"))
    assert remaining == sorted_quads(embedded, without_graph=gone.iri)
    # put it back for the other tests of this module
    assert run("build", str(first), "--store", built.url).exit_code == 0


def test_read_only_store_refuses_writes(built: Server) -> None:
    db = RemoteStore(built.url, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        db.remove_article(db.articles()[0].iri)


def test_malformed_query_is_a_syntax_error(built: Server) -> None:
    with pytest.raises(SyntaxError):
        open_store(built.url, read_only=True).query("SELECT WHERE nonsense")


def test_unreachable_endpoint_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    result = run("query", "ASK {}", "--store", url)
    assert result.exit_code == 2
    assert "cannot reach the SPARQL endpoint" in result.output


def test_update_and_store_urls_follow_the_query_url() -> None:
    assert default_urls("http://h:7878/query") == ("http://h:7878/update", "http://h:7878/store")
    assert default_urls("http://h:3030/news/query") == ("http://h:3030/news/update", "http://h:3030/news/data")
    assert default_urls("http://h:7200/repositories/news") == (
        "http://h:7200/repositories/news/statements", "http://h:7200/repositories/news/rdf-graphs/service")
    assert default_urls("http://h:8890/sparql-auth") == ("http://h:8890/sparql-auth", None)


def test_only_undeclared_used_prefixes_are_added() -> None:
    query = "PREFIX nkg: <urn:other#>\nSELECT ?x WHERE { ?x a nkg:Event ; rdfs:label ?l }"
    out = with_prefixes(query)
    assert out.count("PREFIX nkg:") == 1 and "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>" in out
    assert "PREFIX skos:" not in out


@pytest.fixture(scope="module", params=KINDS)
def reports(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fresh server holding the two reports of one attack (tests/fixtures/two-reports)."""
    with running(request.param, tmp_path_factory.mktemp(request.param + "-reports")) as srv:
        result = run("build", str(REPORTS), "--store", srv.url)
        assert result.exit_code == 0 and "2 added" in result.output, result.output
        yield srv


def csv_rows(url: str, query: str) -> list[str]:
    result = run("query", query, "--store", url, "--format", "csv")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1:]


def test_remote_counts_are_of_facts_and_removal_leaves_the_other_report(reports: Server, tmp_path: Path) -> None:
    url = reports.url
    assert len(csv_rows(url, "SELECT ?e ?label WHERE { ?e a nkg:Person ; rdfs:label ?label }")) == 4
    assert csv_rows(url, "SELECT (COUNT(*) AS ?n) WHERE { ?e a nkg:Actor }") == ["5"]
    rourke = "<https://w3id.org/newskg/id/actor/adam-rourke>"
    # Article graphs, as the docs say to ask (on Virtuoso, GRAPH ?g also sees the graph holding the union)
    assert len(csv_rows(url, f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a nkg:Article . {rourke} a nkg:Person }} }}")) == 2
    assert run("remove", str(REPORTS / "b.txt"), "--store", url).exit_code == 0
    kept = sorted_quads(export(url, tmp_path / "kept.nq"))
    union = {line.rsplit(" ", 1)[0] for line in kept}  # each quad's triple, without its graph
    triples = export(url, tmp_path / "kept.nt", "nt")
    assert sorted(str(t) for t in ox.parse(path=triples, format=ox.RdfFormat.N_TRIPLES)) == sorted(union)
    assert len(csv_rows(url, "SELECT ?e ?label WHERE { ?e a nkg:Person ; rdfs:label ?label }")) == 3
