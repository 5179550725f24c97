"""No article can stall a build: each is extracted within ``extraction_timeout``, in a process killed on overrun.

The article made to overrun is a real input, not a hook: a news article repeated to
400,000 characters (the reader takes up to 1,000,000), which takes tens of seconds
to parse and extract on any machine. With a 3 s limit it is refused by name with the
reason, nothing of it is stored, every other article is, and no extraction process
outlives the build. The Dask path is tested in ``tests/test_dask.py``, ``POST /articles``
in ``tests/test_api_articles.py``.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest

from kg.guard import Supervisor
from kg.reading import ArticleError, read_sources
from kg.reading.layouts import article_from_text
from kg.settings import Settings
from tests.conftest import CLI, ROOT, SEEDS

LIMIT = "3"
pytestmark = pytest.mark.timeout(300)


def long_article() -> str:
    """400,000 characters of real news text."""
    return (SEEDS / "000_2d998bc60a2f15b0.txt").read_text(encoding="utf-8") * 140


def guard_processes() -> list[psutil.Process]:
    """Extraction processes (``python -m kg.guard``) started from this Python."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if cmd[1:3] == ["-m", "kg.guard"] and Path(cmd[0]).resolve() == Path(CLI[0]).resolve():
            found.append(proc)
    return found


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """The seeds, the held-out articles and, in their midst, one article that overruns."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for article in [*SEEDS.iterdir(), *(ROOT / "eval/heldout/articles").iterdir()]:
        (folder / article.name).write_bytes(article.read_bytes())
    (folder / "h03z_very_long.txt").write_text(long_article(), encoding="utf-8")
    return folder


def stored_sources(store: Path) -> set[str]:
    db = ox.Store.read_only(str(store))
    return {Path(r["s"].value).name for r in db.query(
        "SELECT ?s WHERE { GRAPH ?g { ?a <http://purl.org/dc/terms/source> ?s } }")}


@pytest.mark.parametrize("options", [[], ["--workers", "2"]], ids=["one-process", "workers"])
def test_an_overrunning_article_is_refused_and_the_others_stored(batch: Path, tmp_path: Path, options) -> None:
    store = tmp_path / "store"
    done = subprocess.run([*CLI, "build", str(batch), "--store", str(store), "--extraction-timeout", LIMIT, *options],
                          capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert done.returncode == 1, done.stderr[-3000:]
    refused = [line for line in done.stderr.splitlines() if "h03z_very_long.txt" in line]
    assert len(refused) == 1 and "stopped after 3 s, the per-article time limit" in refused[0], done.stderr
    assert "8 added" in done.stderr and "1 failed" in done.stderr, done.stderr
    stored = stored_sources(store)
    assert len(stored) == 8 and "h03z_very_long.txt" not in stored, stored
    assert guard_processes() == []


def test_the_limit_comes_from_the_environment_too(batch: Path, tmp_path: Path) -> None:
    done = subprocess.run([*CLI, "build", str(batch / "h03z_very_long.txt"), "--store", str(tmp_path / "s")],
                          capture_output=True, text=True, cwd=ROOT, timeout=240,
                          env={**os.environ, "NEWSKG_EXTRACTION_TIMEOUT": "2.5"})
    assert done.returncode == 1 and "stopped after 2.5 s" in done.stderr, done.stderr


def test_build_help_shows_the_limit() -> None:
    done = subprocess.run([*CLI, "build", "--help"], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "200"})
    assert "--extraction-timeout" in done.stdout and "NEWSKG_EXTRACTION_TIMEOUT" in done.stdout


def test_build_refuses_to_start_without_a_model(tmp_path: Path) -> None:
    done = subprocess.run([*CLI, "build", str(SEEDS), "--store", str(tmp_path / "s")], capture_output=True, text=True,
                          cwd=ROOT, timeout=240, env={**os.environ, "NEWSKG_SPACY_MODEL": "no_such_pipeline"})
    assert done.returncode == 2 and "cannot extract articles" in done.stderr, done.stderr
    assert guard_processes() == []


def test_outcomes_keep_input_order_across_processes_and_a_replaced_one() -> None:
    articles = list(read_sources([str(SEEDS), str(ROOT / "eval/heldout/articles")]))
    items = [*articles[:3], article_from_text(long_article(), "very-long.txt"), *articles[3:]]
    with Supervisor(Settings(extraction_timeout=3.0), processes=2) as guard:
        outcomes = list(guard(items))
        again = list(guard(articles[:2]))  # the replacement serves later calls
    sources = [o.source if isinstance(o, ArticleError) else o.article.source for o in outcomes]
    assert sources == [a.source for a in items]
    failed = [o for o in outcomes if isinstance(o, ArticleError)]
    assert [f.source for f in failed] == ["very-long.txt"] and "per-article time limit" in failed[0].reason
    assert [o.article.source for o in again] == [a.source for a in articles[:2]]
    assert guard_processes() == []


def test_a_crashed_extraction_process_fails_its_article_only() -> None:
    """A process killed from outside (as the kernel's OOM killer does) is replaced; only its article fails."""
    first, last = read_sources([str(SEEDS)])
    with Supervisor(Settings(extraction_timeout=120.0)) as guard:
        outcomes = guard([first, article_from_text(long_article(), "victim.txt"), last])
        assert next(outcomes).article.source == first.source  # the child now holds the long article
        (child,) = guard_processes()
        child.kill()
        victim, after = list(outcomes)
    assert isinstance(victim, ArticleError) and victim.source == "victim.txt" and "died" in victim.reason, victim
    assert after.article.source == last.source
