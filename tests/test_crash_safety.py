"""A build killed with SIGKILL leaves a usable store, and re-running completes it exactly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.articles import write_corpus

NEWSKG = [sys.executable, "-c", "from kg.cli import app; app()"]


def build(corpus: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen([*NEWSKG, "build", str(corpus), "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def graphs(store: Path) -> dict[str, set[str]]:
    """Every named graph of the store as a set of N-Quads lines."""
    out: dict[str, set[str]] = defaultdict(set)
    db = ox.Store.read_only(str(store))
    for q in db:
        out[str(q.graph_name)].add(str(q))
    return out


def nquads(store: Path) -> list[str]:
    return sorted(line for g in graphs(store).values() for line in g)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), 40)


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory) -> dict[str, set[str]]:
    store = tmp_path_factory.mktemp("clean") / "store"
    proc = build(corpus, store)
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    return graphs(store)


def test_clean_build_holds_every_article(clean: dict[str, set[str]]) -> None:
    articles = [g for g in clean if "/article/" in g]
    assert len(articles) == 40


@pytest.mark.parametrize("delay", [0.5, 3.0, 4.5, 6.0])
def test_sigkill_then_rerun_equals_a_clean_build(corpus: Path, clean: dict[str, set[str]], tmp_path: Path,
                                                 delay: float) -> None:
    store = tmp_path / "store"
    proc = build(corpus, store)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    try:
        after_kill = graphs(store)
    except (OSError, RuntimeError):  # killed while the store was being created: not yet readable, nothing in it
        after_kill = {}
    # Every article graph present after the kill is whole: exactly its clean-build content.
    for name, quads in after_kill.items():
        if "/article/" in name:
            assert quads == clean[name], f"partial article graph {name} after SIGKILL at {delay}s"
    rerun = build(corpus, store)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read().decode()
    assert nquads(store) == sorted(line for g in clean.values() for line in g)
