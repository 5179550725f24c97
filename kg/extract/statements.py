"""Placeholder until the statement extractor lands (owned by the statements engineer)."""

from kg.extract.context import ArticleContext
from kg.extract.index import MentionIndex
from kg.model import Entity, Statement


def extract_statements(ctx: ArticleContext, index: MentionIndex, entities: dict[str, Entity]) -> list[Statement]:
    return []
