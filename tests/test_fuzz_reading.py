"""Property tests: reading and extraction survive any text, and what they produce is always valid.

Reading any bytes yields only ``Article`` or ``ArticleError`` items; for any text the
real pipeline extracts without raising, every offset is inside the text, every
anchor and quote equals its slice of the text, nothing comes from furniture, and
the article's graph conforms to the shapes (the validator ``newskg build`` uses).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract
from kg.ingest import ArticleProcessor, Processed
from kg.model import Article, Extraction, Mention
from kg.nlp import parse
from kg.reading import ArticleError, read_sources
from kg.settings import Settings

# Words that wake the extractors up (speech, violence, forces, places, dates), none from the seeds.
NEWS_WORDS = ["said", "told", "reporters", "according", "to", "troops", "militants", "forces", "army", "police",
              "attacked", "shelled", "killed", "wounded", "captured", "clashed", "near", "in", "on", "Monday",
              "last", "week", "2017", "March", "Mosul", "Aleppo", "Gaza", "Beirut", "Iran", "Turkey", "Hezbollah",
              "Colonel", "General", "Minister", "spokesman", "Nadia", "Farouk", "the", "a", "of", "by", "not", "."]
ODD = ["\u202e", "\u202b", "\u200f", "\u2066", "\u2069", "\u200b", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x85",
       "\u2028", "\u2029", "\u00a0", "\u3000", "\r", "\r\n", "\t", "\n\n", "\u201c", "\u201d", "\u2018", "\u2019",
       '"', "'", "\u00ab", "\u00bb", "\u2014", "\ud7ff", "\U0001f4a5", "\u0627\u0644\u0642\u062f\u0633",
       "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd", "e\u0301", "\uffff"]
PIECES = st.one_of(st.sampled_from(NEWS_WORDS), st.sampled_from(ODD), st.text(max_size=12),
                   st.integers(1, 400).map(lambda n: " " * n), st.integers(1, 60).map(lambda n: "\n" * n))
# Sentence-like runs of news words with odd characters mixed in, some quoted and attributed,
# in paragraphs: these reach the quote, event and entity extractors, not only the reader.
WORD_OR_ODD = st.one_of(st.sampled_from(NEWS_WORDS), st.sampled_from(NEWS_WORDS), st.sampled_from(NEWS_WORDS),
                        st.sampled_from(ODD))
SENTENCE = st.lists(WORD_OR_ODD, min_size=3, max_size=30).map(lambda words: " ".join(words) + ".")
QUOTED = st.tuples(st.sampled_from(['"', "\u201c", "'"]), SENTENCE, st.sampled_from(['"', "\u201d", ""]),
                   SENTENCE).map(lambda q: f"{q[0]}{q[1]}{q[2]} {q[3]}")
STORY = st.lists(st.one_of(SENTENCE, QUOTED), min_size=1, max_size=8).map("\n\n".join)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=120).map(" ".join),
                  st.lists(PIECES, max_size=120).map("".join), STORY)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_bytes(data: bytes, suffix: str) -> list[Article | ArticleError]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return list(read_sources([str(path)]))


def check_span(text: str, start: int, end: int, what: str) -> None:
    assert 0 <= start <= end <= len(text), f"{what} ({start}, {end}) outside a text of {len(text)}"


def check_article(article: Article) -> None:
    text = article.text
    check_span(text, 0, article.body_start, "body start")
    if article.title_span is not None:
        check_span(text, *article.title_span, "title span")
        assert article.title is None or article.title.strip() == text[slice(*article.title_span)].strip()
    for span in article.furniture:
        check_span(text, *span, "furniture")


def mentions(extraction: Extraction) -> list[tuple[str, Mention]]:
    out = [(e.key, m) for e in extraction.entities.values() for m in e.mentions]
    out += [(e.key, m) for e in extraction.events for m in e.mentions]
    out += [(s.key, m) for s in extraction.statements for m in s.mentions]
    return out


@pytest.fixture(scope="module")
def processor() -> ArticleProcessor:
    """The builder and validator ``newskg build`` uses (the spaCy pipeline is cached per process)."""
    return ArticleProcessor(Settings())


@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".jsonl", ".json"]))
@settings(max_examples=300, deadline=None)
def test_reading_any_bytes_yields_articles_or_reasons(data: bytes, suffix: str) -> None:
    for item in read_bytes(data, suffix):
        assert isinstance(item, (Article, ArticleError)), type(item)
        if isinstance(item, Article):
            check_article(item)
        else:
            assert item.reason.strip()


@given(text=TEXTS)
@settings(max_examples=300, deadline=None)
def test_reading_any_text_yields_a_well_formed_article_or_a_reason(text: str) -> None:
    for item in read_bytes(text.encode("utf-8", "surrogatepass"), ".txt"):
        assert isinstance(item, (Article, ArticleError))
        if isinstance(item, Article):
            check_article(item)


def articles_of(text: str) -> list[Article]:
    return [a for a in read_bytes(text.encode("utf-8", "surrogatepass"), ".txt") if isinstance(a, Article)]


@given(text=TEXTS)
@SETTINGS
def test_extraction_on_any_text_never_raises_and_keeps_offsets_true(text: str) -> None:
    articles = articles_of(text)
    for article, doc in parse(articles):
        extraction = extract(article, doc)  # must not raise
        body = article.text
        for key, m in mentions(extraction):
            check_span(body, m.start, m.end, f"mention of {key}")
            assert m.start < m.end, f"empty mention of {key}"
            assert m.anchor == body[m.start:m.end], f"anchor of {key} is not its text slice"
            if m.sentence is not None:
                check_span(body, *m.sentence, f"sentence of {key}")
            assert not any(s < m.end and m.start < e for s, e in article.furniture), f"{key} from furniture"
        for statement in extraction.statements:
            check_span(body, *statement.quote_span, f"quote of {statement.key}")
            assert statement.quote == body[slice(*statement.quote_span)]


@given(text=TEXTS)
@SETTINGS
def test_the_graph_of_any_text_conforms_to_the_shapes(processor: ArticleProcessor, text: str) -> None:
    for outcome in processor.process(articles_of(text)):  # the build's own path: graph, then SHACL
        assert isinstance(outcome, Processed), str(outcome)
        assert outcome.conforms, outcome.problems
