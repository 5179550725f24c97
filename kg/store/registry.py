"""Choose a store implementation from a location: a folder is the embedded store, a URL a SPARQL server."""

from __future__ import annotations

from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore


def open_store(location: str, *, read_only: bool = False) -> EmbeddedStore | RemoteStore:
    """Open the store at ``location``: an ``http(s)://`` SPARQL query URL, else a folder (created if missing).

    A remote store's update and Graph Store URLs and credentials come from ``NEWSKG_SPARQL_*``
    variables (see :mod:`kg.store.remote`).
    """
    location = str(location)
    if location.startswith(("http://", "https://")):
        return RemoteStore(location, read_only=read_only)
    return EmbeddedStore(location, read_only=read_only)
