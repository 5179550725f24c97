"""Hostile input files: each bad item is reported by name with a reason; good items still land."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from kg.cli import app
from tests.articles import article, write_corpus

runner = CliRunner()


def store_quads(store: Path) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(store))}


def sources(store: Path) -> set[str]:
    db = ox.Store.read_only(str(store))
    q = "SELECT ?s WHERE { GRAPH ?g { ?a <http://purl.org/dc/terms/source> ?s } }"
    return {Path(row["s"].value).name.split(":")[0] for row in db.query(q)}


def test_hostile_files_are_reported_and_good_ones_ingested(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = write_corpus(tmp_path / "first", 2)
    assert runner.invoke(app, ["build", str(first), "--store", str(store)]).exit_code == 0
    before = store_quads(store)

    bad = tmp_path / "incoming"
    bad.mkdir()
    (bad / "random.txt").write_bytes(os.urandom(4096))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "nuls.txt").write_bytes(b"\x00" * 1024)
    (bad / "huge.txt").write_text(article(7) * (20 * 1024 * 1024 // len(article(7)) + 1), encoding="utf-8")
    (bad / "legacy.txt").write_bytes(article(11).replace("advance", "avancé").encode("cp1252"))
    (bad / "controls.txt").write_text("\u202eRTL override\u202c and \x07bell\x1b[0m " + article(12), encoding="utf-8")
    lines = [json.dumps({"title": "Shelling near Hama", "text": article(13), "date": "2019-03-02"}), "{oops",
             json.dumps({"title": "Talks in Geneva", "text": article(14), "date": "2019-03-03"})]
    (bad / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")

    result = runner.invoke(app, ["build", str(bad), "--store", str(store)])
    out = result.output
    assert result.exit_code == 1, out  # some items failed; the others are stored
    for name, reason in (("random.txt", "not text"), ("empty.txt", "empty"), ("nuls.txt", "binary"),
                         ("huge.txt", "too long"), ("feed.jsonl:2", "invalid JSON")):
        line = next((ln for ln in out.splitlines() if name in ln), "")
        assert reason in line, f"{name} not reported with '{reason}':\n{out}"
    assert "4 added" in out and "5 failed" in out

    after = store_quads(store)
    assert before <= after, "earlier articles changed"
    assert {"legacy.txt", "controls.txt", "feed.jsonl"} <= sources(store)
    texts = [q.object.value for q in ox.Store.read_only(str(store)).quads_for_pattern(
        None, ox.NamedNode("https://w3id.org/newskg/ontology#text"), None)]
    assert any("avancé" in t for t in texts), "cp1252 text was not decoded"
    assert not any("\u202e" in t or "\x07" in t for t in texts), "control characters reached the graph"
