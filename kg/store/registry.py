"""Choose a store implementation from a location: a folder is the embedded store, a URL a SPARQL server."""

from __future__ import annotations

from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore


def open_store(location: str, *, read_only: bool = False,
               settings: Settings | None = None) -> EmbeddedStore | RemoteStore:
    """Open the store at ``location``: an ``http(s)://`` SPARQL query URL, else a folder (created if missing).

    A remote store's update and Graph Store URLs, credentials and timeouts come from ``settings``
    (default: the ``NEWSKG_*`` variables; see :mod:`kg.store.remote`).
    """
    location = str(location)
    if location.startswith(("http://", "https://")):
        return RemoteStore(location, read_only=read_only, settings=settings)
    return EmbeddedStore(location, read_only=read_only)
