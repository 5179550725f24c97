"""Extraction: from a parsed article to resolved entities, events and statements.

Order matters and flows one way: entities first (they give every later stage
its keys), then statements and events, which look entities up by position,
then the links between them (what a statement is about).
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.context import ArticleContext
from kg.extract.entities.extractor import extract_entities
from kg.extract.events.extractor import extract_events
from kg.extract.statements.extractor import extract_statements
from kg.model import Article, Event, Extraction, Statement


def _link_about(statements: list[Statement], events: list[Event]) -> None:
    """A statement is about the events mentioned inside its quote."""
    for st in statements:
        q0, q1 = st.quote_span
        for ev in events:
            if any(q0 <= m.start and m.end <= q1 for m in ev.mentions) and ev.key not in st.about:
                st.about.append(ev.key)


def extract(article: Article, doc: Doc) -> Extraction:
    """Everything newskg extracts from one article and its parsed doc."""
    ctx = ArticleContext(article, doc)
    entities, index = extract_entities(ctx)
    statements = extract_statements(ctx, index, entities)
    events = extract_events(ctx, index, entities)
    _link_about(statements, events)
    return Extraction(article=article, entities=entities, events=events, statements=statements)
