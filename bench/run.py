"""Run newskg's benchmarks and print the figures: ``python bench/run.py [--quick] [--json FILE]``.

Every headline figure is a ratio of two measurements made in the same run on the same
machine (ours / the tool a user would otherwise use), so it holds on a noisy machine. The
query figures are medians of rounds in which the servers take turns, with newskg's response
cache off: every request evaluated, as a new query is.
``--quick`` uses smaller corpora and shorter load runs and finishes in a few minutes on
2 cores. Needs the ``[bench]`` extra (oxigraph, rdflib-endpoint) and ``wrk`` on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_corpus  # noqa: E402
import bench_extraction  # noqa: E402
import bench_query  # noqa: E402
import bench_store  # noqa: E402

GOALS = {"extraction_vs_spacy": 0.7, "query_vs_oxigraph_min": 0.5,
         "query_vs_rdflib_endpoint_aggregate": 10.0, "ingest_flatness": 0.8}
SIZES = {  # quick, full
    "extraction_articles": (40, 200), "workers": (2, 2),
    "query_triples": (10_000, 100_000), "connections": (4, 4), "load_seconds": (4, 10),
    "largest_triples": (1_000_000, 1_000_000), "ingest_extracted": (20, 40), "ingest_copies": (300, 3000),
    "export_triples": (1_000_000, 1_000_000), "validation_triples": (10_000, 100_000), "rounds": (3, 5),
}


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine()}


def attempt(name: str, work: Callable[[], dict], figures: dict) -> None:
    """Run one benchmark; a failure is recorded and the others still run."""
    start = time.perf_counter()
    try:
        figures[name] = work()
    except Exception as exc:
        figures[name] = {"error": f"{type(exc).__name__}: {exc}"}
        traceback.print_exc()
    figures[name]["elapsed_s"] = round(time.perf_counter() - start, 1)
    print(f"[{name}] done in {figures[name]['elapsed_s']} s", file=sys.stderr, flush=True)


def headline(figures: dict) -> dict:
    found = {}
    for section in figures.values():
        for key in GOALS:
            if isinstance(section, dict) and key in section:
                found[key] = section[key]
    return found


def table(figures: dict) -> str:
    lines = ["| figure | value | goal | met |", "|---|---|---|---|"]
    for key, value in headline(figures).items():
        lines.append(f"| `{key}` | {value:.2f} | >= {GOALS[key]:g} | {'yes' if value >= GOALS[key] else 'no'} |")
    for key in GOALS.keys() - headline(figures).keys():
        lines.append(f"| `{key}` | not measured | >= {GOALS[key]:g} | no |")
    q = figures.get("query", {})
    for key in ("query_vs_oxigraph_min_cached", "query_vs_rdflib_endpoint_aggregate_cached"):
        if key in q:
            lines.append(f"| `{key}` (response cache on) | {q[key]:.2f} | (no goal) | |")
    servers = q.get("servers", {})
    if servers:
        lines += ["", f"Queries on {q['triples']:,} triples, wrk with {q['connections']} connections, "
                      f"{q['seconds']:g} s per run, median of {q['rounds']} alternating rounds "
                      "(req/s; p50 / p99 ms; newskg: cache off):", "",
                  "| query | " + " | ".join(servers) + " | newskg / Oxigraph |", "|---" * (len(servers) + 2) + "|"]
        for name in bench_query.QUERIES:
            cells = [f"{s[name]['rps']:,.0f} ({s[name]['p50_ms']:.1f} / {s[name]['p99_ms']:.1f})"
                     if name in s else "" for s in servers.values()]
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {q['ratio_vs_oxigraph'][name]:.2f} |")
    w = figures.get("write", {})
    if "idle" in w:
        lines += ["", f"Writable server ({w['triples']:,} triples, {w['query']}, "
                      f"wrk with {w['connections']} connections, "
                      f"median of {w['rounds']} rounds of {w['seconds']:g} s): {w['idle']['rps']:,.0f} reads/s "
                      f"(p50 {w['idle']['p50_ms']:.1f} ms) with no posts, {w['during_posts']['rps']:,.0f} reads/s "
                      f"(p50 {w['during_posts']['p50_ms']:.1f} / p99 {w['during_posts']['p99_ms']:.1f} ms) while "
                      f"{w['articles_posted']} articles were posted one after another (p50 {w['post_p50_s']:.2f} s "
                      f"each, every one readable once answered: {not w['post_failures']})."]
    e = figures.get("extraction", {})
    if "spacy_articles_per_s" in e:
        workers = next(k for k in e if k.startswith("build_workers_"))
        lines += ["", f"Extraction ({e['articles']} articles, {e['words']:,} words): bare spaCy "
                      f"{e['spacy_articles_per_s']:.1f} art/s, newskg build {e['build_articles_per_s']:.1f} art/s, "
                      f"{workers.split('_')[2]} workers {e[workers]:.1f} art/s (with start-up)."]
    if "guarded_vs_unguarded" in e:
        lines.append(f"Extraction in a supervised process under the time limit vs in the build's own process: "
                     f"{e['build_articles_per_s']:.1f} vs {e['build_unguarded_articles_per_s']:.1f} art/s "
                     f"({e['guarded_vs_unguarded']:.2f}).")
    s = figures.get("ingest", {})
    if "empty_articles_per_s" in s:
        lines.append(f"Ingest (store side, {s['articles']} articles): "
                     f"empty store {s['empty_articles_per_s']:.0f} art/s, "
                     f"store holding {s['largest_store_quads']:,} quads {s['full_articles_per_s']:.0f} art/s; "
                     f"{s['store_kb_per_article']:.0f} kB and {s['store_quads_per_article']:.0f} quads "
                     "per article stored.")
    c = figures.get("store", {})
    if "articles_per_s" in c:
        lines.append(f"Storing {c['articles']} distinct synthetic articles "
                     f"({c['quads_in_article_graphs']:,} quads in their graphs, {c['store_quads']:,} stored): "
                     f"{c['articles_per_s']:.0f} art/s, {c['kb_per_article']:.0f} kB per article on disk.")
    x = figures.get("export", {})
    for fmt in ("nquads", "turtle"):
        if fmt in x:
            lines.append(f"Export {fmt} of {x['quads']:,} quads: "
                         f"{x[fmt]['mb']:.0f} MB at {x[fmt]['mb_per_s']:.1f} MB/s, "
                         f"peak memory {x[fmt]['peak_rss_mb']:.0f} MB.")
    v = figures.get("validation", {})
    if "triples_per_s" in v:
        lines.append(f"SHACL validation: {v['triples']:,} triples at {v['triples_per_s']:,.0f} triples/s "
                     f"(conforms: {v['conforms']}).")
    c = figures.get("corpus", {})
    if "articles_per_s" in c:
        lines.append(f"Corpus (PolNeAR, {c['articles']} articles, {c['words']:,} words): "
                     f"{c['articles_per_s']:.1f} art/s; "
                     f"slowest article {c['slowest']} {c['slowest_s']:.2f} s (limit {c['limit_s']:g} s); "
                     f"{len(c['overruns'])} over the limit, {len(c['failed'])} refused in all.")
    elif "skipped" in c:
        lines.append(f"Corpus: skipped: {c['skipped']}")
    for name, section in figures.items():
        if isinstance(section, dict) and "error" in section:
            lines.append(f"{name}: FAILED: {section['error']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller data and shorter runs")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    steps_all = ["extraction", "query", "write", "ingest", "store", "export", "validation", "corpus"]
    parser.add_argument("--only", nargs="*", choices=steps_all)
    args = parser.parse_args()
    size = {k: v[0 if args.quick else 1] for k, v in SIZES.items()}
    figures: dict = {"machine": machine(), "quick": args.quick}
    wanted = set(args.only or steps_all)
    with tempfile.TemporaryDirectory(prefix="newskg-bench-") as tmp:
        root = Path(tmp)
        steps: dict[str, Callable[[], dict]] = {
            "extraction": lambda: bench_extraction.run(root / "extraction", size["extraction_articles"],
                                                       size["workers"]),
            "query": lambda: bench_query.run(root / "query", size["query_triples"], size["connections"],
                                             size["load_seconds"], size["rounds"]),
            "write": lambda: bench_query.write_mode(root / "write", size["query_triples"], size["connections"],
                                                    size["load_seconds"], size["rounds"]),
            "ingest": lambda: bench_store.ingest_flatness(root / "ingest", size["largest_triples"],
                                                          size["ingest_extracted"], size["ingest_copies"]),
            "store": lambda: bench_store.store_cost(root / "store", size["ingest_copies"]),
            "export": lambda: bench_store.export_speed(root / "export", size["export_triples"]),
            "validation": lambda: bench_store.validation_speed(size["validation_triples"]),
            "corpus": lambda: bench_corpus.run(root / "corpus", quick=args.quick),
        }
        for name, work in steps.items():
            if name in wanted:
                (root / name).mkdir()
                attempt(name, work, figures)
    figures["headline"] = headline(figures)
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
