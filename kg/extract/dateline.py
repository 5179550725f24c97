"""A wire dateline at the head of the body: "EL FASHER, Sudan — ", "GAZA, March 4 (Reuters) - ", "BOGOTA — ".

Shared by entity extraction (its upper-case place is a place the article names) and event
extraction (``events.reparse``: the lead sentence is parsed again without it, and its place
is where the lead sentence's events happened when that sentence names none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from kg.extract.context import ArticleContext

# An upper-case place, optional qualifiers and agency, and a dash.
_DATELINE = re.compile(r"([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*)(?:,[^\n—–-]{1,60}?)?(?: ?\([^)\n]{1,40}\))? ?[—–-]{1,2} ")


@dataclass(frozen=True)
class Dateline:
    """The lead sentence that opens with a dateline, where the dateline ends, and its place's span."""

    lead: Span
    end: int  # character offset in the text
    place: tuple[int, int]


def find_dateline(ctx: ArticleContext) -> Dateline | None:
    """The dateline of the article's first body sentence, if it opens with one (and goes on after it)."""
    lead = next((s for s in ctx.sentences if s.start_char >= ctx.article.body_start and not s.text.isspace()), None)
    if lead is None:
        return None
    m = _DATELINE.match(lead.text)
    if not m or m.end() >= len(lead.text):
        return None
    at = lead.start_char
    return Dateline(lead, at + m.end(), (at + m.start(1), at + m.end(1)))
