"""The entity mentions of one article, findable by position.

Entity extraction fills it; event and statement extraction use it to turn a
token or a character span (an agent, a place, a speaker) into an entity key.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Span, Token


@dataclass(frozen=True)
class EntityMention:
    """One occurrence of a resolved entity: where it is, which entity, which class."""

    start: int
    end: int
    key: str
    cls: str


class MentionIndex:
    """Entity mentions sorted by start offset."""

    def __init__(self, mentions: list[EntityMention]) -> None:
        self._items = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self._items]
        self._longest = max((m.end - m.start for m in self._items), default=0)

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def within(self, start: int, end: int) -> list[EntityMention]:
        """Mentions that lie wholly inside [start, end)."""
        i = bisect_right(self._starts, start - 1)
        out = []
        while i < len(self._items) and self._items[i].start < end:
            m = self._items[i]
            if m.end <= end:
                out.append(m)
            i += 1
        return out

    def overlapping(self, start: int, end: int) -> list[EntityMention]:
        """Mentions that share at least one character with [start, end)."""
        # only a mention starting after start - longest can reach into the span (asked per token: no full scan)
        lo, hi = bisect_right(self._starts, start - self._longest), bisect_left(self._starts, end)
        return [m for m in self._items[lo:hi] if start < m.end]

    def at_token(self, token: Token) -> EntityMention | None:
        """The longest mention that contains the token, if any."""
        hits = self.overlapping(token.idx, token.idx + len(token.text))
        return max(hits, key=lambda m: m.end - m.start) if hits else None

    def in_span(self, span: Span) -> list[EntityMention]:
        """Mentions inside a spaCy span."""
        return self.within(span.start_char, span.end_char)
