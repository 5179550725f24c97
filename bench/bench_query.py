"""Our ``/sparql`` (``newskg serve``) against Oxigraph server and rdflib-endpoint, same data and load.

Each server gets the same synthetic graph (one named graph per article, queried as their union),
the same queries and the same wrk settings; every figure is a ratio of runs made seconds apart
on the same machine, the servers taking turns, and the median of the rounds. newskg runs twice:
with the response cache off (``NEWSKG_RESULT_CACHE_BYTES=0``), where every request is parsed,
evaluated and serialised, as a new query is: the headline figures; and as users run it, where
wrk's repeated identical request is answered from the response cache (``api.cache``). Before
loading a server, each query's answer size is checked against Oxigraph's, so a server cannot win
by answering less.

``write_mode`` measures a writable server (``NEWSKG_API_TOKEN``): reads per second while articles
are posted to ``/articles``, against the same server's reads per second with no posts.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict
from pathlib import Path

import corpus
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
CACHED = "newskg (cached)"
TOKEN = "bench-token"
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
    """One query on each server in turn, ``rounds`` times; the median run (by req/s) of each server.

    Taking turns, a neighbour's burst of load hurts no server more than the others.
    """
    kind, query = QUERIES[name]
    accept = loadgen.ACCEPT[kind]
    for endpoint in endpoints.values():
        loadgen.run(endpoint.url(query), accept, connections, 1)  # warm-up
    runs: dict[str, list[loadgen.Load]] = {server: [] for server in endpoints}
    for _ in range(rounds):
        for server, endpoint in endpoints.items():
            runs[server].append(loadgen.run(endpoint.url(query), accept, connections, seconds))
    return {server: asdict(median(loads)) for server, loads in runs.items()}


def median(loads: list[loadgen.Load]) -> loadgen.Load:
    """The run with the median req/s (the lower middle one of an even count)."""
    return sorted(loads, key=lambda r: r.rps)[(len(loads) - 1) // 2]


def run(folder: Path, size: int, connections: int, seconds: float, rounds: int = 3) -> dict:
    """Every server up at once; each query is run on each server in turn, ``rounds`` times, median kept."""
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
        # Evaluation every time (the headline), and as users run it (answers of repeated requests cached).
        for name, env in (("newskg", {"NEWSKG_RESULT_CACHE_BYTES": "0"}), (CACHED, {})):
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
    for name, suffix in (("newskg", ""), (CACHED, "_cached")):
        ratios = {n: s[name][n]["rps"] / s["oxigraph"][n]["rps"] for n in names}
        result[f"ratio_vs_oxigraph{suffix}"] = ratios
        result[f"query_vs_oxigraph_min{suffix}"] = min(ratios.values())
        result[f"query_vs_rdflib_endpoint_aggregate{suffix}"] = (s[name]["aggregate"]["rps"]
                                                                 / s["rdflib-endpoint"]["aggregate"]["rps"])
    result["oxigraph_vs_rdflib_endpoint_aggregate"] = (s["oxigraph"]["aggregate"]["rps"]
                                                       / s["rdflib-endpoint"]["aggregate"]["rps"])
    return result


class _Poster:
    """Posts generated articles to ``/articles``, checking that each is readable once answered."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.index = 0
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def post(self) -> None:
        self.index += 1
        started = time.perf_counter()
        r = httpx.post(f"{self.base}/articles", content=corpus.article(self.index).encode(), timeout=300,
                       params={"source": f"bench/{self.index}.txt"},
                       headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain; charset=utf-8"})
        if r.status_code != 201:
            self.failures.append(f"{r.status_code}: {r.text[:200]}")
            return
        self.latencies.append(time.perf_counter() - started)
        ask = f"ASK {{ GRAPH <{r.json()['article']}> {{ ?s ?p ?o }} }}"
        seen = httpx.get(f"{self.base}/sparql", params={"query": ask}, headers={"Accept": loadgen.ACCEPT["select"]})
        if seen.json().get("boolean") is not True:
            self.failures.append(f"article {r.json()['article']} not readable after its 201")

    @contextmanager
    def posting(self) -> Iterator[None]:
        """Post one article after another, in a thread, until the block ends (and the article under way is in)."""
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                self.post()

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(300)


def write_mode(folder: Path, size: int, connections: int, seconds: float, rounds: int = 3,
               query: str = "join_date_filter") -> dict:
    """Reads/s of a writable server with and without articles being posted, in alternating rounds (medians)."""
    store = ox.Store(str(folder / "store"))
    generate.load(store, size)
    store.flush()
    del store
    kind, text = QUERIES[query]
    with servers.serving(*servers.newskg(folder / "store", "newskg (writable)"),
                         env={"NEWSKG_API_TOKEN": TOKEN}) as endpoint:
        url, accept = endpoint.url(text), loadgen.ACCEPT[kind]
        poster = _Poster(endpoint.sparql.rsplit("/", 1)[0])
        poster.post()  # the extractor loads its model on the first article
        loadgen.run(url, accept, connections, seconds)  # warm-up: the reader processes start on demand
        idle, busy = [], []
        for _ in range(rounds):
            idle.append(loadgen.run(url, accept, connections, seconds))
            with poster.posting():
                busy.append(loadgen.run(url, accept, connections, seconds))
    latencies = sorted(poster.latencies[1:])  # the first one loaded the model
    return {"query": query, "triples": size, "connections": connections, "seconds": seconds, "rounds": rounds,
            "idle": asdict(median(idle)), "during_posts": asdict(median(busy)),
            "reads_during_posts_vs_idle": median(busy).rps / median(idle).rps,
            "articles_posted": len(latencies), "post_p50_s": latencies[len(latencies) // 2] if latencies else None,
            "post_failures": poster.failures}
