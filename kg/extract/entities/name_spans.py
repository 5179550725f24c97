"""Name spans the small NER cuts up, and the slots that make an unknown name a place.

The model splits Arabic names at their connectors ("Ayta" + "ash-" + "Shab",
"Abd-Rabbu" + "Mansour Hadi") and types unknown village names PERSON or ORG.
Two adjacent name pieces are one name when only connectors stand between them
and the first modifies the second in the parse. An unknown name is a place when
the text puts it in a place slot: "the village/towns/outskirts of X", "north of X",
"near/outside/around X", "X district", or in a list after such a slot.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.lexicons.entity_words import lexicon
from kg.nlp.doctext import doc_text

_JOINABLE = {"PERSON", "ORG", "PRODUCT", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT"}
# Words that join the parts of an Arabic name: articles and kinship/servant particles.
NAME_CONNECTORS = frozenset({"al", "el", "at", "ar", "as", "ash", "ad", "an", "az", "ath", "bin", "ibn", "bint", "abu",
                             "abd", "abdul", "abdel", "de", "van"})
_AIM_VERBS = {"aim", "point", "look", "fire", "shoot", "direct", "laugh", "shout", "glance", "stare", "arrive"}


def _hyphen(tok: Token) -> bool:
    """A hyphen inside a name ('Al-Fashir'), not a spaced dash between two ('Nigeria - Nigerian')."""
    return tok.text == "-" and not tok.whitespace_ and (tok.i == 0 or not tok.doc[tok.i - 1].whitespace_)


def _joins(left: Span, right: Span) -> bool:
    doc = left.doc
    if left.ent_id_ or right.ent_id_ or left.label_ not in _JOINABLE or right.label_ not in _JOINABLE:
        return False
    gap = doc[left.end:right.start]
    if len(gap) > 2 or any(t.lower_ not in NAME_CONNECTORS and not _hyphen(t) for t in gap):
        return False
    if "\n" in doc_text(doc)[left.end_char:right.start_char]:
        return False
    if not all(t.text[:1].isupper() or t.text == "-" for t in (*left, *right)):
        return False
    return any(right.start <= t.head.i < right.end for t in (*left, *gap))


def _extended(span: Span) -> Span:
    """'Umm' + 'ash-Shayf': an untagged article-joined part the span's last word modifies belongs to it."""
    doc, end = span.doc, span.end
    while end < len(doc):
        j = end + 2 if doc[end].lower_ in NAME_CONNECTORS and end + 1 < len(doc) and _hyphen(doc[end + 1]) \
            else end + 1 if _hyphen(doc[end]) else end
        if j == end or j >= len(doc) or doc[j].ent_type_ or doc[j].pos_ != "PROPN" or not doc[j].text[:1].isupper():
            break
        if not end <= doc[end - 1].head.i <= j:
            break
        end = j + 1
    return span if end == span.end else Span(doc, span.start, end, label=span.label_)


def joined_ents(doc: Doc) -> list[Span]:
    """The doc's entities, with the pieces of one cut-up name joined (PERSON if any piece is)."""
    out: list[Span] = []
    for ent in doc.ents:
        if not ent.ent_id_ and ent.label_ in _JOINABLE:
            ent = _extended(ent)
        if out and _joins(out[-1], ent):
            prev = out[-1]
            label = "PERSON" if "PERSON" in (prev.label_, ent.label_) else prev.label_
            out[-1] = Span(doc, prev.start, ent.end, label=label)
        else:
            out.append(ent)
    return out


def _name_start(tok: Token) -> int:
    """First token of the name ``tok`` ends ('Bint' for 'Jbeil' in 'Bint Jbeil')."""
    doc, i = tok.doc, tok.i
    while i > 0 and (doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper() or _hyphen(doc[i - 1])
                     or doc[i - 1].lower_ in NAME_CONNECTORS and _hyphen(doc[i])):
        i -= 1
    return i


def _cue_before(doc: Doc, i: int, end: int, org: bool) -> bool:
    """A place slot opens just before token ``i``: 'the village of', 'near', 'outside'..."""
    if i == 0:
        return False
    lex = lexicon()
    prev = doc[i - 1]
    word = prev.lower_
    if word == "of":  # "the village of X"; "north of X", a compass point (not "northern")
        before = doc[i - 2].lower_ if i >= 2 else ""
        return before in lex.place_of_nouns or lex.directions.get(before, before) != before
    possessive = end < len(doc) and doc[end].lower_ in ("'s", "'")
    if word in lex.place_slot_prepositions and not possessive:
        return True
    if word == "between":
        return prev.head.lemma_ in lex.place_nouns
    if word in ("in", "at") and not org and not possessive:
        return prev.head.lemma_ not in _AIM_VERBS
    return False


def in_place_slot(span: Span, label: str) -> bool:
    """The text puts this (unknown) name where a place goes."""
    doc, lex = span.doc, lexicon()
    if span[-1].lower_ in lex.organization_words or span[-1].lower_ in lex.outlet_words:
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in lex.place_nouns and nxt.pos_ == "NOUN":
        return True
    org = label == "ORG" and (len(span) > 1 or span.text.isupper())
    if _cue_before(doc, span.start, span.end, org):
        return True
    root = span.root
    if root.dep_ == "conj" and root.head.i < span.start:  # "the towns of X and Y"
        head = root.head
        return _cue_before(doc, _name_start(head), head.i + 1, org)
    return False

