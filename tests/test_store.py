"""The embedded store: one graph per article, idempotent puts, replacement, removal, locking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.store import PutOutcome, StoreError, open_store
from kg.vocab import DCT, NKG

BASE = "https://w3id.org/newskg/id/"


def article_graph(name: str, source: str, text: str) -> tuple[str, bytes]:
    iri = URIRef(f"{BASE}article/{name}")
    g = Graph()
    g.add((iri, RDF.type, NKG.Article))
    g.add((iri, NKG.text, Literal(text)))
    g.add((iri, DCT.identifier, Literal(name)))
    g.add((iri, DCT.source, Literal(source)))
    return str(iri), g.serialize(format="nt", encoding="utf-8")


def test_put_is_idempotent_and_lists_articles(tmp_path: Path) -> None:
    db = open_store(tmp_path / "s")
    iri, g = article_graph("aaaa1111", "a.txt", "One.")
    assert db.put_article(iri, g, "a.txt") is PutOutcome.ADDED
    assert db.put_article(iri, g, "a.txt") is PutOutcome.UNCHANGED
    assert [(a.iri, a.source) for a in db.articles()] == [(iri, "a.txt")]
    assert db.counts()["triples"] == 4


def test_new_content_from_the_same_source_replaces_the_old(tmp_path: Path) -> None:
    db = open_store(tmp_path / "s")
    old, g1 = article_graph("aaaa1111", "a.txt", "One.")
    new, g2 = article_graph("bbbb2222", "a.txt", "Two.")
    other, g3 = article_graph("cccc3333", "b.txt", "Three.")
    db.put_article(old, g1, "a.txt")
    db.put_article(other, g3, "b.txt")
    assert db.put_article(new, g2, "a.txt") is PutOutcome.REPLACED
    assert sorted(a.iri for a in db.articles()) == sorted([new, other])


def test_remove_by_source_iri_or_hash_prefix(tmp_path: Path) -> None:
    db = open_store(tmp_path / "s")
    for name, src in (("aaaa1111", "a.txt"), ("bbbb2222", "b.txt"), ("cccc3333", "c.txt")):
        db.put_article(*article_graph(name, src, name)[:2], src)
    assert [a.source for a in db.remove_article("a.txt")] == ["a.txt"]
    assert [a.source for a in db.remove_article(f"{BASE}article/bbbb2222")] == ["b.txt"]
    assert [a.source for a in db.remove_article("cccc3333")] == ["c.txt"]
    assert db.remove_article("cc") == []  # too short to be a hash prefix
    assert db.articles() == []


def test_union_query_sees_every_article(tmp_path: Path) -> None:
    db = open_store(tmp_path / "s")
    for name in ("aaaa1111", "bbbb2222"):
        db.put_article(*article_graph(name, f"{name}.txt", name)[:2], f"{name}.txt")
    rows = list(db.query("SELECT ?a WHERE { ?a a nkg:Article }"))
    assert len(rows) == 2


def test_second_writer_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "s"
    db = open_store(path)
    db.flush()
    code = f"from kg.store import open_store\nopen_store({str(path)!r})"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "StoreLocked" in proc.stderr and "in use by another newskg process" in proc.stderr


def test_reading_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="build one first"):
        open_store(tmp_path / "nothing", read_only=True)
