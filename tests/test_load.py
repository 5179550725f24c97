"""Load: 32 concurrent clients of mixed requests against ``newskg serve`` on the seed store.

The server runs in one process (``tests.servers``); the clients run in another
(this module run as ``python -m tests.test_load``), while the test samples the
server's memory, workers included. Zero errors are allowed, the memory of the
second half of the run must not climb above the first half's, and p50/p99 are
printed and written to ``load.json`` in the test's tmp dir.

``NEWSKG_LOAD_SECONDS`` shortens the run locally (default 60 s, as issue 7 asks).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.servers import ServeProcess

CLIENTS = 32
SECONDS = float(os.environ.get("NEWSKG_LOAD_SECONDS", "60"))
# Memory of the second half may exceed the first half's peak by this much (allocator noise), not more.
MEMORY_SLACK = 1.15
MEMORY_SLACK_BYTES = 32 * 1024 * 1024

NKG = "PREFIX nkg: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
# (kind, path, query parameters, headers): every kind of read the endpoint serves.
REQUESTS: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
    ("select", "/sparql", {"query": NKG + "SELECT ?e ?label WHERE { ?e a nkg:Event ; rdfs:label ?label } LIMIT 50"},
     JSON_RESULTS),
    ("ask", "/sparql", {"query": NKG + "ASK { ?s a nkg:Statement }"}, JSON_RESULTS),
    ("construct", "/sparql", {"query": NKG + "CONSTRUCT { ?m nkg:anchor ?a } WHERE { ?m nkg:anchor ?a } LIMIT 200"},
     {"Accept": "text/turtle"}),
    ("aggregate", "/sparql",
     {"query": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)"},
     {"Accept": "text/csv"}),
    ("export", "/export", {"format": "nquads"}, {}),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_clients(url: str, seconds: float, clients: int) -> dict[str, object]:
    """``clients`` threads, each with its own connection, cycling through ``REQUESTS`` until time is up."""
    latencies: dict[str, list[float]] = {kind: [] for kind, *_ in REQUESTS}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            i = offset
            while time.monotonic() < deadline:
                kind, path, params, headers = REQUESTS[i % len(REQUESTS)]
                i += 1
                started = time.perf_counter()
                try:
                    response = http.get(path, params=params, headers=headers)
                    ok = response.status_code == 200 and len(response.content) > 0
                    problem = "" if ok else f"{kind}: {response.status_code} {response.text[:200]}"
                except httpx.HTTPError as exc:
                    problem = f"{kind}: {type(exc).__name__} {exc}"
                elapsed = time.perf_counter() - started
                with lock:
                    latencies[kind].append(elapsed)
                    if problem:
                        errors.append(problem)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    every = [x for values in latencies.values() for x in values]
    ms = lambda values, q: round(1000 * percentile(values, q), 1)  # noqa: E731
    return {
        "clients": clients, "seconds": round(wall, 1), "requests": len(every), "errors": len(errors),
        "error_samples": errors[:10], "requests_per_second": round(len(every) / wall, 1),
        "p50_ms": ms(every, 0.50), "p99_ms": ms(every, 0.99), "mean_ms": round(1000 * statistics.fmean(every), 1),
        "by_kind": {kind: {"requests": len(v), "p50_ms": ms(v, 0.50), "p99_ms": ms(v, 0.99)}
                    for kind, v in latencies.items() if v},
    }


def test_32_clients_of_mixed_queries_get_no_errors_and_memory_stays_flat(
        seed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "load.json"
    with ServeProcess(seed_store) as server:
        for kind, path, params, headers in REQUESTS:  # every request works before the load starts
            assert httpx.get(f"{server.url}{path}", params=params, headers=headers, timeout=60).status_code == 200, kind
        clients = subprocess.Popen([sys.executable, "-m", "tests.test_load", server.url, str(SECONDS), str(out)],
                                   cwd=ROOT, stderr=subprocess.PIPE, text=True)
        samples: list[tuple[float, int]] = []
        started = time.monotonic()
        while clients.poll() is None and time.monotonic() - started < SECONDS + 120:
            samples.append((time.monotonic() - started, server.rss()))
            time.sleep(0.5)
        _out, err = clients.communicate(timeout=120)
        assert clients.returncode == 0, err[-2000:]
        assert server.alive()
    figures = json.loads(out.read_text())
    in_run = [(t, rss) for t, rss in samples if t <= SECONDS]
    half = SECONDS / 2
    first = max(rss for t, rss in in_run if t < half)
    second = max(rss for t, rss in in_run if t >= half)
    figures["memory_mb"] = {"first_half_max": round(first / 2**20, 1), "second_half_max": round(second / 2**20, 1),
                            "samples": len(in_run)}
    out.write_text(json.dumps(figures, indent=2))
    with capsys.disabled():
        print(f"\nload: {figures['requests']} requests in {figures['seconds']} s from {CLIENTS} clients "
              f"({figures['requests_per_second']}/s), p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
              f"{figures['errors']} errors, server RSS max {figures['memory_mb']['first_half_max']} MB "
              f"→ {figures['memory_mb']['second_half_max']} MB; figures in {out}")
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["requests"] > 0 and set(figures["by_kind"]) == {kind for kind, *_ in REQUESTS}
    assert second <= first * MEMORY_SLACK + MEMORY_SLACK_BYTES, figures["memory_mb"]


if __name__ == "__main__":  # the client process of the test above
    base_url, duration, destination = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
    destination.write_text(json.dumps(run_clients(base_url, duration, CLIENTS), indent=2))
