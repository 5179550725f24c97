"""The event-trigger lexicon (``data/event_triggers.json``), typed.

It maps verb lemmas, nominalisations and multi-word phrases to event-type
concepts, each sense with the parse facts it needs (objects, particles,
prepositions, modifiers), plus the named word lists that polarity and argument
reading rely on. :mod:`kg.extract.events.triggers` applies it to sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.lexicons.cameo import load_cameo
from kg.lexicons.files import read


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger word and the parse facts it needs."""

    type: str
    objects: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    mods: frozenset[str] = frozenset()
    needs_arg: bool = False
    plural: bool = False
    future: bool = False
    destinations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """The trigger lexicon and the word lists polarity and arguments rely on."""

    verbs: dict[str, tuple[Sense, ...]]
    nouns: dict[str, tuple[Sense, ...]]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (words, type)
    core: dict[str, str]  # event type -> its core type or CAMEO root (the skos:broader chain of the ontology)
    lists: dict[str, frozenset[str]]

    def words(self, name: str) -> frozenset[str]:
        """A named word list of the lexicon file (e.g. "light_verbs")."""
        return self.lists.get(name, frozenset())

    def core_of(self, event_type: str) -> str:
        """The top concept of an event type: what events must share to be one event."""
        return self.core.get(event_type, event_type)

    def types(self) -> set[str]:
        """Every event type the lexicon can produce."""
        out = {s.type for senses in (*self.verbs.values(), *self.nouns.values()) for s in senses}
        out |= {t for entries in self.phrases.values() for _, t in entries}
        return out


def _sense(raw: str | dict) -> Sense:
    if isinstance(raw, str):
        return Sense(raw)
    return Sense(
        type=raw["type"],
        objects=frozenset(raw.get("objects", ())),
        particles=frozenset(raw.get("particles", ())),
        preps=frozenset(raw.get("preps", ())),
        mods=frozenset(raw.get("mods", ())),
        needs_arg=bool(raw.get("needs_arg", False)),
        plural=bool(raw.get("plural", False)),
        future=bool(raw.get("future", False)),
        destinations=frozenset(raw.get("destinations", ())),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon, parsed once per process."""
    return read("event_triggers.json", _lexicon).content


def _lexicon(raw: dict) -> Lexicon:
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for p in raw["phrases"]:
        words = tuple(w.lower() for w in p["words"] if w != "-")
        phrases.setdefault(words[0], []).append((words, p["type"]))
    lists = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list) and k != "phrases"}
    return Lexicon(
        verbs={k: tuple(_sense(s) for s in v) for k, v in raw["verbs"].items()},
        nouns={k: tuple(_sense(s) for s in v) for k, v in raw["nouns"].items()},
        phrases={k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in phrases.items()},
        core={**load_cameo().tops, **raw["types"]},
        lists=lists,
    )
