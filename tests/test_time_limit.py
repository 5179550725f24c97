"""No article can stall a build: each is extracted within ``extraction_timeout``, in a process killed on overrun.

The article made to overrun carries the marker of the settings' test hook
(``test_hook_stall_marker``), which makes its extraction spin, burning CPU as a
runaway rule would, until the limit stops it: a deterministic overrun whatever the
machine's speed or load. It is refused by name with the reason, nothing of it is
stored, every other article is, and no extraction process outlives the build. One
test uses a genuinely slow input instead, a news article repeated to 400,000
characters. The Dask path is tested in ``tests/test_dask.py``, ``POST /articles``
in ``tests/test_api_articles.py``.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import deque
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest

from kg.guard import Supervisor
from kg.ingest import ArticleProcessor, Built, Processed
from kg.reading import ArticleError, read_sources
from kg.reading.layouts import article_from_text
from kg.settings import Settings
from tests.conftest import CLI, ROOT, SEEDS, publisher_required_shapes

LIMIT = "5"  # far above what a test article takes, even on a loaded machine
STALL = "[stall-for-the-time-limit-tests]"
MARK = "NEWSKG_TEST_GUARD_MARK"  # set in the environment every extraction process of a test inherits
pytestmark = pytest.mark.timeout(300)


@pytest.fixture(autouse=True)
def marked(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    monkeypatch.setenv(MARK, request.node.nodeid)
    monkeypatch.setenv("NEWSKG_TEST_HOOK_STALL_MARKER", STALL)


def long_article() -> str:
    """400,000 characters of real news text."""
    return (SEEDS / "000_2d998bc60a2f15b0.txt").read_text(encoding="utf-8") * 140


def stalling_article() -> str:
    """A news article that the test hook makes overrun any limit."""
    return (SEEDS / "003_ab6c89573344ad41.txt").read_text(encoding="utf-8") + f"\n{STALL}\n"


def guard_processes(*modules: str) -> list[psutil.Process]:
    """Processes of ``modules`` (default: extraction and parse-ahead processes) started by this test, even those
    left orphaned."""
    wanted = {("-m", module) for module in modules or ("kg.guard.extractor", "kg.guard.parser")}
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if tuple((proc.info["cmdline"] or [])[1:3]) in wanted and proc.environ().get(MARK) == os.environ[MARK]:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def extractors() -> list[psutil.Process]:
    return guard_processes("kg.guard.extractor")


def wait_until_ready(guard: Supervisor) -> None:
    """Until every extraction process has loaded the model (and started its parse-ahead process)."""
    deadline = time.monotonic() + 120
    while not all(child.ready for child in guard._children) and time.monotonic() < deadline:
        guard._receive(deque(), {}, 0.5)  # read their "ready"


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """The seeds, the held-out articles and, in their midst, one article that overruns."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for article in [*SEEDS.iterdir(), *(ROOT / "eval/heldout/articles").iterdir()]:
        (folder / article.name).write_bytes(article.read_bytes())
    (folder / "h03z_stalls.txt").write_text(stalling_article(), encoding="utf-8")
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
    refused = [line for line in done.stderr.splitlines() if "h03z_stalls.txt" in line]
    assert len(refused) == 1 and "stopped after 5 s, the per-article time limit" in refused[0], done.stderr
    others = {p.name for p in batch.iterdir()} - {"h03z_stalls.txt"}
    assert f"{len(others)} added" in done.stderr and "1 failed" in done.stderr, done.stderr
    stored = stored_sources(store)  # a JSON record's source is its URL, not its file name
    assert len(stored) == len(others) and "h03z_stalls.txt" not in stored, stored
    assert guard_processes() == []


