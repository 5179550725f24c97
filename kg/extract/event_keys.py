"""Event identity: keys minted from what an event is, and labels made from keys.

The same strike reported by two outlets must get the same key, because that is
the only way two article graphs merge. An event is identified by its core type,
its day when the text gives one, and one main participant (the agent, else the
target, else the place). Core types rather than fine types go into the key
because outlets word the same event differently ("strike" / "airstrike").
The label is built from the key's parts only (the participant's label is itself
a function of its key), so every article states the same label.
"""

from __future__ import annotations

from datetime import date

from kg.model import Entity
from kg.vocab import slug

_ROLE_WORDS = {"agent": "by", "target": "against", "place": "in"}
_CORE_LABELS = {
    "Attack": "Attack",
    "Threat": "Threat",
    "ForcePosture": "Force posture",
    "Movement": "Movement",
    "Communication": "Communication",
    "Aid": "Aid",
    "Cooperation": "Cooperation",
}


def _entity_label(key: str, entities: dict[str, Entity]) -> str:
    ent = entities.get(key)
    return ent.label if ent is not None else key.rsplit("/", 1)[-1].replace("-", " ")


def anchored_key(
    core: str, day: date | None, role: str, entity_key: str, entities: dict[str, Entity]
) -> tuple[str, str]:
    """The key and label of an event identified by a participant or place."""
    when = f"-{day.isoformat()}" if day else ""
    key = "event/" + slug(f"{core}{when}-{_ROLE_WORDS[role]}-{entity_key}", max_len=120)
    label = f"{_CORE_LABELS[core]} {_ROLE_WORDS[role]} {_entity_label(entity_key, entities)}"
    return key, label + (f" on {day.isoformat()}" if day else "")


def unanchored_key(core: str, day: date | None, article_id: str, offset: int) -> tuple[str, str]:
    """An event the text names without any participant or place: it cannot be recognised
    in another article, so its identity is its place in this one."""
    when = f"-{day.isoformat()}" if day else ""
    key = "event/" + slug(f"{core}{when}-in-article-{article_id[:12]}-{offset}")
    when_label = f" on {day.isoformat()}" if day else ""
    label = f"{_CORE_LABELS[core]}{when_label} reported in article {article_id[:12]} at {offset}"
    return key, label
