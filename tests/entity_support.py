"""Shared helper of the entity tests: run the real pipeline and the entity extractor on a text."""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language

from kg.extract.context import ArticleContext
from kg.extract.entities.extractor import extract_entities
from kg.extract.events.extractor import extract_events
from kg.extract.index import EntityMention, MentionIndex
from kg.model import Article, Entity, Event
from kg.reading.text import analysis_text


def entities_of(nlp: Language, text: str, furniture: tuple[tuple[int, int], ...] = ()) -> tuple[dict[str, Entity], MentionIndex]:
    """Entities and mention index of a one-off article holding ``text``."""
    article = Article(text=text, source="test.txt", identifier="test", furniture=furniture)
    return extract_entities(ArticleContext(article, nlp(analysis_text(text))))


def key_at(index: MentionIndex, text: str, surface: str) -> str | None:
    """The key of the longest mention covering the first occurrence of ``surface``."""
    start = text.index(surface)
    hits = index.overlapping(start, start + len(surface))
    return max(hits, key=lambda m: m.end - m.start).key if hits else None


def stand_in_index(names: dict[str, tuple[str, str]], text: str) -> tuple[dict[str, Entity], MentionIndex]:
    """Longest-first matches of ``names`` (surface -> (key, class)): the contract the entity
    extractor fulfils, so event and statement tests do not depend on its output."""
    taken: list[tuple[int, int]] = []
    mentions, entities = [], {}
    for name in sorted(names, key=len, reverse=True):
        key, cls = names[name]
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            mentions.append(EntityMention(m.start(), m.end(), key, cls))
            entities.setdefault(key, Entity(key, cls, name))
    return entities, MentionIndex(mentions)


def stand_in_events(nlp: Language, text: str, names: dict[str, tuple[str, str]], published: date,
                    ident: str = "t" * 16) -> list[Event]:
    """Events of a one-off article holding ``text``, over the stand-in entities ``names``."""
    article = Article(text=text, source="test.txt", identifier=ident, published=published)
    entities, index = stand_in_index(names, text)
    return extract_events(ArticleContext(article, nlp(analysis_text(text))), index, entities)


def one_event(events: list[Event], family: str) -> Event:
    """The one event of a family (its nkg:eventType) among ``events``."""
    found = [e for e in events if e.type == family]
    assert len(found) == 1, [(e.key, e.type) for e in events]
    return found[0]
