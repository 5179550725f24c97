"""Actor references the NER does not tag as names.

- "Russian officials", "the Russians"        -> the country (an actor)
- "the U.S. military", "American military"    -> the state's military (an Organization)
- "Lebanese authorities", "Turkish government" -> the state's government
- "the regime", "the government"              -> the government of the article's country
- "the coalition", "coalition"                -> the coalition the article names (or fights in its country)
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.entities.actors import Candidate, record_candidate
from kg.extract.entities.metonyms import capitals
from kg.lexicons.entity_words import lexicon
from kg.lexicons.gazetteer import Gazetteer
from kg.lexicons.geonames import geonames_place
from kg.nlp.doctext import doc_tokens


class ReferenceRules:
    """Token rules over the parsed doc; ``countries_at`` maps a token index to a country named there."""

    def __init__(self, gaz: Gazetteer, doc: Doc, countries_at: dict[int, str]) -> None:
        self.gaz, self.doc, self.countries_at, self.lex = gaz, doc, countries_at, lexicon()

    def _country_before(self, tok: Token) -> tuple[str, int] | None:
        """The country named by the token just before ``tok`` (a demonym or a country name)."""
        if tok.i == 0:
            return None
        prev = self.doc[tok.i - 1]
        if prev.i in self.countries_at:
            start = prev.i
            while start - 1 in self.countries_at and self.countries_at[start - 1] == self.countries_at[prev.i]:
                start -= 1
            return self.countries_at[prev.i], start
        if prev.pos_ in ("ADJ", "PROPN") and prev.text[:1].isupper():
            country = self.gaz.country_of_adjective(prev.text)
            if country:
                return country, prev.i
        return None

    def _past_roles(self, tok: Token) -> Token:
        """'Iraqi security officials': the first of up to two role modifiers before the noun (not 'military',
        which names an actor of its own)."""
        first = tok
        for _ in range(2):
            prev = self.doc[first.i - 1] if first.i else None
            if prev is None or not (prev.is_lower and prev.is_alpha) or prev.dep_ not in ("compound", "amod") \
                    or prev.lower_ == "military":
                break
            first = prev
        return first

    def actor_phrases(self) -> list[Candidate]:
        out = []
        for tok in doc_tokens(self.doc):
            low = tok.lower_
            if low == "military" and tok.pos_ in ("NOUN", "ADJ", "PROPN"):
                found = self._country_before(tok)
                if found:
                    country, start = found
                    out.append(self._military(country, start, tok))
            elif low in self.lex.official_nouns and tok.tag_ in ("NNS", "NNPS"):
                found = self._country_before(self._past_roles(tok))
                if found:
                    country, start = found
                    rec = self.gaz.record(country)
                    if rec:
                        out.append(record_candidate(rec, self.doc[start].idx, tok.idx + len(tok.text)))
            elif low in self.lex.government_nouns and tok.pos_ == "NOUN":
                found = self._country_before(tok)
                if found:
                    country, start = found
                    key = self.gaz.government_of(country)
                    out.append(Candidate(self.doc[start].idx, tok.idx + len(tok.text), key, "Organization",
                                         self.gaz.government_label(country), {}))
        return out

    def _seat_after(self, tok: Token) -> str | None:
        """'the government in Juba', 'the regime in Damascus': the state whose capital follows."""
        doc = self.doc
        if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "in" or not doc[tok.i + 2].text[:1].isupper():
            return None
        place = doc[tok.i + 2]
        key = self.gaz.lookup(place.text)
        town = geonames_place(place.text)
        return capitals().get(key or "") or (capitals().get(town.key) if town else None)

    def _military(self, country: str, start: int, tok: Token) -> Candidate:
        label = f"{self.gaz.adjective(country)} military"
        key = f"actor/{country.split('/', 1)[1]}-military"
        return Candidate(self.doc[start].idx, tok.idx + len(tok.text), key, "Organization", label)

    def bare(self, home_government: str | None, coalition: str | None) -> list[Candidate]:
        """'the regime' / 'the government' / 'the coalition' without a name: the article's one."""
        out = []
        for tok in doc_tokens(self.doc):
            low = tok.lower_
            if low == "coalition" and coalition:
                prev = self.doc[tok.i - 1] if tok.i else None
                if prev is not None and (prev.pos_ in ("ADJ", "PROPN") or prev.text == "-"):
                    continue  # "a Sunni Arab coalition", "US-led coalition": another or a named one
                rec = self.gaz.record(coalition)
                if rec:
                    out.append(record_candidate(rec, tok.idx, tok.idx + len(tok.text)))
            elif low in ("regime", "government") and home_government and tok.pos_ in ("NOUN", "ADJ", "PROPN"):
                prev = self.doc[tok.i - 1] if tok.i else None
                if prev is not None and prev.lower_ in ("the", "pro", "-") or tok.head.lemma_ in ("align", "back"):
                    state = self._seat_after(tok)
                    key = self.gaz.government_of(state) if state else home_government
                    rec = self.gaz.record(key)
                    label = rec.label if rec else self.gaz.government_label(state) if state else key
                    out.append(Candidate(tok.idx, tok.idx + len(tok.text), key, "Organization", label))
        return out
