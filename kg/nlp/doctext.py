"""The text of a spaCy doc, computed once.

``Doc.text`` joins every token's text on each access; extractors that look at
the text around a span would otherwise rebuild the whole article each time.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "newskg_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in the doc's user data."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
