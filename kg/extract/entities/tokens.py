"""Character offset -> token lookups by bisection.

``Doc.char_span`` and ``Doc.text`` walk the whole doc on every call; the
entity rules ask such questions hundreds of times per article, so they share
one sorted list of token starts instead.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

from kg.nlp.doctext import doc_tokens


class TokenLocator:
    """Finds the tokens of a doc at character offsets."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._starts = [t.idx for t in doc_tokens(doc)]

    def at(self, char: int) -> Token | None:
        """The token holding ``char``."""
        i = bisect_right(self._starts, char) - 1
        return self.doc[i] if 0 <= i < len(self.doc) else None

    def after(self, char: int, n: int) -> list[Token]:
        """Up to ``n`` tokens starting at or after ``char``, skipping whitespace tokens."""
        i = bisect_left(self._starts, char)
        return [t for t in self.doc[i:i + n + 2] if not t.is_space][:n]

    def span(self, start: int, end: int) -> Span:
        """The tokens that overlap [start, end)."""
        i = max(bisect_right(self._starts, start) - 1, 0)
        j = bisect_left(self._starts, end)
        return self.doc[i:max(j, i + 1)]
