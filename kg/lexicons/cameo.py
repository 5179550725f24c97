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
    """A word of a pattern: a lemma, a phrase (its head last), or a synonym set, resolved to its phrases.

    ``lasts`` holds every phrase's head word: a term can only match where one of them is
    among the words around the verb, which rules most patterns out before any parse walk.
    """

    phrases: tuple[tuple[str, ...], ...]  # every phrase the term stands for, each with its head last
    lasts: frozenset[str]


@dataclass(frozen=True)
class Pattern:
    """Words around a verb that give it another code than its own ('---': no event).

    A block's patterns are kept most specific first (by ``size``), so the first that fits wins.
    """

    code: str
    before: tuple[Term, ...]  # the subject's words
    after: tuple[Term, ...]  # the object's head words, particles, adverbs
    preps: tuple[tuple[frozenset[str], Term | None], ...]  # prepositional phrases: (prepositions, object)

    @property
    def size(self) -> int:
        """How much of the sentence the pattern pins down (the most specific pattern wins)."""
        return len(self.before) + len(self.after) + sum(1 + (obj is not None) for _, obj in self.preps)


@dataclass(frozen=True)
class Block:
    """A verb block's patterns, most specific first, indexed by one word each of them needs.

    A pattern can fit only where the head word of its first subject term is a word of the
    verb's subject, else that of its first object term (or its first preposition) is among
    the words after the verb; the index hands the matcher only the patterns whose word is
    there, so a verb with hundreds of patterns costs a few set lookups.
    """

    patterns: tuple[Pattern, ...]
    by_subject: dict[str, tuple[int, ...]]
    by_after: dict[str, tuple[int, ...]]
    unkeyed: tuple[int, ...]  # patterns that need no word (none in the dictionary today; kept for safety)

    def candidates(self, subject_words: set[str], after_words: set[str]) -> list[Pattern]:
        """The patterns that may fit a verb with these words around it, most specific first."""
        hits = set(self.unkeyed)
        for w in subject_words:
            hits.update(self.by_subject.get(w, ()))
        for w in after_words:
            hits.update(self.by_after.get(w, ()))
        return [self.patterns[i] for i in sorted(hits)]


def _block(patterns: list[Pattern]) -> Block:
    ordered = tuple(sorted(patterns, key=lambda p: -p.size))
    by_subject: dict[str, list[int]] = {}
    by_after: dict[str, list[int]] = {}
    unkeyed: list[int] = []
    for i, p in enumerate(ordered):
        if p.before:
            index, words = by_subject, p.before[0].lasts
        elif p.after:
            index, words = by_after, p.after[0].lasts
        elif p.preps:
            index, words = by_after, p.preps[0][0]
        else:
            unkeyed.append(i)
            continue
        for w in words:
            index.setdefault(w, []).append(i)
    return Block(ordered, {w: tuple(i) for w, i in by_subject.items()},
                 {w: tuple(i) for w, i in by_after.items()}, tuple(unkeyed))


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
    blocks: dict[str, Block]
    types: dict[str, str]  # CAMEO code -> event type (concept local name)
    tops: dict[str, str]  # event type -> its top concept (a core type or a CAMEO root)

    def type_of(self, code: str) -> str | None:
        """The event type of a code: the concept whose notation is its longest prefix."""
        for n in range(len(code), 1, -1):
            if code[:n] in self.types:
                return self.types[code[:n]]
        return None


_Synsets = dict[str, tuple[tuple[str, ...], ...]]


def _term(raw: str, synsets: _Synsets) -> Term:
    phrases = synsets.get(raw[1:], ()) if raw.startswith("&") else (tuple(raw.split()),)
    return Term(phrases, frozenset(p[-1] for p in phrases))


def _pattern(raw: list, synsets: _Synsets) -> Pattern:
    code, before, after, preps = raw
    return Pattern(
        code=code,
        before=tuple(_term(w, synsets) for w in before),
        after=tuple(_term(w, synsets) for w in after),
        preps=tuple((frozenset(p), _term(o, synsets) if o else None) for p, o in preps),
    )


def _cameo(raw: dict) -> Cameo:
    synsets = {name: tuple(tuple(w.split()) for w in words) for name, words in raw["synsets"].items()}
    return Cameo(
        verbs={
            lemma: tuple(Verb(e["code"], e["block"], tuple(e.get("before", ())), tuple(e.get("after", ())))
                         for e in entries)
            for lemma, entries in raw["verbs"].items()
        },
        blocks={block: _block([_pattern(p, synsets) for p in pats]) for block, pats in raw["patterns"].items()},
        types=dict(raw["types"]),
        tops=dict(raw["tops"]),
    )


@lru_cache(maxsize=1)
def load_cameo() -> Cameo:
    """The dictionary, parsed once per process."""
    return read("cameo_verbs.json", _cameo).content
