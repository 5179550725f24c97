"""Numbered and named formations: "the 6th Infantry Division", "3rd Assault Brigade", "155th Marines".

A formation is a standing unit with a name of its own: an ordinal and capitalised
words ending in a formation noun, or capitalised words before a capitalised
formation noun ("Azov Brigade"). The small model tags such names ORG and drops the
ordinal ("Infantry Division" as an organisation), so the whole name is found from
the tokens first and outranks the pieces.

Whose formation it is comes from its modifiers ("Ukraine's 3rd Assault Brigade",
"the Ukrainian 47th Brigade"), else from the article's country; the key joins the
two, because every army has a 6th Division. Its strength is a number stated next to
it: "the 6th Infantry Division, about 3,000 soldiers", "a 2,000-strong brigade".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.lexicons.gazetteer import Gazetteer
from kg.nlp.doctext import doc_tokens

FORMATION_NOUNS = frozenset({"division", "divisions", "brigade", "brigades", "battalion", "battalions", "regiment",
                             "regiments", "corps", "army", "marines", "fleet", "squadron", "squadrons", "company",
                             "battery", "wing", "detachment", "group", "legion"})
# Named without an ordinal, only these are formations ("Azov Brigade"); "X Group" or "X Army" name organisations.
_NAMED_NOUNS = frozenset({"division", "brigade", "battalion", "regiment"})
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
_ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                            "tenth", "eleventh", "twelfth"})
_HEDGES = frozenset({"about", "around", "some", "nearly", "approximately", "roughly", "almost", "over", "at", "least",
                     "up", "to", "more", "than", "an", "estimated"})
_SIZE_NOUNS = frozenset({"soldiers", "troops", "men", "fighters", "personnel", "servicemen", "strong", "members"})


@dataclass(frozen=True)
class Formation:
    """A formation's name in the text (character offsets) and its stated strength."""

    start: int
    end: int
    name: str
    first: int  # token index of the name's first token
    last: int  # token index of the formation noun
    strength: str | None = None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def _ordinal(tok: Token) -> bool:
    return bool(_ORDINAL.match(tok.text)) or tok.text[:1].isupper() and tok.lower_ in _ORDINAL_WORDS


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha


class FormationRules:
    """Finds formation names and resolves whose formation each is."""

    def __init__(self, gaz: Gazetteer, doc: Doc) -> None:
        self.gaz, self.doc = gaz, doc

    def find(self, skip) -> list[Formation]:
        out: list[Formation] = []
        for tok in doc_tokens(self.doc):
            if tok.lower_ not in FORMATION_NOUNS or (out and tok.i <= out[-1].last):
                continue
            first = self._name_start(tok)
            if first is None:
                continue
            span = self.doc[first:tok.i + 1]
            if skip(span.start_char, span.end_char) or any(t.ent_id_ for t in span):
                continue  # furniture, or a name the gazetteer knows
            out.append(Formation(span.start_char, span.end_char, span.text, first, tok.i, self._strength(span)))
        return out

    def _name_start(self, head: Token) -> int | None:
        """First token of the formation name ending at ``head``, or None when ``head`` ends none."""
        doc, i = self.doc, head.i
        sent_start = head.sent.start
        while i - 1 >= sent_start and _capitalised(doc[i - 1]) and not _ordinal(doc[i - 1]) \
                and not self.gaz.country_of_adjective(doc[i - 1].text):
            i -= 1
        if i - 1 >= sent_start and _ordinal(doc[i - 1]) and (head.text[:1].isupper() or i == head.i):
            return i - 1  # "6th Infantry Division", "the 6th division"
        named = head.text[:1].isupper() and head.lower_ in _NAMED_NOUNS and i < head.i
        if named and doc[i].ent_type_ not in ("PERSON", "GPE", "NORP") and not doc[i].is_sent_start:
            return i  # "Azov Brigade"
        return None

    def _strength(self, span: Span) -> str | None:
        """'..., about 3,000 soldiers', '... of some 800 troops' after the name, or '2,000-strong' before it."""
        doc = self.doc
        j = span.end
        while j < len(doc) and (doc[j].text in (",", "(") or doc[j].lower_ in ("of", "with")):
            j += 1
        k = j
        while k < len(doc) and doc[k].lower_ in _HEDGES:
            k += 1
        if k < len(doc) and doc[k].like_num and k + 1 < len(doc) and doc[k + 1].lower_ in _SIZE_NOUNS:
            return doc[j:k + 1].text
        if span.start >= 3 and doc[span.start - 1].lower_ == "strong" and doc[span.start - 2].text == "-" \
                and doc[span.start - 3].like_num:
            return doc[span.start - 3].text
        return None

    def owner(self, form: Formation, mentions, home: str | None) -> str | None:
        """The country whose formation it is: the nearest country or demonym before the name in its sentence
        ("Ukraine's 47th Brigade", "the Sudanese army said its 6th Division"), else the article's."""
        doc = self.doc
        for i in range(form.first - 1, doc[form.first].sent.start - 1, -1):
            tok = doc[i]
            country = self.gaz.country_of_adjective(tok.text) if tok.text[:1].isupper() else None
            hit = next((m for m in mentions if m.start <= tok.idx < m.end and m.cls == "Country"), None)
            if country or hit:
                return country or hit.key
        return home
