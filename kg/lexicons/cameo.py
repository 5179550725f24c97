"""The CAMEO verb dictionary of PETRARCH (``data/cameo_verbs.json``), typed.

``scripts/build_cameo_lexicon.py`` converts PETRARCH 2's ``CAMEO.2.0.txt`` (MIT
licence, ``data/LICENSE.petrarch2``) into that file: verbs by lemma with the
CAMEO code each has on its own, the patterns of each verb block that change
the code with the words around the verb (its subject, object, particles and
prepositional phrases: "strike a deal" is an agreement, "fight corruption" no
event), the synonym sets those patterns use, and which event type of the
ontology each code is. :mod:`kg.extract.events.cameo` matches
it on the dependency parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.lexicons.files import read


@dataclass(frozen=True)
class Term:
    """A word of a pattern: a lemma, a phrase (its head last), or a synonym set."""

    words: tuple[str, ...]  # the phrase's words, head last; empty for a synonym set
    synset: str = ""

    def heads(self, synsets: dict[str, tuple[tuple[str, ...], ...]]) -> tuple[tuple[str, ...], ...]:
        """Every phrase this term stands for."""
        return synsets.get(self.synset, ()) if self.synset else (self.words,)


@dataclass(frozen=True)
class Pattern:
    """Words around a verb that give it another code than its own ('---': no event)."""

    code: str
    before: tuple[Term, ...]  # the subject's words
    after: tuple[Term, ...]  # the object's head words, particles, adverbs
    preps: tuple[tuple[frozenset[str], Term | None], ...]  # prepositional phrases: (prepositions, object)

    @property
    def size(self) -> int:
        """How much of the sentence the pattern pins down (the most specific pattern wins)."""
        return len(self.before) + len(self.after) + sum(1 + (obj is not None) for _, obj in self.preps)


@dataclass(frozen=True)
class Verb:
    """A dictionary verb: its own code, its block (whose patterns apply) and the words of a multi-word verb."""

    code: str
    block: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cameo:
    verbs: dict[str, tuple[Verb, ...]]
    patterns: dict[str, tuple[Pattern, ...]]  # by block
    synsets: dict[str, tuple[tuple[str, ...], ...]]
    types: dict[str, str]  # CAMEO code -> event type (concept local name)
    tops: dict[str, str]  # event type -> its top concept (a core type or a CAMEO root)

    def type_of(self, code: str) -> str | None:
        """The event type of a code: the concept whose notation is its longest prefix."""
        for n in range(len(code), 1, -1):
            if code[:n] in self.types:
                return self.types[code[:n]]
        return None


def _term(raw: str) -> Term:
    return Term((), raw[1:]) if raw.startswith("&") else Term(tuple(raw.split()))


def _pattern(raw: list) -> Pattern:
    code, before, after, preps = raw
    return Pattern(
        code=code,
        before=tuple(_term(w) for w in before),
        after=tuple(_term(w) for w in after),
        preps=tuple((frozenset(p), _term(o) if o else None) for p, o in preps),
    )


def _cameo(raw: dict) -> Cameo:
    return Cameo(
        verbs={
            lemma: tuple(Verb(e["code"], e["block"], tuple(e.get("before", ())), tuple(e.get("after", ())))
                         for e in entries)
            for lemma, entries in raw["verbs"].items()
        },
        patterns={block: tuple(_pattern(p) for p in pats) for block, pats in raw["patterns"].items()},
        synsets={name: tuple(tuple(w.split()) for w in words) for name, words in raw["synsets"].items()},
        types=dict(raw["types"]),
        tops=dict(raw["tops"]),
    )


@lru_cache(maxsize=1)
def load_cameo() -> Cameo:
    """The dictionary, parsed once per process."""
    return read("cameo_verbs.json", _cameo).content
