"""Named-entity spans to resolved actors and places, with the model's classes corrected by context.

The small English model mislabels in predictable ways: a surname that says
something comes out as ORG ("Dillon said"), "X told Outlet" as one WORK_OF_ART,
a transliterated town as PERSON. Each NER span is first looked up in the
gazetteer (exact identity), then re-classified from its syntax, then keyed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.entities.metonyms import acts_as_state, capitals
from kg.extract.entities.name_spans import NAME_CONNECTORS, in_place_slot, joined_ents
from kg.extract.entities.persons import person_name
from kg.lexicons.entity_words import lexicon
from kg.lexicons.gazetteer import ARTICLE_PREFIX, Gazetteer, Record
from kg.lexicons.geonames import geonames_place
from kg.lexicons.speech_lexicon import speech_lexicon
from kg.lexicons.translit import place_key, place_label
from kg.nlp.doctext import doc_tokens
from kg.nlp.tree import climb
from kg.vocab import slug

NUMERIC = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Words before a name that make it an armed group: "the paramilitary Rapid Support Forces", "rebel group M23".
ARMED_ROLE_WORDS = frozenset({"paramilitary", "militant", "militants", "rebel", "rebels", "insurgent", "insurgents",
                              "jihadist", "jihadists", "militia", "extremist", "separatist", "separatists",
                              "guerrilla", "guerrillas", "terrorist", "armed"})
# Last words of a non-state armed group's own name ("Rapid Support Forces", "Arakan Army").
ARMED_NAME_HEADS = frozenset({"forces", "army", "militia", "militias", "brigade", "brigades", "battalion",
                              "battalions", "guards"})
# Words of a state's own force name besides its demonym ("Sudanese Armed Forces"): left to the unit rules.
STATE_FORCE_WORDS = frozenset({"armed", "defence", "defense", "forces", "army", "navy", "air", "force", "military",
                               "police"})


@dataclass
class Candidate:
    """A span that names something, before it is registered."""

    start: int
    end: int
    key: str
    cls: str
    label: str
    attrs: dict = field(default_factory=dict)
    person: bool = False  # key still to be fixed by surname linking


def record_candidate(rec: Record, start: int, end: int) -> Candidate:
    """A candidate for a gazetteer record, carrying what the graph states about it."""
    attrs = {"wikidata": rec.wikidata, "located_in": list(rec.located_in), "coordinates": rec.coordinates}
    if rec.cls == "Unit" and rec.country:
        attrs["affiliation"] = [f"actor/{rec.country.split('/', 1)[1]}-government"]
    return Candidate(start, end, rec.key, rec.cls, rec.label, attrs)


def place_candidate(gaz: Gazetteer, text: str, start: int, end: int) -> Candidate:
    """A place not in the curated list: a GeoNames town or admin area (its coordinates, admin area and
    country), else keyed by its name without the Arabic article."""
    hit = geonames_place(text)
    if hit:
        attrs = {"coordinates": hit.coordinates, "located_in": hit.located_in}
        return Candidate(start, end, hit.key, "Location", hit.label, attrs)
    name = slug(place_key(text))
    return Candidate(start, end, f"location/{name}", "Location", place_label(name), {})


def known_candidate(gaz: Gazetteer, text: str, start: int, end: int, towns: bool = True) -> Candidate | None:
    """A candidate for a name the gazetteer knows, else (``towns``) for a GeoNames town or admin area."""
    key = gaz.lookup(text)
    rec = gaz.record(key) if key else None
    if rec is not None:
        return record_candidate(rec, start, end)
    return place_candidate(gaz, text, start, end) if towns and geonames_place(text) else None


def is_speaker(tok: Token) -> bool:
    """The token is the subject of a speech verb or the object of 'according to'."""
    verbs = speech_lexicon().verbs
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in verbs:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
        return True
    # "X told Y": X may be attached as a compound of the verb's object by the small model
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lemma_ in verbs and nxt.pos_ == "VERB"


def _after_stance(span: Span) -> bool:
    """The name follows 'pro-' or 'anti-' ('pro-Kyiv'): a side, not a person."""
    doc = span.doc
    return span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].lower_ in ("pro", "anti")


def armed_name(span: Span) -> bool:
    """An organisation the text presents as armed: by a role word before it or its own name's last word."""
    before = span.doc[span.start - 1].lower_ if span.start else ""
    return before in ARMED_ROLE_WORDS or span[-1].lower_ in ARMED_NAME_HEADS and len(span) > 1


def _looks_like_name(span: Span) -> bool:
    return all(t.text[:1].isupper() or t.is_punct or t.lower_ in NAME_CONNECTORS for t in span)


