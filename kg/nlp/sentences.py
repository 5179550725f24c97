"""Paragraph-aware sentence boundaries.

The small English model happily runs a title, a byline, a date and the first
sentence together. Here a blank line always ends a sentence (so a title is
its own sentence), and so does a single line break that follows a line with
no sentence-final punctuation (header lines). Boundaries set before the parser
are kept by it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newskg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token that holds a blank line."""
    for i, token in enumerate(doc[:-1]):
        ws = token.whitespace_ if not token.is_space else token.text
        nxt = doc[i + 1]
        if nxt.is_space:
            continue
        if "\n\n" in ws or (token.is_space and "\n" in token.text and "\n\n" in token.text):
            nxt.is_sent_start = True
        elif "\n" in ws or (token.is_space and "\n" in token.text):
            prev = doc[i - 1] if token.is_space and i > 0 else token
            if prev.text not in {".", "!", "?", ",", ";", ":"}:
                nxt.is_sent_start = True
    return doc
