"""Find event triggers: the words that say something happened.

Two lexicons name them. The hand-made one (:mod:`kg.lexicons.event_triggers`)
maps verb lemmas, nominalisations and multi-word phrases to event-type
concepts; many of its words are only events with the right object ("drop
leaflets", "bolster its presence") or the right modifier ("phone call",
"kinetic action"), so senses carry constraints checked on the dependency
parse. PETRARCH's CAMEO dictionary (:mod:`kg.extract.events.cameo`) covers the
rest of the CAMEO scheme, thousands of verbs whose patterns read the words
around them. Where both know a word, the hand lexicon's senses decide, unless a
CAMEO pattern says the words around it make it no event or an event of another
family ("struck a deal", "attacked the plan", "fight corruption"). Light verbs
("launch a strike", "issue a warning", "thwarted an attack") are not triggers
themselves: their object noun is.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.events.cameo import CameoReading, noun_reading, verb_reading
from kg.lexicons.cameo import Cameo, load_cameo
from kg.lexicons.event_triggers import Lexicon, Sense
from kg.nlp.doctext import span_tokens

# Dependents that make a word part of a name or a modifier rather than an event word.
_MODIFIER_DEPS = {"compound", "amod", "nmod", "npadvmod"}
_THEME_DEPS = {"dobj", "nsubjpass", "attr", "oprd"}
_QUANTITY_HEADS = {
    "thousand", "hundred", "dozen", "ton", "tonne", "number", "batch", "lot", "load", "crate", "million",
}


@dataclass(frozen=True)
class Trigger:
    """A word (or phrase) that names an event, with its syntactic head."""

    head: Token
    start: int  # token index of the first trigger word
    end: int  # token index after the last trigger word
    type: str
    nominal: bool
    needs_arg: bool = False
    future: bool = False  # a promised act ("would retaliate"): the promise is the event
    named_by: Token | None = None  # the definite event noun a verb tells more of ("the bombardment hit ...")
    dyadic: bool = False  # an event between two parties (CAMEO's appeals, criticism, ...): needs agent and target
    needs_target: bool = False  # an unspecified use of force (CAMEO x0 codes): needs a target or place
    attempt: Token | None = None  # the noun of "a hijacking attempt", which heads the trigger's phrase
    cameo: bool = False  # found by the CAMEO dictionary alone: its fine type tells no kind of event apart

    @property
    def word(self) -> Token:
        """The word that names the event (for a verb continuing an event noun, that noun)."""
        return self.named_by if self.named_by is not None else self.head


def is_passive(verb: Token) -> bool:
    """True for a passive verb ("was struck", "the convoy hit by"). A passive auxiliary beside an
    active subject is a parser slip on an acronym ("IS fighters killed ..." read as "is"): active."""
    deps = {c.dep_ for c in verb.children}
    if deps & {"nsubjpass", "agent"} or ("auxpass" in deps and "nsubj" not in deps):
        return True
    return verb.tag_ == "VBN" and verb.dep_ == "acl" and not is_predicate(verb)


def themes(verb: Token) -> list[Token]:
    """What a verb acts on: its object, its passive subject, or the noun a relative clause modifies."""
    out = [c for c in verb.children if c.dep_ in _THEME_DEPS]
    if not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children) and verb.dep_ in ("relcl", "acl"):
        out.append(verb.head)
    expanded = []
    for t in out:
        expanded.append(t)
        expanded.extend(c for c in t.conjuncts)
        if t.lemma_.lower() in _QUANTITY_HEADS:  # "thousands of leaflets"
            of_phrases = (c for c in t.children if c.dep_ == "prep" and c.lower_ == "of")
            expanded.extend(p for c in of_phrases for p in c.children if p.dep_ == "pobj")
    return expanded


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def promised(verb: Token, lex: Lexicon) -> bool:
    """"would retaliate", "will respond", "vowed to avenge": an act announced for the future."""
    if any(c.dep_ == "aux" and c.lower_ in lex.words("future_auxiliaries") for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.words("commissive_verbs")


def is_predicate(t: Token) -> bool:
    """A verb heading a clause, including two parser slips on news sentences: a fronted
    "X deployed along ..., a source said" read as a noun's modifier (its noun is then a second
    subject of the reporting verb), and a past-tense verb tagged as an adjective."""
    if t.dep_ == "acl":
        noun = t.head
        return noun.dep_ == "nsubj" and sum(c.dep_ == "nsubj" for c in noun.head.children) > 1
    if t.pos_ == "ADJ":
        return t.tag_ == "VBD" or (t.dep_ in ("ROOT", "ccomp", "conj") and t.lower_.endswith("ed"))
    return t.pos_ == "VERB"


def _verb_lemma(t: Token, lex: Lexicon) -> str | None:
    """The lexicon verb a token is, trying the tagger's lemma and then the plain past-tense forms."""
    for lemma in (_lemma(t), t.lower_[:-1], t.lower_[:-2]) if t.pos_ == "ADJ" else (_lemma(t),):
        if lemma in lex.verbs:
            return lemma
    return None


