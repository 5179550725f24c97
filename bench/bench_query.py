"""Our ``/sparql`` (``newskg serve``) against Oxigraph server and rdflib-endpoint, same data and load.

Each server gets the same synthetic graph (one named graph per article, queried as their union),
the same queries and the same wrk settings; every figure is a ratio of runs made minutes apart
on the same machine. Before loading a server, each query's answer size is checked against
Oxigraph's, so a server cannot win by answering less.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import httpx
import pyoxigraph as ox

import generate
import loadgen
import servers

PROLOGUE = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ACTOR = f"{generate.BASE}actor/1"
QUERIES: dict[str, tuple[str, str]] = {
    "label_lookup": ("select", PROLOGUE + f'SELECT ?x WHERE {{ ?x rdfs:label "{generate.label_of("actor", 1)}" }}'),
    "join_date_filter": ("select", PROLOGUE + """SELECT ?e ?place ?date WHERE {
  ?e nkg:eventType nkg:Attack ; nkg:place ?p ; nkg:date ?date . ?p rdfs:label ?place .
  FILTER(?date >= "2016-01-01"^^xsd:date && ?date < "2016-07-01"^^xsd:date) }"""),
    "aggregate": ("select", PROLOGUE + """SELECT ?type (COUNT(DISTINCT ?e) AS ?n) (COUNT(?m) AS ?mentions)
WHERE { ?e nkg:eventType ?type ; nkg:mention ?m } GROUP BY ?type ORDER BY DESC(?n)"""),
    "describe": ("graph", f"DESCRIBE <{ACTOR}>"),
    "full_export": ("graph", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
}


def answer_size(endpoint: servers.Endpoint, query: str, kind: str) -> int:
    """Rows of a SELECT, or distinct triples of a graph answer."""
    r = httpx.get(endpoint.url(query), headers={"Accept": loadgen.ACCEPT[kind]}, timeout=120)
    r.raise_for_status()
    if kind == "select":
        return len(json.loads(r.content)["results"]["bindings"])
    return len(set(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)))


def prepare(folder: Path, size: int) -> tuple[Path, Path, Path]:
    """The same graph as a newskg store, an Oxigraph server store, and an N-Quads file."""
    ours = folder / "newskg-store"
    store = ox.Store(str(ours))
    generate.load(store, size)
    store.flush()
    nquads = folder / "graph.nq"
    store.dump(nquads, format=ox.RdfFormat.N_QUADS)
    del store
    shutil.copytree(ours, folder / "oxigraph-store")
    return ours, folder / "oxigraph-store", nquads


def measure(endpoint: servers.Endpoint, names: list[str], connections: int, seconds: float) -> dict:
    out = {}
    for name in names:
        kind, query = QUERIES[name]
        loadgen.run(endpoint.url(query), loadgen.ACCEPT[kind], connections, 1)  # warm-up
        out[name] = asdict(loadgen.run(endpoint.url(query), loadgen.ACCEPT[kind], connections, seconds))
    return out


def run(folder: Path, size: int, connections: int, seconds: float) -> dict:
    if not loadgen.available():
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    ours_store, oxi_store, nquads = prepare(folder, size)
    names = list(QUERIES)
    result: dict = {"triples": size, "connections": connections, "seconds": seconds, "servers": {}}
    with servers.serving(*servers.oxigraph(oxi_store)) as oxi:
        expected = {n: answer_size(oxi, q, k) for n, (k, q) in QUERIES.items()}
        result["answer_sizes"] = expected
        result["servers"]["oxigraph"] = measure(oxi, names, connections, seconds)
    try:
        with servers.serving(*servers.newskg(ours_store)) as ours:
            got = {n: answer_size(ours, q, k) for n, (k, q) in QUERIES.items()}
            if got != expected:
                raise RuntimeError(f"newskg answers differ from Oxigraph's: {got} != {expected}")
            result["servers"]["newskg"] = measure(ours, names, connections, seconds)
    except Exception as exc:  # the API may not exist yet; keep the other figures
        result["newskg_error"] = str(exc)
    with servers.serving(*servers.rdflib_endpoint(nquads), startup=600) as rdfl:
        result["servers"]["rdflib-endpoint"] = measure(rdfl, ["aggregate"], connections, seconds)
    s = result["servers"]
    if "newskg" in s:
        ratios = {n: s["newskg"][n]["rps"] / s["oxigraph"][n]["rps"] for n in names}
        result["ratio_vs_oxigraph"] = ratios
        result["query_vs_oxigraph_min"] = min(ratios.values())
        result["query_vs_rdflib_endpoint_aggregate"] = (s["newskg"]["aggregate"]["rps"]
                                                        / s["rdflib-endpoint"]["aggregate"]["rps"])
    result["oxigraph_vs_rdflib_endpoint_aggregate"] = (s["oxigraph"]["aggregate"]["rps"]
                                                       / s["rdflib-endpoint"]["aggregate"]["rps"])
    return result
