"""CAMEO readings of verbs and event nouns: PETRARCH's verb dictionary matched on the parse.

A dictionary verb has a code of its own, and the patterns of its verb block
give it another code when the words around it say so: "struck a deal" is an
agreement (057), "attacked the plan" a criticism (111), "fight corruption" no
event at all ('---'), "hit with rockets" artillery fire (194). PETRARCH matches
a pattern's pre-verb nouns on the subject, its post-verb words on the object's
head noun, particles and adverbs, and its parenthesised phrases on prepositional
phrases; the same is done here on spaCy's dependency parse, and the most
specific matching pattern wins.

Event nouns are nominalisations of dictionary verbs of material conflict
(protest, coerce, assault, fight, mass violence: "the looting", "a shooting",
"the invasion", "a demonstration"), found by the regular English suffixes
-ing and -(at)ion. Bare-form nouns ("a force", "the tax", "a break") are
left to the hand lexicon: too many of them name things, not events.

The dictionary is broad (PETRARCH codes "consider" as consulting and "hope" as
an appeal), so its readings are used with care: an unspecified code of the
cooperative roots (020, 030, 040, 050, 060) makes no event; a dyadic reading
needs a named agent and target, as CAMEO itself codes only events between two
actors; and an unspecified material one ("190 use conventional force") needs a
target or place, so that "three soldiers died" or "the campaign struggled" is
no attack.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from kg.lexicons.cameo import Cameo, Pattern, Term, Verb, load_cameo

_OBJECT_DEPS = {"dobj", "nsubjpass", "attr", "oprd", "dative"}
_PARTICLE_DEPS = {"prt", "advmod", "npadvmod", "acomp"}
_MODIFIER_DEPS = {"compound", "amod", "nmod"}
# Roots of material conflict: their verbs' nouns name events ("a massacre", "the looting").
NOMINAL_ROOTS = frozenset({"14", "17", "18", "19", "20"})
# Roots whose events act on the ground and need one argument; the others are dyadic (see CameoReading).
MATERIAL_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})
STATEMENT_ROOT = "01"
# "Not specified" codes of the cooperative roots: too vague to be an event on their own.
VAGUE_CODES = frozenset({"020", "030", "040", "050", "060"})
# Regular English nominalisations: noun ending -> verb endings to try.
_SUFFIXES = (
    ("ations", ("ate", "e", "")), ("ation", ("ate", "e", "", "y")), ("sions", ("de", "d")), ("sion", ("de", "d")),
    ("tions", ("te", "")), ("tion", ("te", "e", "")), ("ings", ("", "e")), ("ing", ("", "e")),
)


@dataclass(frozen=True)
class CameoReading:
    """What the dictionary makes of a word: a code ('---' for no event) and its event type.

    ``specific`` says a pattern decided it (the words around the verb), not the verb's own code.
    ``dyadic`` codes (appeals, demands, criticism, rejection, cooperation, aid, ...) are events
    between two parties, as CAMEO codes them: they hold only with a named agent and target.
    ``needs_target``: an unspecified use of force holds only against someone or somewhere.
    """

    code: str
    type: str | None
    specific: bool

    @property
    def event(self) -> bool:
        return (self.code != "---" and self.type is not None and not self.code.startswith(STATEMENT_ROOT)
                and self.code not in VAGUE_CODES)

    @property
    def dyadic(self) -> bool:
        return self.code[:2] not in MATERIAL_ROOTS

    @property
    def verbal(self) -> bool:
        """Talk rather than action (CAMEO's verbal cooperation and conflict, and reduced relations)."""
        return self.code[:2] in {"02", "03", "04", "05", "10", "11", "12", "16"}

    @property
    def needs_target(self) -> bool:
        return not self.dyadic and len(self.code) == 3 and self.code.endswith("0")


def _forms(t: Token) -> tuple[str, str]:
    return t.lemma_.lower(), t.lower_


def _modifiers(t: Token) -> set[str]:
    return {w for c in t.children if c.dep_ in _MODIFIER_DEPS for w in _forms(c)}


def _phrase_fits(words: tuple[str, ...], head: Token) -> bool:
    """The phrase's last word is the head's, the others modify it ("{AIR STRIKE}")."""
    if words[-1] not in _forms(head):
        return False
    return set(words[:-1]) <= _modifiers(head)


def _term_fits(term: Term, heads: list[Token], words: set[str]) -> bool:
    if term.lasts.isdisjoint(words):
        return False
    for phrase in term.phrases:
        if len(phrase) == 1 and phrase[0] in words:
            return True
        if any(_phrase_fits(phrase, h) for h in heads):
            return True
    return False


class _Context:
    """The words around one verb that patterns are matched on."""

    def __init__(self, verb: Token) -> None:
        kids = list(verb.children)
        self.subjects = [c for c in kids if c.dep_ == "nsubj"]
        self.subjects += [p for c in kids if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        self.objects = [o for c in kids if c.dep_ in _OBJECT_DEPS for o in (c, *c.conjuncts)]
        self.preps = [c for c in kids if c.dep_ in ("prep", "agent")]
        self.subject_words = {w for s in self.subjects for w in _forms(s)}
        self.after_words = {w for o in self.objects for w in _forms(o)}
        self.after_words |= {w for c in kids if c.dep_ in _PARTICLE_DEPS for w in _forms(c)}
        self.after_words |= {c.lower_ for c in self.preps}
        self.after_words |= {m.lower_ for c in kids if c.dep_ in ("advcl", "ccomp") for m in c.children
                             if m.dep_ == "mark"}

    def fits(self, p: Pattern) -> bool:
        if not all(_term_fits(t, self.subjects, self.subject_words) for t in p.before):
            return False
        if not all(_term_fits(t, self.objects, self.after_words) for t in p.after):
            return False
        for words, obj in p.preps:
            preps = [c for c in self.preps if c.lower_ in words]
            if not preps:
                return False
            if obj is not None:
                pobjs = [o for c in preps for p_ in c.children if p_.dep_ == "pobj" for o in (p_, *p_.conjuncts)]
                if not _term_fits(obj, pobjs, {w for o in pobjs for w in _forms(o)}):
                    return False
        return True


def _multiword_fits(entry: Verb, verb: Token) -> bool:
    doc = verb.doc
    for i, word in enumerate(entry.after):
        j = verb.i + 1 + i
        particle = any(c.dep_ == "prt" and c.lower_ == word for c in verb.children)
        if not particle and (j >= len(doc) or word not in _forms(doc[j])):
            return False
    for i, word in enumerate(reversed(entry.before)):
        j = verb.i - 1 - i
        if j < 0 or word not in _forms(doc[j]):
            return False
    return True


def _lemmas(verb: Token) -> Iterator[str]:
    """The verb's lemma, then what undoing its inflection gives, where the lemmatizer erred ('staged' -> 'stag')."""
    yield verb.lemma_.lower()
    word = verb.lower_
    if word.endswith("ed"):
        yield from (word[:-1], word[:-2])  # "staged" -> "stage", "massed" -> "mass"
    elif word.endswith("ing"):
        yield from (word[:-3] + "e", word[:-3])


def _entry(verb: Token, cam: Cameo) -> Verb | None:
    """The dictionary entry a verb token is: a multi-word verb whose words are there, else the plain verb."""
    entries = next((cam.verbs[lemma] for lemma in _lemmas(verb) if lemma in cam.verbs), None)
    if not entries:
        return None
    multi = [e for e in entries if (e.before or e.after) and e.after != ("and",) and _multiword_fits(e, verb)]
    if multi:
        return max(multi, key=lambda e: len(e.before) + len(e.after))
    return next((e for e in entries if not (e.before or e.after)), None)


def verb_reading(verb: Token, cam: Cameo) -> CameoReading | None:
    """The dictionary's reading of a verb token in its sentence, or None for a verb it does not know."""
    entry = _entry(verb, cam)
    if entry is None:
        return None
    block = cam.blocks.get(entry.block)
    best: Pattern | None = None
    if block is not None:
        ctx = _Context(verb)
        candidates = block.candidates(ctx.subject_words, ctx.after_words)
        best = next((p for p in candidates if ctx.fits(p)), None)  # most specific first
    code = best.code if best is not None else entry.code
    return CameoReading(code, cam.type_of(code) if code != "---" else None, specific=best is not None)


@lru_cache(maxsize=8192)
def _nominal_code(word: str) -> str | None:
    cam = load_cameo()
    candidates = []
    for ending, replacements in _SUFFIXES:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            candidates += [stem + r for r in replacements]
            if ending.startswith("ing") and len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])  # "kidnapping" -> "kidnap"
    for verb in candidates:
        plain = next((e for e in cam.verbs.get(verb, ()) if not (e.before or e.after)), None)
        if plain is not None and plain.code[:2] in NOMINAL_ROOTS:
            return plain.code
    return None


def noun_reading(noun: Token, cam: Cameo) -> CameoReading | None:
    """The event a noun names, when it nominalises a dictionary verb of material conflict."""
    code = _nominal_code(noun.lower_)
    if code is None:
        return None
    return CameoReading(code, cam.type_of(code), specific=False)
