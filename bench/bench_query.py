"""Our ``/sparql`` (``newskg serve``) against Oxigraph server and rdflib-endpoint, same data and load.

Each server gets the same synthetic graph (one named graph per article, queried as their union),
the same queries and the same wrk settings; every figure is a ratio of runs made minutes apart
on the same machine. newskg runs twice: as users run it, where wrk's repeated identical request
is answered from the response cache after the first time (``api.cache``), and with the cache
off, where every request is parsed, evaluated and serialised. Before loading a server, each query's
answer size is checked against Oxigraph's, so a server cannot win by answering less.
"""

from __future__ import annotations

import json
import shutil
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

import generate
import httpx
import loadgen
import pyoxigraph as ox
import servers

PROLOGUE = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ACTOR = f"{generate.BASE}actor/1"
UNCACHED = "newskg (cache off)"
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


def alternating(endpoints: dict[str, servers.Endpoint], name: str, connections: int, seconds: float,
                rounds: int) -> dict[str, dict]:
    """One query on each server in turn, ``rounds`` times, best run kept: a neighbour's burst hurts no server more."""
    kind, query = QUERIES[name]
    accept = loadgen.ACCEPT[kind]
    for endpoint in endpoints.values():
        loadgen.run(endpoint.url(query), accept, connections, 1)  # warm-up
    runs: dict[str, list[loadgen.Load]] = {server: [] for server in endpoints}
    for _ in range(rounds):
        for server, endpoint in endpoints.items():
            runs[server].append(loadgen.run(endpoint.url(query), accept, connections, seconds))
    return {server: asdict(max(loads, key=lambda r: r.rps)) for server, loads in runs.items()}


def run(folder: Path, size: int, connections: int, seconds: float, rounds: int = 2) -> dict:
    """Every server up at once; each query is run on each server in turn, ``rounds`` times, best run kept."""
    if not loadgen.available():
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    ours_store, oxi_store, nquads = prepare(folder, size)
    names = list(QUERIES)
    result: dict = {"triples": size, "connections": connections, "seconds": seconds, "rounds": rounds}
    with ExitStack() as stack:
        oxi = stack.enter_context(servers.serving(*servers.oxigraph(oxi_store)))
        expected = {n: answer_size(oxi, q, k) for n, (k, q) in QUERIES.items()}
        result["answer_sizes"] = expected
        endpoints = {"oxigraph": oxi}
        # As users run it (answers of repeated requests cached), and with the cache off: evaluation every time.
        for name, env in (("newskg", {}), (UNCACHED, {"NEWSKG_RESULT_CACHE_BYTES": "0"})):
            endpoints[name] = stack.enter_context(servers.serving(*servers.newskg(ours_store, name), env=env))
            got = {n: answer_size(endpoints[name], q, k) for n, (k, q) in QUERIES.items()}
            if got != expected:
                raise RuntimeError(f"{name} answers differ from Oxigraph's: {got} != {expected}")
        endpoints["rdflib-endpoint"] = stack.enter_context(servers.serving(*servers.rdflib_endpoint(nquads),
                                                                           startup=600))
        s: dict[str, dict] = {server: {} for server in endpoints}
        for query in names:  # rdflib-endpoint only gets the aggregate: it takes seconds per full export
            chosen = {k: e for k, e in endpoints.items() if k != "rdflib-endpoint" or query == "aggregate"}
            for server, load in alternating(chosen, query, connections, seconds, rounds).items():
                s[server][query] = load
    result["servers"] = s
    for name, suffix in (("newskg", ""), (UNCACHED, "_uncached")):
        ratios = {n: s[name][n]["rps"] / s["oxigraph"][n]["rps"] for n in names}
        result[f"ratio_vs_oxigraph{suffix}"] = ratios
        result[f"query_vs_oxigraph_min{suffix}"] = min(ratios.values())
        result[f"query_vs_rdflib_endpoint_aggregate{suffix}"] = (s[name]["aggregate"]["rps"]
                                                                 / s["rdflib-endpoint"]["aggregate"]["rps"])
    result["oxigraph_vs_rdflib_endpoint_aggregate"] = (s["oxigraph"]["aggregate"]["rps"]
                                                       / s["rdflib-endpoint"]["aggregate"]["rps"])
    return result
