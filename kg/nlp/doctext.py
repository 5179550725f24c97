"""The text and named entities of a spaCy doc, computed once.

``Doc.text`` joins every token's text on each access, and ``Doc.ents`` builds
a new Span for every entity on each access; extractors that look at the text
around a span, or for the entity holding a token, would otherwise rebuild them
each time. Both are cached in the doc's user data, so they must only be read
once the pipeline has finished (no extractor changes the text or the entities).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_TEXT = "newskg_text"
_ENTS = "newskg_ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in the doc's user data."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, cached in the doc's user data."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = doc.ents
    return ents
