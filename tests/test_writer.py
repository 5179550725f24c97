"""Background article writes: in order, each outcome once, nothing written after a failure."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kg.store import PutOutcome, open_store
from kg.store.writer import ArticleWriter
from tests.test_store import article_graph


class _Recorder:
    """A store stand-in that records the order of its calls and fails on one source."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[str] = []
        self.threads: set[str] = set()
        self.fail_on = fail_on

    def put_article(self, iri: str, ntriples: bytes, source: str) -> PutOutcome:
        self.threads.add(threading.current_thread().name)
        if source == self.fail_on:
            raise OSError(f"disk full at {source}")
        self.calls.append(source)
        return PutOutcome.ADDED

    def flush(self) -> None:
        self.calls.append("flush")


@pytest.mark.parametrize("background", [True, False])
def test_writes_happen_in_order_and_report_each_outcome_once(background: bool) -> None:
    store = _Recorder()
    with ArticleWriter(store, background=background, depth=2) as writer:
        done = []
        for i in range(10):
            writer.submit(i, f"iri{i}", b"", f"s{i}")
            done += [key for key, _ in writer.finished()]
        writer.flush_early()
        done += [key for key, _ in writer.finished(wait=True)]
    assert done == list(range(10))
    assert store.calls == [f"s{i}" for i in range(10)] + (["flush"] if background else [])
    assert (store.threads != {threading.current_thread().name}) is background


def test_no_write_starts_after_a_failed_one() -> None:
    store = _Recorder(fail_on="s3")
    with pytest.raises(OSError, match="disk full at s3"), ArticleWriter(store, background=True) as writer:
        for i in range(8):
            writer.submit(i, f"iri{i}", b"", f"s{i}")
        writer.flush_early()
        list(writer.finished(wait=True))
    assert store.calls == ["s0", "s1", "s2"]


def test_background_writes_reach_the_embedded_store(tmp_path: Path) -> None:
    db = open_store(tmp_path / "s")
    graphs = [article_graph(f"aaaa{i:04d}", f"{i}.txt", f"Text {i}.") for i in range(5)]
    with ArticleWriter(db, background=True) as writer:
        for i, (iri, g) in enumerate(graphs):
            writer.submit(i, iri, g, f"{i}.txt")
        assert [outcome for _, outcome in writer.finished(wait=True)] == [PutOutcome.ADDED] * 5
    assert sorted(a.iri for a in db.articles()) == sorted(iri for iri, _ in graphs)
    db.close()
