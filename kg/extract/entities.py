"""Placeholder until the entity extractor lands (owned by the entities engineer)."""

from kg.extract.context import ArticleContext
from kg.extract.index import MentionIndex
from kg.model import Entity


def extract_entities(ctx: ArticleContext) -> tuple[dict[str, Entity], MentionIndex]:
    return {}, MentionIndex([])
