"""The row cap (``max_rows``) of SELECT answers, as a rewrite of the query's top-level ``LIMIT``.

Why: pyoxigraph serialises a whole answer natively, with no Python per row, but it
serialises all of it; a ``LIMIT`` makes the engine itself stop. So a SELECT query is
evaluated with its top-level ``LIMIT`` lowered to ``max_rows + 1`` (added when it has
none); an answer holding that extra row had more than ``max_rows`` rows, and the query
is evaluated again with ``LIMIT max_rows`` for the answer sent (rare: only huge answers
get there). A query whose own ``LIMIT`` is at most ``max_rows`` runs as sent.

The rewrite works on the guard's tokens (``api.guard``): the top-level ``LIMIT`` and
``VALUES`` are the only ones outside brackets, and appending a ``LIMIT`` or replacing
its number moves nothing before it, so error positions in what the client sent hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from api import guard

_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_INTEGER = re.compile(r"\d+")


@dataclass(frozen=True)
class CappedQuery:
    """What to evaluate for a query under the row cap."""

    first: str  # evaluated first: the query, its LIMIT at most max_rows + 1 when it is a SELECT
    at_cap: str | None  # with LIMIT max_rows: evaluated when the first answer overflows; None when it cannot


@lru_cache(maxsize=1024)
def capped(text: str, max_rows: int) -> CappedQuery:
    """The query ``text`` under a cap of ``max_rows`` rows (cached: clients repeat queries)."""
    depth, form, limit, values = 0, None, None, None
    toks = guard.tokens(text)
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
        return CappedQuery(text, None)
    number = _INTEGER.match(text, limit.start) if limit is not None else None
    if limit is not None and number is None:
        return CappedQuery(text, None)  # malformed: the engine says so
    if number is not None and int(number.group()) <= max_rows:
        return CappedQuery(text, None)
    return CappedQuery(_with_limit(text, number, values, max_rows + 1), _with_limit(text, number, values, max_rows))


def _with_limit(text: str, number: re.Match | None, values: guard.Token | None, rows: int) -> str:
    if number is not None:
        return f"{text[:number.start()]}{rows}{text[number.end():]}"
    if values is not None:
        return f"{text[:values.start]}LIMIT {rows}\n{text[values.start:]}"
    return f"{text}\nLIMIT {rows}\n"
