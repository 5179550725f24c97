"""HTTP content negotiation: pick the best media type we offer for an ``Accept`` header.

Implements RFC 9110 §12.5.1: media ranges with wildcards and ``q`` weights; the
most specific matching range sets an offer's weight; ``q=0`` excludes; ties go
to the server's order of preference (the order of ``offers``). A missing or
empty header accepts anything. Unparseable ranges are ignored rather than
failing the request, as browsers and old clients send odd headers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """-1 when this range does not match ``media_type``; else 0 (*/*), 1 (type/*) or 2 (exact)."""
        mtype, _, msub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != mtype:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == msub else -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header (``*/*`` when absent or empty)."""
    ranges: list[MediaRange] = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        mtype, sep, subtype = fields[0].lower().partition("/")
        if not sep or not mtype or not subtype:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 1.0
        ranges.append(MediaRange(mtype, subtype, q))
    return ranges or [MediaRange("*", "*", 1.0)]


def weight(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q-value the client gives ``media_type``: that of the most specific matching range."""
    best, q = -1, 0.0
    for r in ranges:
        s = r.specificity(media_type)
        if s > best:
            best, q = s, r.q
    return q


def choose(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers most (server order breaks ties), or None when none is acceptable."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for offer in offers:
        q = weight(ranges, offer)
        if q > best_q:
            best, best_q = offer, q
    return best
