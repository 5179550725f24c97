"""Choose a store implementation from a location: a folder is the embedded store."""

from __future__ import annotations

from kg.store.embedded import EmbeddedStore


def open_store(location: str, *, read_only: bool = False) -> EmbeddedStore:
    """Open the store at ``location`` (a folder, created if missing)."""
    return EmbeddedStore(location, read_only=read_only)