def _sense_fits(sense: Sense, token: Token, nominal: bool, lex: Lexicon) -> bool:
    if sense.future and not promised(token, lex):
        return False
    if sense.plural and token.tag_ not in ("NNS", "NNPS"):
        return False
    if sense.particles and not any(c.dep_ == "prt" and c.lower_ in sense.particles for c in token.children):
        return False
    preps = [c for c in token.children if c.dep_ in ("prep", "prt", "advmod") and c.lower_ in sense.preps]
    if sense.preps and not preps:
        return False
    if sense.destinations and not any(
        _lemma(o) in sense.destinations for p in preps for o in p.children if o.dep_ == "pobj"
    ):
        return False
    if sense.objects:
        objs = themes(token) if not nominal else []
        if not any(_lemma(o) in sense.objects or o.lower_ in sense.objects for o in objs):
            return False
    if sense.mods and not any(
        c.dep_ in _MODIFIER_DEPS | {"compound"} and (_lemma(c) in sense.mods or c.lower_ in sense.mods)
        for c in token.children
    ):
        return False
    return True


def _choose(senses: tuple[Sense, ...], token: Token, nominal: bool, lex: Lexicon) -> Sense | None:
    return next((s for s in senses if _sense_fits(s, token, nominal, lex)), None)


def _phrase_at(sent: Span, i: int, lex: Lexicon) -> tuple[int, str] | None:
    """The end index and type of the longest lexicon phrase starting at token i."""
    doc = sent.doc
    first = doc[i]
    for key in (first.lower_, _lemma(first)):
        for words, etype in lex.phrases.get(key, ()):
            j, k = i, 0
            while k < len(words) and j < sent.end:
                tok = doc[j]
                if tok.text == "-":
                    j += 1
                    continue
                if words[k] not in (tok.lower_, _lemma(tok)):
                    break
                j, k = j + 1, k + 1
            if k == len(words):
                return j, etype
    return None


