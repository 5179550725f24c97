"""One answer per fact: the default graph is the set-union of the article graphs, in every write and every reader.

Two reports of one attack (``tests/fixtures/two-reports``, written for this test) share
its people, its place and the event itself. Built with the real CLI and served by a real
uvicorn on 127.0.0.1, every count is of facts, not of the reports that state them; removing
one report leaves exactly the other's facts. Updates and Graph Store writes keep the default
graph in step too, and a store built before it was kept is upgraded or refused.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.store import StoreError
from kg.store.default_graph import SCRATCH_GRAPH, DefaultGraphWrite, UpdateScope, update_scope
from kg.store.embedded import ONTOLOGY_GRAPH, EmbeddedStore
from tests.conftest import CLI, ROOT, TINY_TRIG, LiveServer, serve

REPORTS = ROOT / "tests" / "fixtures" / "two-reports"
ID = "https://w3id.org/newskg/id/"
PEOPLE = {"actor/adam-rourke", "actor/lena-ortiz", "actor/mira-jones", "actor/tom-baker"}
SHARED_EVENT = ID + "event/attack-week-2019-02-25-in-location-kavala"
PERSONS = "SELECT ?e ?label WHERE { ?e a nkg:Person ; rdfs:label ?label }"
ACTORS = "SELECT (COUNT(*) AS ?n) WHERE { ?e a nkg:Actor }"


def cli(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def csv_rows(store: Path, query: str) -> list[list[str]]:
    return [line.split(",") for line in cli("query", query, "--store", str(store), "--format", "csv").stdout.splitlines()[1:]]


def graphs(store: Path) -> dict[str, set[ox.Triple]]:
    """Every named graph's triples, and the default graph's under the key ``""``."""
    with EmbeddedStore(store, read_only=True) as db:
        out = {g.value: set(db.graph(g.value)) for g in db.store.named_graphs()}
        out[""] = set(db.default_triples())
    return out


def union_of(named: dict[str, set[ox.Triple]]) -> set[ox.Triple]:
    return set().union(*(triples for name, triples in named.items() if name))


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("two-reports") / "store"
    assert "2 articles read: 2 added" in cli("build", str(REPORTS), "--store", str(store)).stderr
    return store


@pytest.fixture(scope="module")
def server(two_reports: Path) -> Iterator[LiveServer]:
    with serve(two_reports) as live:
        yield live


def test_the_reports_share_people_place_and_event(two_reports: Path) -> None:
    """The premise: both article graphs state the same people, place and attack."""
    named = graphs(two_reports)
    articles = [g for g in named if "/article/" in g]
    assert len(articles) == 2
    typed = [{t.subject.value for t in named[a] if t.predicate.value.endswith("#type")} for a in articles]
    for node in (ID + "actor/adam-rourke", ID + "actor/lena-ortiz", ID + "location/kavala", SHARED_EVENT):
        assert all(node in subjects for subjects in typed), node


def test_the_default_graph_is_the_union_of_the_graphs(two_reports: Path) -> None:
    named = graphs(two_reports)
    assert named[""] == union_of(named)
    shared = {t for t in named[""] if t.subject.value == SHARED_EVENT}
    assert len(shared) < sum(len({t for t in named[a] if t.subject.value == SHARED_EVENT}) for a in named if a)


def test_cli_counts_facts_once(two_reports: Path) -> None:
    people = csv_rows(two_reports, PERSONS)
    assert len(people) == 4 and {row[0].removeprefix(ID) for row in people} == PEOPLE
    assert csv_rows(two_reports, ACTORS) == [["5"]]
    types = csv_rows(two_reports, f"SELECT ?t WHERE {{ <{SHARED_EVENT}> a ?t }}")
    assert types == [["https://w3id.org/newskg/ontology#Event"]]
    stats = cli("stats", "--store", str(two_reports)).stdout
    assert f"│ triples      │ {len(union_of(graphs(two_reports)))} " in stats
    assert "│ Person       │ 4 " in stats and "│ Event        │ 3 " in stats
    explained = cli("explain", "actor/adam-rourke", "--store", str(two_reports)).stdout
    assert explained.count("ontology#Person>") == 1


def test_http_counts_facts_once(server: LiveServer, two_reports: Path) -> None:
    def select(query: str) -> list[dict]:
        response = httpx.get(f"{server.url}/sparql", params={"query": query},
                             headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"]

    assert len(select(PERSONS)) == 4
    assert select(ACTORS)[0]["n"]["value"] == "5"
    assert len(select(f"SELECT ?p ?o WHERE {{ <{SHARED_EVENT}> ?p ?o }}")) == len(
        select(f"SELECT DISTINCT ?p ?o WHERE {{ <{SHARED_EVENT}> ?p ?o }}"))
    per_graph = select("SELECT ?g WHERE { GRAPH ?g { <" + ID + "actor/adam-rourke> a nkg:Person } }")
    assert len(per_graph) == 2  # provenance: each report's graph still states it
    turtle = httpx.get(f"{server.url}/id/actor/adam-rourke", headers={"Accept": "text/turtle"}).text
    assert turtle.count("nkg:Person") == 1 and turtle.count("nkg:Actor") == 1, turtle
    union = {str(t) for t in union_of(graphs(two_reports))}
    for url in (f"{server.url}/rdf-graphs?default&format=nt", f"{server.url}/export?format=nt"):
        lines = [line for line in httpx.get(url).text.splitlines() if line]
        assert len(lines) == len(set(lines)) == len(union), url


def test_removing_one_report_leaves_exactly_the_others_facts(two_reports: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    subprocess.run(["cp", "-r", str(two_reports), str(store)], check=True)
    before = graphs(store)
    b = next(g for g in before if "/article/" in g and any("b.txt" in t.object.value for t in before[g]))
    a = next(g for g in before if "/article/" in g and g != b)
    cli("remove", str(REPORTS / "b.txt"), "--store", str(store))
    after = graphs(store)
    assert set(after) == {"", a, ONTOLOGY_GRAPH}
    assert after[""] == before[a] | before[ONTOLOGY_GRAPH]
    assert {row[0].removeprefix(ID) for row in csv_rows(store, PERSONS)} == {
        "actor/adam-rourke", "actor/lena-ortiz", "actor/mira-jones"}
    assert csv_rows(store, f"SELECT ?t WHERE {{ <{SHARED_EVENT}> a ?t }}") == [["https://w3id.org/newskg/ontology#Event"]]


# -- updates and Graph Store writes ---------------------------------------------------------------------------

G1, G2 = "http://example.org/g1", "http://example.org/g2"
S, P = "<http://example.org/s>", "<http://example.org/p>"


def in_step(db: EmbeddedStore) -> set[ox.Triple]:
    """Assert the invariant and return the default graph."""
    named = {q.triple for q in db.store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, ox.DefaultGraph)}
    default = set(db.default_triples())
    assert default == named
    assert not db.store.contains_named_graph(ox.NamedNode(SCRATCH_GRAPH))
    return default


def objects(triples: set[ox.Triple]) -> set[str]:
    return {t.object.value for t in triples}


@pytest.fixture
def db(tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path / "store") as store:
        yield store


def test_updates_keep_the_default_graph_in_step(db: EmbeddedStore) -> None:
    db.update(f"INSERT DATA {{ GRAPH <{G1}> {{ {S} {P} 1, 2 }} GRAPH <{G2}> {{ {S} {P} 2, 3 }} }}")
    assert objects(in_step(db)) == {"1", "2", "3"}
    db.update(f"DELETE DATA {{ GRAPH <{G1}> {{ {S} {P} 2 }} }}")  # G2 still states it
    assert objects(in_step(db)) == {"1", "2", "3"}
    db.update("PREFIX ex: <http://example.org/> DROP GRAPH ex:g2")
    assert objects(in_step(db)) == {"1"}
    db.update(f"WITH <{G1}> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 10 }} WHERE {{ ?s ?p ?o }}")
    assert objects(in_step(db)) == {"10"}
    db.update("INSERT { GRAPH ?g { ?s ?p 11 } } WHERE { GRAPH ?g { ?s ?p 10 } } ;"
              "DELETE WHERE { GRAPH ?g { ?s ?p 10 } }")  # graphs known only at run time: re-derived whole
    assert objects(in_step(db)) == {"11"}
    db.update(f"COPY <{G1}> TO <{G2}> ; MOVE <{G1}> TO <http://example.org/g3>")
    assert objects(in_step(db)) == {"11"}
    db.update("CLEAR ALL")
    assert in_step(db) == set()


@pytest.mark.parametrize("update", [
    f"INSERT DATA {{ {S} {P} 1 }}",
    "DELETE WHERE { ?s ?p ?o }",
    f"DELETE {{ ?s {P} ?o }} WHERE {{ GRAPH ?g {{ ?s {P} ?o }} }}",
    "CLEAR DEFAULT",
    f"COPY <{G1}> TO DEFAULT",
    f"INSERT DATA {{ GRAPH <{G1}> {{ {S} {P} 5 }} }} ; DROP SILENT DEFAULT",
])
def test_writing_the_default_graph_itself_is_refused_and_changes_nothing(db: EmbeddedStore, update: str) -> None:
    db.update(f"INSERT DATA {{ GRAPH <{G1}> {{ {S} {P} 1 }} }}")
    before = in_step(db)
    with pytest.raises(DefaultGraphWrite, match="named graph"):
        db.update(update)
    assert in_step(db) == before


def test_a_failing_update_changes_nothing(db: EmbeddedStore) -> None:
    db.update(f"INSERT DATA {{ GRAPH <{G1}> {{ {S} {P} 1 }} }}")
    with pytest.raises(RuntimeError, match="does not exist"):
        db.update(f"INSERT DATA {{ GRAPH <{G2}> {{ {S} {P} 2 }} }} ; DROP GRAPH <http://example.org/absent>")
    assert objects(in_step(db)) == {"1"}


def test_a_malformed_update_is_reported_where_the_client_wrote_it(db: EmbeddedStore) -> None:
    with pytest.raises(SyntaxError, match="^error at 2:"):
        db.update(f"DELETE DATA {{ GRAPH <{G1}> {{ {S} {P} 1 }} }} ;\nINSERT DATA {{ GRAPH <{G1}> {{ {S} }} }}")


def test_a_malformed_update_is_malformed_before_it_is_a_default_graph_write(db: EmbeddedStore) -> None:
    with pytest.raises(SyntaxError):
        db.update(f"INSERT DATA {{ {S} {P} }}")


def test_graph_store_writes_keep_the_default_graph_in_step(db: EmbeddedStore) -> None:
    triple = ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("a"))
    other = ox.Triple(triple.subject, triple.predicate, ox.Literal("b"))
    assert db.write_graph("PUT", G1, [triple]) is False
    assert db.write_graph("POST", G2, [triple, other]) is False
    assert objects(in_step(db)) == {"a", "b"}
    assert db.write_graph("PUT", G2, [triple]) is True
    assert objects(in_step(db)) == {"a"}
    assert db.write_graph("DELETE", G1, []) is True
    assert objects(in_step(db)) == {"a"}  # G2 still states it
    assert db.write_graph("DELETE", G2, []) is True
    assert in_step(db) == set()
    with pytest.raises(DefaultGraphWrite):
        db.write_graph("PUT", None, [triple])


@pytest.mark.parametrize("update, scope", [
    (f"INSERT DATA {{ GRAPH <{G1}> {{ {S} {P} 1 }} }}", UpdateScope(frozenset({G1}), False)),
    (f"PREFIX ex: <http://example.org/> DELETE DATA {{ GRAPH ex:g1 {{ {S} {P} 1 }} }}", UpdateScope(frozenset({G1}), True)),
    ("BASE <http://example.org/> CLEAR GRAPH <g2>", UpdateScope(frozenset({G2}), True)),
    (f"WITH <{G1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", UpdateScope(frozenset({G1}), True)),
    (f"ADD <{G1}> TO <{G2}>", UpdateScope(frozenset({G2}), False)),
    (f"INSERT {{ GRAPH <{G2}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", UpdateScope(frozenset({G2}), False)),
    (f"DELETE {{ GRAPH <{G2}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", UpdateScope(None, True)),
    ("INSERT { GRAPH ?g { ?s ?p 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }", UpdateScope(None, False)),
    ("DROP ALL", UpdateScope(None, True)),
    ('INSERT DATA { GRAPH <http://example.org/g1> { <http://example.org/s> <http://example.org/p> "GRAPH ?x { DEFAULT" } }',
     UpdateScope(frozenset({G1}), False)),
])
def test_what_an_update_writes(update: str, scope: UpdateScope) -> None:
    assert update_scope(update) == scope


# -- stores built before the default graph was kept -------------------------------------------------------------

def test_an_old_store_is_refused_read_only_and_upgraded_for_writing(tmp_path: Path) -> None:
    old = ox.Store(str(tmp_path / "store"))
    old.load(TINY_TRIG.encode(), format=ox.RdfFormat.TRIG)  # article graphs, no default graph
    old.flush()
    del old
    with pytest.raises(StoreError, match="newskg upgrade --store"):
        EmbeddedStore(tmp_path / "store", read_only=True)
    refused = subprocess.run([*CLI, "query", "ASK {}", "--store", str(tmp_path / "store")], capture_output=True,
                             text=True, cwd=ROOT)
    assert refused.returncode == 2 and "built by an older newskg" in refused.stderr
    assert "upgraded" in cli("upgrade", "--store", str(tmp_path / "store")).stderr
    assert "up to date" in cli("upgrade", "--store", str(tmp_path / "store")).stderr
    named = graphs(tmp_path / "store")
    assert named[""] == union_of(named) and named[""]


def test_json_ld_exports_carry_the_vocabulary_context_and_compact_iris(two_reports: Path, server: LiveServer,
                                                                       tmp_path: Path) -> None:
    cli("export", "--store", str(two_reports), "--format", "jsonld", "-o", str(tmp_path / "all.jsonld"))
    cli("export", "--store", str(two_reports), "--format", "nquads", "-o", str(tmp_path / "all.nq"))
    document = json.loads((tmp_path / "all.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["nkg"] == "https://w3id.org/newskg/ontology#"
    text = (tmp_path / "all.jsonld").read_text(encoding="utf-8")
    assert '"nkg:mention"' in text and '"rdfs:label"' in text and '"https://w3id.org/newskg/ontology#mention"' not in text
    assert set(ox.parse(path=tmp_path / "all.jsonld", format=ox.RdfFormat.JSON_LD)) == set(
        ox.parse(path=tmp_path / "all.nq", format=ox.RdfFormat.N_QUADS))
    for url in (f"{server.url}/export?format=jsonld", f"{server.url}/rdf-graphs?default&format=jsonld"):
        served = httpx.get(url)
        assert served.status_code == 200 and served.json()["@context"]["dct"] == "http://purl.org/dc/terms/"
    constructed = httpx.get(f"{server.url}/sparql", params={"query": f"DESCRIBE <{SHARED_EVENT}>"},
                            headers={"Accept": "application/ld+json"})
    assert '"nkg:eventType"' in constructed.text and "@context" in constructed.json()
