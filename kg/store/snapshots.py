"""Snapshots of an embedded store being written, so that other processes can read it meanwhile.

Why: RocksDB lets one process open a store read-write, and a read-only handle next
to that writer is undefined behaviour. A checkpoint (pyoxigraph's ``Store.backup``)
is a consistent copy of the store as it is at that moment, made of hard links to its
immutable files, so it costs tens of milliseconds and little disk, and any number of
processes may open it read-only while the writer goes on.

- The writer (:class:`Publisher`) checkpoints the store after each write it commits, into
  ``SNAPSHOTS/<number>`` inside the store folder, and points the ``current`` link at it.
  It does so before answering the write, so a read sent after that answer sees the write.
- A reader (:class:`Follower`) keeps the current snapshot open read-only and reopens when
  the link points elsewhere; it checks the link (one ``readlink``) before each read.
- A reader holds its snapshot's shared advisory lock (``EmbeddedStore``'s); the writer
  deletes an older snapshot only when it can take that lock exclusively, i.e. when no
  reader has it open. A killed reader's lock goes with its process.

Snapshot names are never reused (a replacement writer numbers on from the last one), so a
reader never mistakes a new snapshot for the one it has open. The server ``discard``s
them when it stops.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from kg.store.base import StoreError
from kg.store.embedded import LOCK_FILE, EmbeddedStore

SNAPSHOTS = "newskg-snapshots"
_CURRENT = "current"
_OPEN_ATTEMPTS = 5  # a reader racing the writer's clean-up tries the newer snapshot


def snapshots_folder(location: str | Path) -> Path:
    """Where the snapshots of the store at ``location`` live (inside it: same file system, for hard links)."""
    return Path(location) / SNAPSHOTS


class Publisher:
    """The writer's side: checkpoint the store after each committed write and drop unused checkpoints."""

    def __init__(self, db: EmbeddedStore) -> None:
        self.db = db
        self.folder = snapshots_folder(db.location)
        self.folder.mkdir(exist_ok=True)
        self._number = max((int(p.name) for p in self.folder.iterdir() if p.name.isdigit()), default=0)
        self.publish()

    def publish(self) -> None:
        """Make the store as it is now the one readers open next."""
        self._number += 1
        name = f"{self._number:08d}"
        self.db.store.backup(self.folder / name)
        link = self.folder / f".{_CURRENT}-{name}"
        link.unlink(missing_ok=True)  # left by a writer killed between these two lines
        link.symlink_to(name)
        os.replace(link, self.folder / _CURRENT)
        _collect(self.folder, keep=name)


def _collect(folder: Path, keep: str | None) -> None:
    """Delete the snapshots in ``folder`` that no reader holds, except ``keep``."""
    for path in folder.iterdir():
        if path.name == keep or not path.name.isdigit():
            continue
        with open(path / LOCK_FILE, "a+b") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a reader has it open; collected after it moves on
            shutil.rmtree(path, ignore_errors=True)


def discard(location: str | Path) -> None:
    """Delete the snapshots of the store at ``location`` that no reader holds, and their folder when that was all."""
    folder = snapshots_folder(location)
    if not folder.is_dir():
        return
    _collect(folder, keep=None)
    if not any(p.name.isdigit() for p in folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)


class Follower:
    """A reader's side: the current snapshot, open read-only, reopened when a newer one is published."""

    def __init__(self, location: str | Path) -> None:
        self.folder = snapshots_folder(location)
        self._name: str | None = None
        self._db: EmbeddedStore | None = None

    def store(self) -> EmbeddedStore:
        """The newest published snapshot; StoreError when none can be opened."""
        for _ in range(_OPEN_ATTEMPTS):
            try:
                name = os.readlink(self.folder / _CURRENT)
            except OSError as exc:
                raise StoreError(f"no snapshot of the store has been published in {self.folder}") from exc
            if name == self._name and self._db is not None:
                return self._db
            try:
                db = EmbeddedStore(self.folder / name, read_only=True)
            except StoreError:
                continue  # collected between reading the link and opening it: a newer one is current
            self.close()
            self._name, self._db = name, db
            return db
        raise StoreError(f"could not open a snapshot of the store in {self.folder}")

    def close(self) -> None:
        """Close the open snapshot, releasing it to the writer's clean-up."""
        if self._db is not None:
            self._db.close()
            self._db, self._name = None, None