def _is_acronym(span: Span) -> bool:
    return len(span) == 1 and span.text.isupper()


def _known_town(text: str, population: int = 0) -> bool:
    """A GeoNames town or admin area of that name (a town of at least ``population`` people)."""
    place = geonames_place(text)
    return place is not None and (place.kind == "admin" or place.population >= population)


# Where an unknown name a model calls a person or organisation is still a place: "in/near/outside X".
_TOWN_SLOT = frozenset({"in", "near", "outside", "around", "into", "towards", "toward", "across", "inside"})
# A town that big is meant when a name the model calls an organisation is defended, besieged, shelled...
_BIG_TOWN = 100_000


def _title_fragment(span: Span) -> bool:
    """'Defense' in 'Secretary of Defense' / 'Defence Secretary': a word of a job title, not an organization."""
    doc, lex = span.doc, lexicon()
    if len(span) > 2:
        return False
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in ("secretary", "minister") and span.text.lower() in lex.person_titles:
        return True
    return span.start >= 2 and doc[span.start - 1].lower_ == "of" and \
        doc[span.start - 2].lower_.rstrip(".") in lex.person_titles


def _place_context(span: Span) -> bool:
    """A name in a place slot: after a spatial preposition or before a place noun."""
    lex = lexicon()
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in lex.place_prepositions or after in lex.place_nouns


def _names_a_place_noun(span: Span) -> bool:
    """'the Odesa and Mykolaiv regions', 'the Kherson province': the name (or the first of its
    conjuncts) modifies a following place noun, which only a place does."""
    first = climb(span.root, lambda t: t.dep_ == "conj")
    head = first.head
    return first.dep_ in ("nmod", "compound") and head.i > span.end - 1 and head.lemma_.lower() in lexicon().place_nouns


def _pieces(span: Span) -> list[Span]:
    """Split a span at verbs: 'Coffey told Military Times' -> 'Coffey', 'Military Times'."""
    out, start = [], span.start
    for tok in span:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_ in speech_lexicon().verbs:
            if tok.i > start:
                out.append(span.doc[start:tok.i])
            start = tok.i + 1
    if start < span.end:
        out.append(span.doc[start:span.end])
    return out


