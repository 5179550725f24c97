"""Whether a headline is written in title case, where capitals do not mark names, and which words
the body writes as names.

Shared by entity extraction (``entities.headlines``: a name found there needs support) and
event extraction (``events.reparse``: such a headline is parsed again in sentence case).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.nlp.doctext import doc_tokens

_TITLE_WORD = re.compile(r"[A-Za-z][a-z'-]{2,}")
_MIN_TITLE_WORDS = 3
_TITLE_SHARE = 0.6


def title_cased(words: list[str]) -> bool:
    """Most words after the first (those of three letters or more, at least three) are capitalised."""
    later = [w for w in words[1:] if _TITLE_WORD.fullmatch(w)]
    if len(later) < _MIN_TITLE_WORDS:
        return False
    return sum(w[0].isupper() for w in later) / len(later) >= _TITLE_SHARE


def proper_words(doc: Doc, title_end: int) -> set[str]:
    """Words the body writes capitalised inside a sentence: names, not headline capitals."""
    return {t.text for t in doc_tokens(doc) if t.idx >= title_end and t.is_title and not t.is_sent_start}
