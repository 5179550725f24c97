"""The text, tokens and named entities of a spaCy doc, computed once.

``Doc.text`` joins every token's text on each access, ``Doc.ents`` builds a new
Span for every entity, and iterating a doc or span builds a new Token object per
token; a dozen extractors walk every token of the article, and others look at
the text around a span or for the entity holding a token, so they would
otherwise rebuild them each time. All are cached in the doc's user data, so they
must only be read once the pipeline has finished (no extractor changes the
text, the tokens or the entities).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_TEXT = "newskg_text"
_ENTS = "newskg_ents"
_TOKENS = "newskg_tokens"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached in the doc's user data."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def doc_tokens(doc: Doc) -> list[Token]:
    """The doc's tokens (``list(doc)``), cached in the doc's user data."""
    tokens = doc.user_data.get(_TOKENS)
    if tokens is None:
        tokens = doc.user_data[_TOKENS] = list(doc)
    return tokens


def span_tokens(span: Span) -> list[Token]:
    """The span's tokens (``list(span)``), from the cached ``doc_tokens``."""
    return doc_tokens(span.doc)[span.start:span.end]


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, cached in the doc's user data."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = doc.ents
    return ents


def span_ents(span: Span) -> list[Span]:
    """``span.ents`` (the entities wholly inside ``span``) from the cached ``doc.ents``."""
    return [e for e in doc_ents(span.doc) if e.start >= span.start and e.end <= span.end]
