"""Processes sharing one store: ``serve`` next to ``build``, two ``build``s, readers next to ``serve``.

Either both work or the second gets a clear message; never a corrupt store,
never a hang (every wait below is bounded).
"""

from __future__ import annotations

import fcntl
import subprocess
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.store.embedded import LOCK_FILE
from tests.articles import write_corpus
from tests.conftest import CLI, ROOT
from tests.servers import ServeProcess

LOCKED = "in use by another newskg process"
ARTICLES = 30


def newskg(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def start_build(corpus: Path, store: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "build", str(corpus), "--store", str(store)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def writer_holds(store: Path, timeout: float = 60) -> bool:
    """Wait until some process holds the store's lock exclusively (a build has opened it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (store / LOCK_FILE).exists():
            with open(store / LOCK_FILE, "a+b") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    fcntl.flock(handle, fcntl.LOCK_UN)
                except BlockingIOError:
                    return True
        time.sleep(0.05)
    return False


def article_sources(store: Path) -> list[str]:
    """Sources of the stored articles, read by a fresh process (the store must open and be whole)."""
    done = newskg("query", "--store", str(store), "--format", "csv",
                  "SELECT ?src WHERE { GRAPH ?a { ?a <http://purl.org/dc/terms/source> ?src } } ORDER BY ?src")
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines()[1:] if line.strip()]


def sorted_nquads(store: Path) -> list[str]:
    db = ox.Store.read_only(str(store))
    try:
        return sorted(str(q) for q in db)
    finally:
        del db


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("concurrency-corpus"), ARTICLES)


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Sorted N-Quads of the corpus built alone."""
    store = tmp_path_factory.mktemp("concurrency-clean") / "store"
    done = newskg("build", str(corpus), "--store", str(store))
    assert done.returncode == 0, done.stderr
    return sorted_nquads(store)


def test_build_on_a_served_store_is_refused_clearly_and_the_server_keeps_answering(
        corpus: Path, clean: list[str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert newskg("build", str(corpus), "--store", str(store)).returncode == 0
    with ServeProcess(store) as server:
        before = httpx.get(f"{server.url}/healthz", timeout=30).json()
        extra = write_corpus(tmp_path / "more", ARTICLES + 5)
        started = time.monotonic()
        build = newskg("build", str(extra), "--store", str(store), timeout=120)
        assert build.returncode != 0 and LOCKED in build.stderr, build.stderr[-2000:]
        assert time.monotonic() - started < 60  # refused at once, not after waiting for the server
        assert server.alive()
        assert httpx.get(f"{server.url}/healthz", timeout=30).json() == before
        # Readers share the store: an export next to the server works.
        exported = newskg("export", "--store", str(store), "--format", "nquads", "-o", str(tmp_path / "g.nq"))
        assert exported.returncode == 0, exported.stderr
    assert sorted_nquads(store) == clean  # nothing half-written by the refused build


def test_serve_on_a_store_being_built_is_refused_clearly_and_the_build_completes(
        corpus: Path, clean: list[str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    build = start_build(corpus, store)
    try:
        assert writer_holds(store), "the build never opened the store"
        server = ServeProcess(store)
        started = time.monotonic()
        with pytest.raises(RuntimeError) as refused:
            server.start(timeout=90)
        assert LOCKED in str(refused.value), str(refused.value)[-2000:]
        assert time.monotonic() - started < 90
        _out, err = build.communicate(timeout=300)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait(30)
    assert build.returncode == 0, err[-2000:]
    assert sorted_nquads(store) == clean


def test_a_second_build_on_the_same_store_is_refused_clearly_and_the_first_completes(
        corpus: Path, clean: list[str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = start_build(corpus, store)
    try:
        assert writer_holds(store), "the first build never opened the store"
        second = newskg("build", str(corpus), "--store", str(store), timeout=120)
        assert second.returncode != 0 and LOCKED in second.stderr, second.stderr[-2000:]
        _out, err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(30)
    assert first.returncode == 0, err[-2000:]
    assert len(article_sources(store)) == ARTICLES
    assert sorted_nquads(store) == clean
