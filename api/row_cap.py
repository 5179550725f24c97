"""The row cap (``max_rows``) of SELECT answers, as a rewrite of the query's top-level ``LIMIT``.

Why: pyoxigraph serialises a whole answer natively, with no Python per row, but it
serialises all of it; a ``LIMIT`` makes the engine itself stop. So a SELECT query is
evaluated with its top-level ``LIMIT`` lowered to ``max_rows + 1`` (added when it has
none); an answer holding that extra row had more than ``max_rows`` rows, and the query
is evaluated again with ``LIMIT max_rows`` for the answer sent (rare: only huge answers
get there). A query whose own ``LIMIT`` is at most ``max_rows`` runs as sent.

``find`` works on the guard's tokens (``api.guard``), so the web process scans a query
once: the top-level ``LIMIT`` and ``VALUES`` are the only ones outside brackets, and
appending a ``LIMIT`` or replacing its number moves nothing before it, so error
positions in what the client sent hold. A ``RowCap`` is only where the edit goes (a
huge query is not copied into the caches that keep it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.store.sparql_text import Token

_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_INTEGER = re.compile(r"\d+")


@dataclass(frozen=True)
class RowCap:
    """Where a SELECT query gets its LIMIT: ``text[start:end]`` becomes ``clause`` with the number of rows."""

    start: int
    end: int
    clause: str  # "{}" stands for the number of rows

    def limited(self, text: str, rows: int) -> str:
        """The query ``text`` with at most ``rows`` rows."""
        return text[:self.start] + self.clause.format(rows) + text[self.end:]


def find(text: str, toks: list[Token], max_rows: int) -> RowCap | None:
    """Where the query ``text`` (scanned into ``toks``) takes the cap; None when it runs as sent.

    That is, when it is no SELECT, or its own top-level LIMIT is at most ``max_rows``
    (or is malformed: the engine then says so).
    """
    depth, form, limit, values = 0, None, None, None
    for i, tok in enumerate(toks):
        if tok.kind == "other":
            depth += (tok.text in "{([") - (tok.text in "})]")
        elif depth == 0 and tok.keyword is not None:
            if form is None and tok.keyword in _FORMS:
                form = tok.keyword
            elif form is not None and tok.keyword == "LIMIT" and i + 1 < len(toks):
                limit = toks[i + 1]
            elif form is not None and tok.keyword == "VALUES":
                values = tok
    if form != "SELECT":
        return None
    if limit is not None:
        number = _INTEGER.match(text, limit.start)
        if number is None or int(number.group()) <= max_rows:
            return None
        return RowCap(number.start(), number.end(), "{}")
    if values is not None:
        return RowCap(values.start, values.start, "LIMIT {}\n")
    return RowCap(len(text), len(text), "\nLIMIT {}\n")
