"""Collects the resolved entities of one article and every mention of them.

All extraction rules end here: they say "this span is that key", the registry
keeps one Entity per key, records each surface form as an alt label and
indexes the mention for events and statements. The first rule to claim a span
wins, so rules run from the most to the least certain.
"""

from __future__ import annotations

from kg.extract.context import ArticleContext
from kg.extract.index import EntityMention, MentionIndex
from kg.model import Entity

_DETERMINERS = ("the ", "a ", "an ", "these ", "those ", "this ", "that ")


class EntityRegistry:
    """Entities by key plus the mention list of one article."""

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.entities: dict[str, Entity] = {}
        self._mentions: list[EntityMention] = []
        self._spans: set[tuple[int, int]] = set()

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop a leading determiner and surrounding whitespace/punctuation from a span."""
        text = self.ctx.text
        while start < end and (text[start].isspace() or text[start] in "\"'(["):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in "\"')],;:"):
            end -= 1
        low = text[start:end].lower()
        for det in _DETERMINERS:
            if low.startswith(det) and end - start > len(det):
                start += len(det)
                break
        return start, end

    def taken(self, start: int, end: int) -> bool:
        """True when a mention already covers part of the span."""
        return any(m.start < end and start < m.end for m in self._mentions)

    def add(self, key: str, cls: str, label: str, start: int, end: int, *, trim: bool = True, naming: bool = True,
            indexed: bool = True, **attrs) -> Entity | None:
        """Record that text[start:end] mentions ``key``; create the entity on first sight.

        ``naming`` is False for referring mentions ("those forces", "the zone"): they are
        evidence of the entity but not one of its names, so they add no alt label.
        ``indexed`` is False for evidence that is not a reference in its own right
        ("Turkish" in "Turkish-backed fighters" evidences Turkey as the backer, but
        events must not find Turkey there as a place): the entity keeps the mention,
        the position index does not get it.
        """
        if trim:
            start, end = self.trim(start, end)
        if end <= start or self.ctx.in_furniture(start, end):
            return None
        taken = (start, end) in self._spans and indexed  # evidence may share a span with what names it
        if taken and key not in self.entities:
            return None  # the span already names something else: no node without its own evidence
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key=key, cls=cls, label=label)
        self._merge_attrs(ent, attrs)
        if taken or any(m.start == start and m.end == end for m in ent.mentions):
            return ent
        mention = self.ctx.mention(start, end)
        ent.mentions.append(mention)
        if naming and mention.anchor != ent.label:
            ent.alt_labels.add(" ".join(mention.anchor.split()))
        self._spans.add((start, end))
        if indexed:
            self._mentions.append(EntityMention(mention.start, mention.end, key, cls))
        return ent

    def prune_links(self) -> None:
        """Drop links to keys this article has no mention of: every node in a graph needs its evidence."""
        for ent in self.entities.values():
            ent.affiliation = [k for k in ent.affiliation if k in self.entities]
            ent.located_in = [k for k in ent.located_in if k in self.entities]

    @staticmethod
    def _merge_attrs(ent: Entity, attrs: dict) -> None:
        for name in ("affiliation", "located_in"):
            for value in attrs.get(name) or ():
                if value and value not in getattr(ent, name) and value != ent.key:
                    getattr(ent, name).append(value)
        for name in ("wikidata", "coordinates", "strength"):
            if attrs.get(name) and getattr(ent, name) is None:
                setattr(ent, name, attrs[name])

    def mentions_of(self, prefix: str = "") -> list[EntityMention]:
        """Mentions so far in text order, optionally only keys starting with ``prefix``."""
        return sorted((m for m in self._mentions if m.key.startswith(prefix)), key=lambda m: m.start)

    def index(self) -> MentionIndex:
        return MentionIndex(list(self._mentions))