def test_the_limit_comes_from_the_environment_too(batch: Path, tmp_path: Path) -> None:
    done = subprocess.run([*CLI, "build", str(batch / "h03z_stalls.txt"), "--store", str(tmp_path / "s")],
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
    items = [*articles[:3], article_from_text(stalling_article(), "stalls.txt"), *articles[3:]]
    with Supervisor(Settings(extraction_timeout=5.0), processes=2) as guard:
        outcomes = list(guard(items))
        again = list(guard(articles[:2]))  # the replacement serves later calls
    sources = [o.source if isinstance(o, ArticleError) else o.article.source for o in outcomes]
    assert sources == [a.source for a in items]
    failed = [o for o in outcomes if isinstance(o, ArticleError)]
    assert [f.source for f in failed] == ["stalls.txt"] and "per-article time limit" in failed[0].reason
    assert [o.article.source for o in again] == [a.source for a in articles[:2]]
    assert guard_processes() == []


def test_fewer_articles_than_a_batch_are_shared_between_the_processes() -> None:
    """Eight articles and two processes: both parse, rather than one taking the whole batch."""
    articles = list(read_sources([str(ROOT / "eval/heldout/articles")]))[:8]
    with Supervisor(Settings(extraction_timeout=60.0), processes=2) as guard:
        guard.start()
        children = extractors()
        assert len(children) == 2
        wait_until_ready(guard)
        before = [sum(child.cpu_times()[:2]) for child in children]
        outcomes = list(guard(articles))
        spent = [sum(child.cpu_times()[:2]) - was for child, was in zip(children, before, strict=True)]
    assert [o.article.source for o in outcomes] == [a.source for a in articles]
    assert min(spent) > 0.25 * max(spent), spent


def test_a_crashed_extraction_process_fails_its_article_only() -> None:
    """A process killed from outside (as the kernel's OOM killer does) is replaced; only its article fails."""
    first, last = read_sources([str(SEEDS)])
    with Supervisor(Settings(extraction_timeout=120.0)) as guard:
        outcomes = guard([first, article_from_text(stalling_article(), "victim.txt"), last])
        assert next(outcomes).article.source == first.source  # the child now spins on the victim
        (child,) = extractors()
        child.kill()
        victim, after = list(outcomes)
    assert isinstance(victim, ArticleError) and victim.source == "victim.txt" and "died" in victim.reason, victim
    assert after.article.source == last.source


def test_a_genuinely_long_article_overruns_and_its_process_is_killed() -> None:
    """No hook: 400,000 characters take far longer than 3 s to parse on any machine."""
    with Supervisor(Settings(extraction_timeout=3.0, test_hook_stall_marker="")) as guard:
        (outcome,) = guard([article_from_text(long_article(), "very-long.txt")])
        assert isinstance(outcome, ArticleError) and "stopped after 3 s" in outcome.reason, outcome
        wait_until_ready(guard)
        assert len(extractors()) == 1  # the killed one is gone; a fresh one waits for articles
        assert len(guard_processes("kg.guard.parser")) == guard.ahead  # with its parse-ahead process, if any
    assert guard_processes() == []


def test_the_supervising_process_validates_what_its_processes_build(tmp_path: Path) -> None:
    """Graphs come back from the extraction process unvalidated; the supervisor checks them with its shapes."""
    shapes = publisher_required_shapes(tmp_path)
    articles = list(read_sources([str(SEEDS)]))
    with Supervisor(Settings(extraction_timeout=60.0, shapes=shapes)) as guard:
        outcomes = list(guard(articles))
    assert [type(o) for o in outcomes] == [Processed] * len(articles)
    assert all(not o.conforms and "an article needs a publisher" in o.problems for o in outcomes)


def test_a_graph_that_cannot_be_validated_fails_its_article_only() -> None:
    (article, *_) = read_sources([str(SEEDS)])
    processor = ArticleProcessor(Settings())
    outcome = processor.check(Built(article, processor.iri(article), b"<urn:x:a> <urn:x:p> .\n", 1))
    assert isinstance(outcome, ArticleError) and outcome.source == article.source, outcome
    assert outcome.reason.startswith("validation failed: ")


@pytest.mark.parametrize("ahead", [True, False], ids=["parsed-ahead", "parsed-in-the-extraction-process"])
def test_every_way_of_extracting_gives_the_same_graphs(ahead: bool) -> None:
    """Docs parsed in a parse-ahead process and sent over give the graphs docs parsed in place give."""
    articles = list(read_sources([str(SEEDS), str(ROOT / "eval/heldout/articles")]))
    with Supervisor(Settings(extraction_timeout=60.0), ahead=ahead) as guard:
        outcomes = list(guard(articles))
        assert len(guard_processes("kg.guard.parser")) == ahead
    here = list(ArticleProcessor(Settings()).process(articles))
    triples = [sorted(o.ntriples.splitlines()) for o in outcomes]  # in the order of each process's hash seed
    assert triples == [sorted(o.ntriples.splitlines()) for o in here]


def test_a_crashed_parse_ahead_process_fails_its_article_only() -> None:
    """The parse-ahead process killed mid-parse takes its extraction process with it; the next article is stored."""
    (first, *_) = read_sources([str(SEEDS)])
    with Supervisor(Settings(extraction_timeout=120.0, test_hook_stall_marker=""), ahead=True) as guard:
        assert [o.article.source for o in guard([first])] == [first.source]
        (parser,) = guard_processes("kg.guard.parser")
        idle = sum(parser.cpu_times()[:2])
        outcomes: list = []
        consumer = threading.Thread(target=lambda: outcomes.extend(guard([article_from_text(long_article(), "long.txt")])))
        consumer.start()
        deadline = time.monotonic() + 60
        while sum(parser.cpu_times()[:2]) < idle + 1.0 and time.monotonic() < deadline:
            time.sleep(0.1)  # until it is well into the parse
        parser.kill()
        consumer.join(120)
        (victim,) = outcomes
        after = list(guard([first]))
    assert isinstance(victim, ArticleError) and victim.source == "long.txt" and "died" in victim.reason, victim
    assert [o.article.source for o in after] == [first.source]
    assert guard_processes() == []
