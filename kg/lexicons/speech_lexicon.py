"""The attribution vocabulary (reporting verbs, cue phrases, role and document nouns).

It lives in data files so that covering a new outlet's wording is a data
change, not a code change: ``data/speech_verbs.json`` lists the verbs and nouns
of attribution in conflict reporting, ``data/attribution_cues.json`` counts, per
verb lemma and argument frame, how often annotators of political news took that
argument for reported content (derived from PolNeAR's train split by
``scripts/derive_attribution_cues.py``). A frame is a cue here when it was
annotated often enough, and in enough of the verb's uses with that argument, to
be right more often than not once the content's edges are also counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.lexicons.files import read

# A verb frame is an attribution cue when annotated at least this often, in at least this share of its uses.
MIN_ANNOTATED = 1
MIN_SHARE = 0.15


@dataclass(frozen=True)
class SpeechLexicon:
    """Lemma sets used to recognise who said what to whom."""

    verbs: frozenset[str]
    particle_verbs: frozenset[tuple[str, str]]  # ("point", "out")
    particle_heads: frozenset[str]  # the verbs of particle_verbs ("point")
    weak_verbs: frozenset[str]  # also said of evidence: a report only when someone identifiable is the subject
    quoting_verbs: frozenset[str]  # attribute a quotation in a neighbouring sentence
    adding_verbs: frozenset[str]  # as a participle after a report, a further claim ("..., adding that B")
    addressee_verbs: frozenset[str]
    cue_prepositions: frozenset[tuple[str, str]]  # ("according", "to")
    role_nouns: frozenset[str]
    document_nouns: frozenset[str]
    institution_nouns: frozenset[str]  # "the council", "a ministry spokesman": the body named earlier
    collective_nouns: frozenset[str]  # role nouns that name a body or a group, not one person ("staff", "team")
    anonymous_nouns: frozenset[str]  # sources that say nothing of who they are ("sources said")
    armed_nouns: frozenset[str]  # heads of the names of armed bodies ("the Iraqi army"): they act, stances aside
    office_nouns: frozenset[str]  # roles one person holds at a time in a body ("governor", "foreign minister")
    frames: dict[str, frozenset[str]]  # lemma -> argument frames that hold reported content ("ccomp", "dobj", ...)
    noun_frames: dict[str, frozenset[str]]  # noun lemma -> its frames ("support for X": prep:for)

    def names_a_speaker(self, lemma: str) -> bool:
        """A role or document noun: it speaks for the body behind it."""
        return lemma in self.role_nouns or lemma in self.document_nouns

    def is_saying(self, lemma: str, particles: set[str]) -> bool:
        """A verb of saying, alone or with its particle ('point' + 'out')."""
        return lemma in self.verbs or any((lemma, p) in self.particle_verbs for p in particles)

    def is_speech_verb(self, lemma: str, particles: set[str]) -> bool:
        """A verb that reports a clause: a verb of saying, or one whose clause annotators take for
        reported content ('believe', 'find')."""
        return self.is_saying(lemma, particles) or "ccomp" in self.frames.get(lemma, ())

    def frames_of(self, lemma: str) -> frozenset[str]:
        """The argument frames in which a verb reports content ("said that ...": ccomp; "vowed to ...": xcomp)."""
        return self.frames.get(lemma, frozenset())

    def noun_frames_of(self, lemma: str) -> frozenset[str]:
        """The argument frames in which a noun reports content ("support for X", "the claim that ...")."""
        return self.noun_frames.get(lemma, frozenset())


@lru_cache(maxsize=1)
def speech_lexicon() -> SpeechLexicon:
    """The lexicon bundled with newskg (read once per process)."""
    cues = read("attribution_cues.json", _cues).content
    return read("speech_verbs.json", lambda raw: _speech_lexicon(raw, cues)).content


@dataclass(frozen=True)
class _Cues:
    """The cues of ``attribution_cues.json`` that pass the thresholds."""

    verb_frames: dict[str, frozenset[str]]
    noun_frames: dict[str, frozenset[str]]
    prepositions: frozenset[tuple[str, str]]


def _cues(raw: dict) -> _Cues:
    def cue(counts: list[int]) -> bool:
        annotated, seen = counts
        return annotated >= MIN_ANNOTATED and annotated >= MIN_SHARE * seen

    def frames(section: dict) -> dict[str, frozenset[str]]:
        kept = {lemma: frozenset(f for f, counts in by_frame.items() if cue(counts))
                for lemma, by_frame in section.items()}
        return {k: v for k, v in kept.items() if v}

    phrases = frozenset(tuple(p.split(" ", 1)) for p, counts in raw["prepositions"].items() if cue(counts))
    return _Cues(frames(raw["verbs"]), frames(raw["nouns"]), phrases)  # type: ignore[arg-type]


def _speech_lexicon(raw: dict, cues: _Cues) -> SpeechLexicon:
    verbs = [v.lower() for v in raw["verbs"]]
    return SpeechLexicon(
        verbs=frozenset(v for v in verbs if " " not in v),
        particle_verbs=frozenset(tuple(v.split(" ", 1)) for v in verbs if " " in v),  # type: ignore[misc]
        particle_heads=frozenset(v.split(" ", 1)[0] for v in verbs if " " in v),
        weak_verbs=frozenset(v.lower() for v in raw["weak_verbs"]),
        quoting_verbs=frozenset(v.lower() for v in raw["quoting_verbs"]),
        adding_verbs=frozenset(v.lower() for v in raw["adding_verbs"]),
        addressee_verbs=frozenset(v.lower() for v in raw["addressee_verbs"]),
        cue_prepositions=frozenset((a.lower(), b.lower()) for a, b in raw["cue_prepositions"]) | cues.prepositions,
        role_nouns=frozenset(v.lower() for v in raw["role_nouns"]),
        document_nouns=frozenset(v.lower() for v in raw["document_nouns"]),
        institution_nouns=frozenset(v.lower() for v in raw["institution_nouns"]),
        collective_nouns=frozenset(v.lower() for v in raw["collective_nouns"]),
        anonymous_nouns=frozenset(v.lower() for v in raw["anonymous_nouns"]),
        armed_nouns=frozenset(v.lower() for v in raw["armed_nouns"]),
        office_nouns=frozenset(v.lower() for v in raw["office_nouns"]),
        frames=cues.verb_frames,
        noun_frames=cues.noun_frames,
    )
