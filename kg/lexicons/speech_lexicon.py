"""The attribution vocabulary (reporting verbs, cue phrases, role and document nouns).

It lives in ``data/speech_verbs.json`` so that covering a new outlet's
wording is a data change, not a code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.lexicons.files import read


@dataclass(frozen=True)
class SpeechLexicon:
    """Lemma sets used to recognise who said what to whom."""

    verbs: frozenset[str]
    particle_verbs: frozenset[tuple[str, str]]  # ("point", "out")
    weak_verbs: frozenset[str]  # also said of evidence: a report only when someone identifiable is the subject
    quoting_verbs: frozenset[str]  # attribute a quotation in a neighbouring sentence
    adding_verbs: frozenset[str]  # as a participle after a report, a further claim ("..., adding that B")
    addressee_verbs: frozenset[str]
    cue_prepositions: frozenset[tuple[str, str]]  # ("according", "to")
    role_nouns: frozenset[str]
    document_nouns: frozenset[str]
    institution_nouns: frozenset[str]  # "the council", "a ministry spokesman": the body named earlier

    def names_a_speaker(self, lemma: str) -> bool:
        """A role or document noun: it speaks for the body behind it."""
        return lemma in self.role_nouns or lemma in self.document_nouns

    def is_speech_verb(self, lemma: str, particles: set[str]) -> bool:
        """A reporting verb, alone or with its particle ('point' + 'out')."""
        return lemma in self.verbs or any((lemma, p) in self.particle_verbs for p in particles)


@lru_cache(maxsize=1)
def speech_lexicon() -> SpeechLexicon:
    """The lexicon bundled with newskg (read once per process)."""
    return read("speech_verbs.json", _speech_lexicon).content


def _speech_lexicon(raw: dict) -> SpeechLexicon:
    verbs = [v.lower() for v in raw["verbs"]]
    return SpeechLexicon(
        verbs=frozenset(v for v in verbs if " " not in v),
        particle_verbs=frozenset(tuple(v.split(" ", 1)) for v in verbs if " " in v),  # type: ignore[misc]
        weak_verbs=frozenset(v.lower() for v in raw["weak_verbs"]),
        quoting_verbs=frozenset(v.lower() for v in raw["quoting_verbs"]),
        adding_verbs=frozenset(v.lower() for v in raw["adding_verbs"]),
        addressee_verbs=frozenset(v.lower() for v in raw["addressee_verbs"]),
        cue_prepositions=frozenset((a.lower(), b.lower()) for a, b in raw["cue_prepositions"]),
        role_nouns=frozenset(v.lower() for v in raw["role_nouns"]),
        document_nouns=frozenset(v.lower() for v in raw["document_nouns"]),
        institution_nouns=frozenset(v.lower() for v in raw["institution_nouns"]),
    )
