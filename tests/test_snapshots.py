"""Snapshots of a store being written (``kg.store.snapshots``): readers see each published write; held ones stay."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.store.embedded import EmbeddedStore
from kg.store.snapshots import Follower, Publisher, discard, snapshots_folder

EX = "http://example.org/"


def add(db: EmbeddedStore, i: int) -> None:
    """A write as the server makes it: to a named graph, the default graph kept in step."""
    db.write_graph("POST", f"{EX}g", [ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)))])


def values(db: EmbeddedStore) -> set[str]:
    return {q.object.value for q in db.store.quads_for_pattern(None, None, None, ox.NamedNode(f"{EX}g"))}


def snapshots(location: Path) -> list[str]:
    return sorted(p.name for p in snapshots_folder(location).iterdir() if p.name.isdigit())


def test_readers_see_each_published_write_and_unheld_snapshots_go(tmp_path: Path) -> None:
    location = tmp_path / "store"
    writer = EmbeddedStore(location)
    add(writer, 0)
    publisher = Publisher(writer)
    follower, lagging = Follower(location), Follower(location)
    assert values(follower.store()) == values(lagging.store()) == {"0"}
    add(writer, 1)
    assert values(follower.store()) == {"0"}  # not published yet
    publisher.publish()
    assert values(follower.store()) == {"0", "1"}
    assert snapshots(location) == ["00000001", "00000002"]  # the lagging reader still holds the first
    add(writer, 2)
    publisher.publish()
    assert snapshots(location) == ["00000001", "00000002", "00000003"]  # each held by a reader
    assert values(follower.store()) == values(lagging.store()) == {"0", "1", "2"}
    add(writer, 3)
    publisher.publish()
    assert snapshots(location) == ["00000003", "00000004"]  # the first two are held by nobody any more
    follower.close()
    lagging.close()
    writer.close()
    discard(location)
    assert not snapshots_folder(location).exists()


def test_a_replacement_writer_numbers_on_and_readers_never_mistake_its_snapshots(tmp_path: Path) -> None:
    location = tmp_path / "store"
    writer = EmbeddedStore(location)
    add(writer, 0)
    Publisher(writer)
    reader = Follower(location)
    assert values(reader.store()) == {"0"}
    writer.close()  # killed, say; the reader keeps its snapshot
    writer = EmbeddedStore(location)
    add(writer, 1)
    Publisher(writer)
    assert snapshots(location) == ["00000001", "00000002"]
    assert values(reader.store()) == {"0", "1"}
    reader.close()
    writer.close()