def _phrase_head(doc, start: int, end: int) -> Token:
    """The phrase word whose head lies outside the phrase (the last word of a noun compound)."""
    outside = [t for t in doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
    if not outside:
        return doc[start]
    last = doc[end - 1]
    return last if last in outside and last.pos_ in ("NOUN", "PROPN") else outside[0]


def find_triggers(sent: Span, lex: Lexicon) -> list[Trigger]:
    """Every trigger in a sentence, in text order (phrases win over their single words)."""
    doc = sent.doc
    out: list[Trigger] = []
    covered: set[int] = set()
    for i in range(sent.start, sent.end):
        hit = _phrase_at(sent, i, lex)
        if hit:
            end, etype = hit
            head = _phrase_head(doc, i, end)
            out.append(Trigger(head, i, end, etype, nominal=head.pos_ not in ("VERB", "AUX")))
            covered.update(range(i, end))
    cam = load_cameo()
    for t in span_tokens(sent):
        if t.i in covered:
            continue
        if t.pos_ in ("VERB", "ADJ"):
            tr = _verb_trigger(t, lex, cam)
        elif t.pos_ == "NOUN":
            tr = _noun_trigger(t, lex, cam)
        else:
            tr = None
        if tr is not None:
            out.append(tr)
    out.sort(key=lambda tr: tr.start)
    return out


def _overrides(reading: CameoReading | None, sense: Sense) -> bool:
    """Whether a CAMEO pattern outvotes a fitting hand sense: the words around the verb make it no event
    ("fight corruption") or talk rather than action ("attacked the plan", "struck a deal"). A sense that
    named the words it needs ("dropped leaflets", "agreed with") stands."""
    if reading is None or not reading.specific or _constrained(sense):
        return False
    return reading.code == "---" or (reading.event and reading.verbal)


def _constrained(sense: Sense) -> bool:
    """A sense that holds only with the words it names around it ("drop leaflets", "agree with")."""
    return bool(sense.objects or sense.preps or sense.particles or sense.mods or sense.destinations)


def _cameo_trigger(t: Token, reading: CameoReading, nominal: bool) -> Trigger:
    return Trigger(t, t.i, t.i + 1, reading.type, nominal=nominal, needs_arg=True,
                   dyadic=reading.dyadic and not nominal, needs_target=reading.needs_target, cameo=True)


def _verb_trigger(t: Token, lex: Lexicon, cam: Cameo) -> Trigger | None:
    """A verb of the hand lexicon with a fitting sense (unless a CAMEO pattern outvotes it), or a verb
    only the CAMEO dictionary knows."""
    if t.dep_ in ("amod", "compound", "pobj", "nmod"):  # "Iran-backed", "border-crossing"
        return None
    if not is_predicate(t) and not any(c.dep_ == "agent" for c in t.children):
        return None  # "units deployed in ...", "coalition battling ISIS": descriptions, not reports
    verb = _verb_lemma(t, lex)
    reading = verb_reading(t, cam) if t.pos_ == "VERB" else None
    if verb is None:
        if reading is None or not reading.event:
            return None
        if _lemma(t) in lex.words("non_asserting_governors") and not reading.verbal:
            return None  # "wants those forces out": a wish, not an act
        return _cameo_trigger(t, reading, nominal=False)
    sense = _choose(lex.verbs[verb], t, nominal=False, lex=lex)
    if sense is None:
        return None
    if _overrides(reading, sense):
        return _cameo_trigger(t, reading, nominal=False) if reading.event else None
    return Trigger(t, t.i, t.i + 1, sense.type, nominal=False, needs_arg=sense.needs_arg, future=sense.future)


def _noun_trigger(t: Token, lex: Lexicon, cam: Cameo) -> Trigger | None:
    """An event noun; one that modifies an attempt ("a hijacking attempt") heads the event as that attempt."""
    attempt = t.head if t.dep_ == "compound" and _lemma(t.head) in lex.words("attempt_nouns") else None
    if t.dep_ == "compound" and attempt is None:
        return None
    lemma = _lemma(t)
    senses = lex.nouns.get(lemma) or lex.nouns.get(t.lower_)
    if senses:
        sense = _choose(senses, t, nominal=True, lex=lex)
        if sense is None:
            return None
        start = min([t.i] + [c.i for c in t.children if c.dep_ == "compound" and _lemma(c) in sense.mods])
        tr = Trigger(t, start, t.i + 1, sense.type, nominal=True, needs_arg=sense.needs_arg)
    else:
        reading = noun_reading(t, cam)
        if reading is None or not reading.event:
            return None
        tr = _cameo_trigger(t, reading, nominal=True)
    if attempt is not None:
        # the attempt noun carries the clause ("thwarted a hijacking attempt on a vessel"): read it as the head
        return Trigger(attempt, tr.start, attempt.i + 1, tr.type, nominal=True, needs_arg=tr.needs_arg,
                       attempt=attempt, cameo=tr.cameo)
    return tr