def _strip(span: Span) -> Span:
    """Drop determiners, quotes and possessives at the edges of a span."""
    doc = span.doc
    s, e = span.start, span.end
    while s < e and (doc[s].pos_ == "DET" or doc[s].is_punct or doc[s].is_space
                     or doc[s].lower_ in ("pro", "anti") and s + 1 < e and doc[s + 1].text == "-"):
        s += 1
    while e > s and (doc[e - 1].lower_ in ("'s", "'") or doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return doc[s:e]


class ActorResolver:
    """Turns NER spans into candidates (gazetteer first, then context rules)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz

    def candidates(self, doc: Doc, skip) -> list[Candidate]:
        out: list[Candidate] = []
        for ent in joined_ents(doc):
            if ent.label_ in NUMERIC or skip(ent.start_char, ent.end_char):
                continue
            if ent.ent_id_:
                rec = self.gaz.record(ent.ent_id_)
                span = _strip(ent)
                if rec is not None and len(span):
                    out.append(self._known(rec, span))
                continue
            pieces = _pieces(ent)
            split = len(pieces) != 1 or len(pieces[0]) != len(ent)
            for piece in pieces:
                piece = _strip(piece)
                if len(piece):
                    cand = self.classify(piece, "" if split else ent.label_)
                    if cand is not None:
                        out.append(cand)
        return out

    def untagged_speakers(self, doc: Doc, skip) -> list[Candidate]:
        """Capitalised names the NER missed that say or tell something: persons ('Hargreave told ...')."""
        out = []
        for tok in doc_tokens(doc):
            if tok.ent_type_ or tok.pos_ != "PROPN" or not tok.text[:1].isupper() or not is_speaker(tok):
                continue
            if tok.dep_ not in ("nsubj", "pobj") or skip(tok.idx, tok.idx + len(tok.text)):
                continue
            if self.gaz.lookup(tok.text) or self.gaz.country_of_adjective(tok.text):
                continue
            first = tok
            while first.i > 0 and doc[first.i - 1].pos_ == "PROPN" and doc[first.i - 1].dep_ == "compound" \
                    and not doc[first.i - 1].ent_type_:
                first = doc[first.i - 1]
            cand = self._person(doc[first.i:tok.i + 1])
            if cand is not None:
                out.append(cand)
        return out

    def classify(self, span: Span, label: str) -> Candidate | None:
        """One NER span (or a piece of one) to a candidate, or None for non-entities."""
        text = span.text
        s, e = span.start_char, span.end_char
        key = self.gaz.lookup(text)
        if key:
            rec = self.gaz.record(key)
            return self._known(rec, span) if rec else None
        if text.lower() in ("pro", "anti"):
            return None  # "Pro-" cut off "Pro-Moscow"
        if label in ("PERSON", "ORG") and _known_town(text) and (_after_stance(span) or acts_as_state(span.root)):
            place = self._state_or_place(place_candidate(self.gaz, text, s, e), span)
            if place.cls == "Country" or _after_stance(span):
                return place  # "Kinshasa accused Rwanda", "pro-Kyiv fighters"
        if label == "NORP":
            country = self.gaz.country_of_people(text)
            if country and span[-1].tag_ in ("NNPS", "NNS") or (country and text.endswith("s")):
                rec = self.gaz.record(country)
                return record_candidate(rec, s, e) if rec else None
            return None
        if label in PLACE_LABELS:
            country = self.gaz.country_key(text)
            if country and self.gaz.record(country):
                return record_candidate(self.gaz.record(country), s, e)
            if not _looks_like_name(span):
                return None
            if span.root.dep_ in ("nsubj", "nsubjpass") and is_speaker(span.root):
                return self._person(span)  # "Karimi warned ...": a place does not speak
            return self._state_or_place(place_candidate(self.gaz, text, s, e), span)
        if label and _looks_like_name(span) and not is_speaker(span.root):
            town = label in ("PERSON", "ORG") and _known_town(text)
            before = span.doc[span.start - 1].lower_ if span.start else ""
            if in_place_slot(span, label) or \
                    label in ("PERSON", "ORG") and ARTICLE_PREFIX.match(text) and _place_context(span) \
                    or town and (before in _TOWN_SLOT or _names_a_place_noun(span) or ARTICLE_PREFIX.match(text)
                                 and span.root.dep_ in ("dobj", "pobj")):
                return self._state_or_place(place_candidate(self.gaz, text, s, e), span)  # "besieged Al-Fashir"
        if label == "PERSON":
            if len(span) > 1 and span[-1].lower_ in lexicon().organization_words:
                return Candidate(s, e, f"actor/{slug(text)}", "Organization", text)  # "Royal Navy"
            return self._person(span)
        if label == "ORG":
            if '"' in text or not _looks_like_name(span) or _title_fragment(span) or len(span) > 8 \
                    or self._state_force(span):
                return None
            if span.root.dep_ in ("dobj", "pobj") and len(text) >= 5 and _known_town(text, _BIG_TOWN) \
                    and not self.gaz.lookup(text, places=False):
                return self._state_or_place(place_candidate(self.gaz, text, s, e), span)  # "defended El Fasher"
            institution = span[-1].lower_ in lexicon().organization_words | lexicon().outlet_words
            if len(span) <= 3 and not _is_acronym(span) and not institution and is_speaker(span.root):
                return self._person(span)
            return Candidate(s, e, f"actor/{slug(text)}", "ArmedGroup" if armed_name(span) else "Organization", text)
        if not label:  # a piece of a split span: a speaker or an outlet that was told
            if not _looks_like_name(span):
                return None
            if span[-1].lower_ in lexicon().outlet_words:
                return Candidate(s, e, f"actor/{slug(text)}", "Organization", text)
            if is_speaker(span.root) or span.root.dep_ in ("dobj", "dative"):
                return self._person(span)
        return None

    def _state_force(self, span: Span) -> bool:
        """'Sudanese Armed Forces', 'Nigerian Army': a state's force by its demonym, which the unit rules key."""
        words = [t for t in span if not t.is_punct]
        return len(words) > 1 and bool(self.gaz.country_of_adjective(words[0].text)) and \
            all(t.lower_ in STATE_FORCE_WORDS for t in words[1:])

    def _known(self, rec: Record, span: Span) -> Candidate:
        """A gazetteer record's candidate; a capital acting as its state is the state ('Ankara warned')."""
        return self._state_or_place(record_candidate(rec, span.start_char, span.end_char), span)

    def _state_or_place(self, cand: Candidate, span: Span) -> Candidate:
        """A capital acting as its state is the state ('Ankara warned', 'Khartoum rejected')."""
        state = capitals().get(cand.key) if cand.cls == "Location" else None
        rec = self.gaz.record(state) if state and acts_as_state(span.root) else None
        return record_candidate(rec, cand.start, cand.end) if rec else cand

    @staticmethod
    def _person(span: Span) -> Candidate | None:
        name = person_name(span)
        if name is None:
            return None
        return Candidate(name.start, name.end, "", "Person", name.name, person=True)
