"""Placeholder until the event extractor lands (owned by the events engineer)."""

from kg.extract.context import ArticleContext
from kg.extract.index import MentionIndex
from kg.model import Entity, Event


def extract_events(ctx: ArticleContext, index: MentionIndex, entities: dict[str, Entity]) -> list[Event]:
    return []
