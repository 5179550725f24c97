"""Organisation names the NER cuts up, ministries keyed by state, and acronyms defined in parentheses.

Institution names follow two English patterns: capitalised words ending in an
institution noun ("Manbij Military Council", "Levant Monitor") and an
institution noun with an "of/for" complement ("Ministry of Peshmerga Affairs").
The small model often keeps only a piece ("Military Council" as a PERSON), so
the whole name is found from the tokens and outranks its pieces.

A state's ministry has many names ("Turkey's Ministry of National Defence",
"the Turkish Defence Ministry"): it is keyed by the state and its portfolio, so
all of them meet. "National News Agency (NNA)" defines an acronym: the acronym
is the same organisation everywhere in the article.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.extract.entities.actors import Candidate, armed_name, record_candidate
from kg.lexicons.entity_words import lexicon
from kg.lexicons.gazetteer import Gazetteer
from kg.nlp.doctext import doc_text, doc_tokens
from kg.vocab import slug

_LINKS = {"of", "for", "and"}
_FORCE_QUALIFIERS = {"armed", "defence", "defense"}
_MINISTRY = "ministry"
# Words of a ministry's name that do not tell its portfolio.
_NOT_PORTFOLIO = {"ministry", "of", "for", "the", "and", "national", "affairs"}
_SPELLING = {"defense": "Defence"}
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z&.]{1,7})\s*\)")
# Lower-case nouns that end an organisation's name ("the Emergency Lawyers group") or, with "of" and a
# plural, describe an unnamed one ("a group of lawyers").
GROUP_NOUNS = frozenset({"group", "network", "committee", "coalition", "alliance", "association", "union",
                         "organisation", "organization", "collective", "federation", "syndicate"})


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ") and tok.is_alpha


class OrganisationNames:
    """Finds institution names by their head noun and keys them."""

    def __init__(self, gaz: Gazetteer, doc: Doc) -> None:
        self.gaz, self.doc, self.lex = gaz, doc, lexicon()
        self.heads = self.lex.organization_words | self.lex.outlet_words

    def candidates(self, skip) -> list[Candidate]:
        out = []
        for tok in doc_tokens(self.doc):
            if tok.lower_ in GROUP_NOUNS and tok.is_lower:
                cand = self._lower_head(tok, skip)
                if cand is not None:
                    out.append(cand)
                continue
            if tok.lower_ not in self.heads or not _capitalised(tok):
                continue
            start, end = self._extent(tok)
            if end - start < 2 or skip(self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1].text)):
                continue
            cand = self._keyed(start, end)
            if cand is not None:
                out.append(cand)
        return out

    def _lower_head(self, head: Token, skip) -> Candidate | None:
        """'the Emergency Lawyers group': capitalised words before a lower-case group noun name an organisation."""
        doc, gaz = self.doc, self.gaz
        start = head.i
        while start > head.sent.start and _capitalised(doc[start - 1]) and doc[start - 1].pos_ == "PROPN":
            start -= 1
        name = doc[start:head.i]
        if len(name) < 2 or doc[start].is_sent_start or any(t.ent_type_ and t.ent_type_ != "ORG" for t in name) \
                or any(t.ent_type_ == "ORG" and (t.ent_iob_ == "B") != (t.i == start) for t in name):
            return None  # one word, or a name the model tags otherwise: "the Democratic People('s) group"
        if all(gaz.country_of_adjective(t.text) for t in name) or skip(name.start_char, head.idx + len(head.text)):
            return None  # "a Syrian group": whose, not which
        key = gaz.lookup(name.text, places=False)
        rec = gaz.record(key) if key else None
        if rec is not None:
            return record_candidate(rec, name.start_char, head.idx + len(head.text))
        return Candidate(name.start_char, head.idx + len(head.text), f"actor/{slug(name.text)}", "Organization",
                         name.text)

    def unnamed(self, article_id: str, skip) -> list[Candidate]:
        """'a group of lawyers said', 'according to an association of doctors': an organisation the text
        describes without naming, when it says or does something. Its key is scoped to the article."""
        out = []
        for tok in doc_tokens(self.doc):
            if tok.lower_ not in GROUP_NOUNS or not tok.is_lower or not _acting(tok):
                continue
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            members = next((c for c in of.children if c.dep_ == "pobj" and c.tag_ == "NNS"), None) if of else None
            if members is None or not members.is_lower:
                continue
            span = self.doc[tok.i:members.i + 1]
            if skip(span.start_char, span.end_char):
                continue
            label = span.text
            out.append(Candidate(span.start_char, span.end_char, f"actor/{article_id}-{slug(label)}",
                                 "Organization", label))
        return out

    def _extent(self, head: Token) -> tuple[int, int]:
        """Token range of the name around its head noun: capitalised words before, 'of/for X' after."""
        doc = self.doc
        start = head.i
        while start > head.sent.start and _capitalised(doc[start - 1]):
            start -= 1
        end = head.i + 1
        if end + 1 < len(doc) and doc[end].lower_ in ("of", "for") and _capitalised(doc[end + 1]):
            j = end + 1
            while j < len(doc) and (_capitalised(doc[j]) or doc[j].lower_ in _LINKS and j + 1 < len(doc)
                                    and _capitalised(doc[j + 1])):
                j += 1
            end = j
        return start, end

    def _possessor(self, start: int) -> str | None:
        """'Turkey's Ministry ...': the state named just before the name."""
        doc = self.doc
        if start >= 2 and doc[start - 1].lower_ in ("'s", "'"):
            return self.gaz.country_key(doc[start - 2].text)
        return None

    def _keyed(self, start: int, end: int) -> Candidate | None:
        doc, gaz = self.doc, self.gaz
        span = doc[start:end]
        words = [t for t in span if t.lower_ not in _LINKS]
        country = self._possessor(start) or gaz.country_of_adjective(words[0].text)
        if all(gaz.country_of_adjective(t.text) or t.lower_ in self.heads or t.lower_ in self.lex.directions
               or t.lower_ in _FORCE_QUALIFIERS for t in words):
            return None  # "Turkish Army", "Sudanese Armed Forces": a state's force, left to the unit rules
        s, e = span.start_char, span.end_char
        if _MINISTRY in (t.lower_ for t in span) and country:
            return self._ministry(span, country, s, e)
        key = gaz.lookup(span.text, places=False)
        if key is None and country and self._possessor(start):
            key = gaz.lookup(f"{gaz.adjective(country)} {span.text}", places=False)
        if key is None and len(words) > 1:
            key = gaz.lookup(doc[start:end - 1].text, places=False)  # "Islamic State group", "Houthi movement"
            key = key if key and not key.startswith(("country/", "location/")) else None
        if key is not None:
            rec = gaz.record(key)
            return record_candidate(rec, s, e) if rec else None
        return Candidate(s, e, f"actor/{slug(span.text)}", "ArmedGroup" if armed_name(span) else "Organization",
                         span.text)

    def _ministry(self, span, country: str, s: int, e: int) -> Candidate:
        """A state's ministry, named by its portfolio: 'Lebanese Foreign Ministry'."""
        gaz = self.gaz
        portfolio = [_SPELLING.get(t.lower_, t.text) for t in span
                     if t.lower_ not in _NOT_PORTFOLIO and not gaz.country_of_adjective(t.text)]
        adjective = gaz.adjective(country)
        names = [f"{adjective} {' '.join(portfolio)} Ministry", f"{adjective} Ministry of {' '.join(portfolio)}"]
        for name in names:
            key = gaz.lookup(name, places=False)
            rec = gaz.record(key) if key else None
            if rec is not None and rec.cls != "Country":
                return record_candidate(rec, s, e)
        return Candidate(s, e, f"actor/{slug(names[0])}", "Organization", names[0])


