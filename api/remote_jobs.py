"""The store side of the API's jobs when the store is a SPARQL server (``kg.store.remote.RemoteStore``).

The web process has already guarded, negotiated and authorised each request
(``SERVICE``/``LOAD`` never get here, nor a write without the token), and
``api.worker`` turns what these functions give into HTTP answers, as for the
embedded store. What differs from the embedded store:

- **Syntax first, here.** A malformed operation gets the embedded store's 400 with
  line and column, and never reaches the server: pyoxigraph parses it against an
  empty in-memory store. For a query that costs its parsing and planning (solutions
  are computed lazily, and there is no data to compute them from); an update runs
  on the empty store, where its evaluation errors ("no such graph") are meaningless
  and ignored.
- **Graph Store writes are SPARQL Updates** (``RemoteStore.write_graph``), one request each,
  so the server applies each atomically, and servers without the Graph Store Protocol
  (Virtuoso's ``/sparql``) take them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pyoxigraph as ox

from api.jobs import QueryJob, UpdateJob
from kg.store.remote import RemoteStore
from kg.vocab import PREFIXES

_EMPTY = ox.Store()  # never written: queries are only parsed against it


@contextmanager
def evaluate(db: RemoteStore, job: QueryJob) -> Iterator[ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]]:
    """The server's answer to a query, read while it arrives; SyntaxError (with its position) when malformed."""
    _EMPTY.query(job.sparql, base_iri=job.base_iri, prefixes=PREFIXES)
    with db.stream_query(job.sparql, default_graphs=job.default_graphs or (),
                         named_graphs=job.named_graphs or (), base_iri=job.base_iri) as result:
        yield result


def update(db: RemoteStore, job: UpdateJob) -> None:
    """Send an update to the server once it parses; SyntaxError (with its position) when malformed."""
    with suppress(RuntimeError):
        ox.Store().update(job.sparql, base_iri=job.base_iri, prefixes=PREFIXES)
    db.update(job.sparql, base_iri=job.base_iri)
