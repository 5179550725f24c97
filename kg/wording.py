"""Counted nouns for messages: "1 article", "2 articles", never "1 articles" or "file(s)"."""

from __future__ import annotations

_IRREGULAR = {"info": "infos", "entry": "entries", "query": "queries"}


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1 (English -s plurals, plus the few irregular ones used here)."""
    return f"{n} {noun if n == 1 else _IRREGULAR.get(noun, noun + 's')}"
