"""Word lists of the entity rules (``data/lexicon.json``, ``data/force_nouns.txt``, ``data/force_agents.txt``),
loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.lexicons.files import read


@dataclass(frozen=True)
class ForceNoun:
    """A head noun of unit phrases and the family of force it names."""

    family: str
    irregular: bool
    regular: bool = False  # "troops", "soldiers": a state's force, never an armed group's fighters


@dataclass(frozen=True)
class Lexicon:
    person_titles: frozenset[str]
    official_nouns: frozenset[str]
    government_nouns: frozenset[str]
    directions: dict[str, str]
    place_suffixes_same: tuple[tuple[str, ...], ...]  # token sequences, longest first
    place_suffixes_own: dict[str, str]
    place_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    place_slot_prepositions: frozenset[str]  # before an unknown name, only a place fits: "near X", "outside X"
    place_of_nouns: frozenset[str]  # "the village of X": the name after "of" is a place
    zone_kinds: dict[str, str]  # modifier -> zone label
    zone_heads: frozenset[str]
    outlet_words: frozenset[str]
    support_words: dict[str, str]
    pro_government_words: frozenset[str]
    partner_words: frozenset[str]
    organization_words: frozenset[str]  # last words that make a name an organization's
    actor_possessed_nouns: frozenset[str]  # "Ankara's allies": what only an actor owns (lemmas)
    title_heads: frozenset[str]  # "Defence Secretary": a name before these is part of a job title
    force_nouns: dict[tuple[str, ...], ForceNoun]  # token sequences (lower) -> noun info
    generic_agents: frozenset[tuple[str, ...]]  # force nouns that name who acts without a side ("gunmen", "police")


def _force_nouns(lines: list[str]) -> dict[tuple[str, ...], ForceNoun]:
    out = {}
    for line in lines:
        words = line.split()
        flag = words[-1] if words[-1] in ("irregular", "regular") else ""
        if flag:
            words = words[:-1]
        out[tuple(words[:-1])] = ForceNoun(words[-1], flag == "irregular", flag == "regular")
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The entity rules' words (read once per process)."""
    return read("lexicon.json", _lexicon).content


def _lexicon(d: dict) -> Lexicon:
    curated = read("force_nouns.txt", _force_nouns).content
    agents = read("force_agents.txt", _force_nouns).content  # generated from Phoenix; the curated list wins
    suffixes = sorted((tuple(s.replace("-", " - ").split()) for s in d["place_suffixes_same"]), key=len, reverse=True)
    return Lexicon(
        person_titles=frozenset(d["person_titles"]),
        official_nouns=frozenset(d["official_nouns"]),
        government_nouns=frozenset(d["government_nouns"]),
        directions=dict(d["directions"]),
        place_suffixes_same=tuple(suffixes),
        place_suffixes_own=dict(d["place_suffixes_own"]),
        place_nouns=frozenset(d["place_nouns"]),
        place_prepositions=frozenset(d["place_prepositions"]),
        place_slot_prepositions=frozenset(d["place_slot_prepositions"]),
        place_of_nouns=frozenset(d["place_of_nouns"]),
        zone_kinds={m: label for label, mods in d["zone_kinds"].items() for m in mods},
        zone_heads=frozenset(d["zone_heads"]),
        outlet_words=frozenset(d["outlet_words"]),
        support_words=dict(d["support_words"]),
        pro_government_words=frozenset(d["pro_government_words"]),
        partner_words=frozenset(d["partner_words"]),
        organization_words=frozenset(d["organization_words"]),
        actor_possessed_nouns=frozenset(d["actor_possessed_nouns"]),
        title_heads=frozenset(d["title_heads"]),
        force_nouns={**agents, **curated},
        generic_agents=frozenset(k for k, v in {**agents, **curated}.items() if k in agents or v.family == "police"
                                 or v.irregular),
    )