def _acting(tok: Token) -> bool:
    """The noun says or does something: a verb's subject, or the one something is 'according to'."""
    if tok.dep_ == "nsubj":
        return tok.head.pos_ in ("VERB", "AUX")
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


def link_acronyms(doc: Doc, cands: list[Candidate], taken) -> list[Candidate]:
    """'National News Agency (NNA)': every 'NNA' of the article is that organisation.

    Re-keys the acronym's candidates in place and returns candidates for its
    occurrences the NER left untagged.
    """
    text = doc_text(doc)
    defined: dict[str, Candidate] = {}
    for c in cands:
        m = _ACRONYM.match(text, c.end + 1) if text[c.end:c.end + 1] == " " else None
        if m and c.cls != "Location" and initials_fit(m.group(1), text[c.start:c.end]):
            if c.cls == "Person":
                c.cls, c.person = "Organization", False
                c.key = c.key or f"actor/{slug(c.label)}"
            defined.setdefault(m.group(1), c)
    if not defined:
        return []
    for c in cands:
        owner = defined.get(text[c.start:c.end])
        if owner is not None and c is not owner:
            c.key, c.cls, c.label, c.person = owner.key, owner.cls, owner.label, False
    out = []
    for tok in doc_tokens(doc):
        owner = defined.get(tok.text)
        if owner is not None and not taken(tok.idx, tok.idx + len(tok.text)) \
                and not any(c.start <= tok.idx < c.end for c in cands):
            out.append(Candidate(tok.idx, tok.idx + len(tok.text), owner.key, owner.cls, owner.label))
    return out


def initials_fit(acronym: str, name: str) -> bool:
    """The acronym's letters are initials of the name's words, in order ('NNA', 'National News Agency')."""
    initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w[0].isalpha()).upper()
    letters = [c for c in acronym.upper() if c.isalpha()]
    pos = 0
    for ch in letters:
        pos = initials.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return letters[:1] == [initials[:1]]
