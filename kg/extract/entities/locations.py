"""Place rules beyond the gazetteer: suffixes, regions, transliterated names, zones.

- "<Place> border crossing / garrison / region / base" names the place itself
  (one key), while "<Place> province / highway" is a place of its own inside it.
- "<direction> <Country>" ("southern Syria", "southeast Syria") is a region in the country.
- "al-X" / "as-X" in a place slot (after "in", "towards"..., before "region") is a place.
- "<kind> zone/area" ("deconfliction zone", "non-conflict area") is a zone keyed by
  its kind (and its place, when one is named); a bare "the zone" is the last zone named.
- A wire dateline's upper-case place ("MAIDUGURI, Nigeria - ") is a known place or a GeoNames
  town, which the model, reading capitals, seldom tags.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.extract.context import ArticleContext
from kg.extract.dateline import find_dateline
from kg.extract.entities.actors import Candidate, known_candidate, place_candidate, record_candidate
from kg.extract.entities.tokens import TokenLocator
from kg.lexicons.entity_words import lexicon
from kg.lexicons.gazetteer import Gazetteer
from kg.nlp.doctext import doc_tokens
from kg.vocab import slug

_TRANSLIT_PREFIX = {"al", "el", "ash", "ad", "ar", "az", "as", "an", "at", "ath", "adh"}
_HYPHEN_ONLY_PREFIX = {"as", "an", "at", "ad", "ar"}  # English words unless hyphen-joined


def _words(tokens: list[Token]) -> tuple[str, ...]:
    return tuple(t.lower_ for t in tokens)


def dateline_place(gaz: Gazetteer, ctx: ArticleContext) -> Candidate | None:
    """The place of the article's dateline, when it is a known place or a GeoNames town."""
    dateline = find_dateline(ctx)
    if dateline is None:
        return None
    start, end = dateline.place
    cand = known_candidate(gaz, ctx.text[start:end], start, end)
    return cand if cand is not None and cand.cls in ("Location", "Country") else None


class PlaceRules:
    """Refines place candidates and finds places the NER missed."""

    def __init__(self, gaz: Gazetteer, doc: Doc, text: str, locate: TokenLocator) -> None:
        self.gaz, self.doc, self.text, self.locate, self.lex = gaz, doc, text, locate, lexicon()

    # -- refinements of existing candidates ------------------------------------
    def refine(self, cands: list[Candidate]) -> list[Candidate]:
        out = []
        for cand in self._join_roads(cands):
            if cand.cls in ("Location", "Country"):
                cand = self._region(cand) or self._with_suffix(cand)
            out.append(cand)
        return out

    def _with_suffix(self, cand: Candidate) -> Candidate:
        if cand.cls == "Country":
            return cand
        nxt = self.locate.after(cand.end, 3)
        words = _words(nxt)
        for suffix in self.lex.place_suffixes_same:
            if words[: len(suffix)] == suffix:
                cand.end = nxt[len(suffix) - 1].idx + len(nxt[len(suffix) - 1].text)
                return cand
        if words and words[0] in self.lex.place_suffixes_own:
            kind = self.lex.place_suffixes_own[words[0]]
            end = nxt[0].idx + len(nxt[0].text)
            return Candidate(cand.start, end, f"{cand.key}-{kind}", "Location", f"{cand.label} {kind}",
                             {"located_in": [cand.key]})
        return cand

    def _region(self, cand: Candidate) -> Candidate | None:
        """'southern Syria': a direction word before (or opening) a country or region name."""
        text = self.text
        first = text[cand.start:cand.end].split()[0].lower()
        if first in self.lex.directions and cand.cls == "Location":
            rest = text[cand.start + len(first):cand.end].strip()
            base = self.gaz.country_key(rest) or self.gaz.lookup(rest)
            return self._region_of(first, base, cand.start, cand.end) if base else None
        tok = self.locate.at(cand.start)
        if tok is None or tok.i == 0:
            return None
        prev = self.doc[tok.i - 1]
        word = prev.lower_
        if word == "-" and tok.i >= 2:  # "south-east Syria" is rare; "southeast Syria" is one token
            return None
        if word in self.lex.directions and prev.pos_ in ("ADJ", "PROPN", "NOUN", "ADV"):
            return self._region_of(word, cand.key, prev.idx, cand.end)
        return None

    def _region_of(self, word: str, base: str, start: int, end: int) -> Candidate | None:
        rec = self.gaz.record(base)
        if rec is None:
            return None
        direction = self.lex.directions[word]
        name = base.split("/", 1)[1]
        return Candidate(start, end, f"location/{direction}-{name}", "Location", f"{direction} {rec.label}",
                         {"located_in": [base]})

    def _join_roads(self, cands: list[Candidate]) -> list[Candidate]:
        """'Homs-Palmyra highway': two places joined by a hyphen before a road noun are one road."""
        roads = {"highway", "road", "motorway"}
        out: list[Candidate] = []
        i = 0
        text = self.text
        while i < len(cands):
            a = cands[i]
            b = cands[i + 1] if i + 1 < len(cands) else None
            if b and a.cls in ("Location", "Country") and b.cls in ("Location", "Country") \
                    and text[a.end:b.start].strip() == "-":
                nxt = _words(self.locate.after(b.end, 1))
                if nxt and nxt[0] in roads:
                    ends = sorted([a.label, b.label])
                    label = f"{ends[0]}-{ends[1]} {nxt[0]}"
                    end = b.end + text[b.end:].index(nxt[0]) + len(nxt[0])
                    out.append(Candidate(a.start, end, f"location/{slug(label)}", "Location", label))
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    # -- places the NER missed ---------------------------------------------------
    def transliterated(self, taken) -> list[Candidate]:
        """'al-Shahmi region', 'towards as-Suwayda': Arabic-article names in a place slot."""
        doc, out = self.doc, []
        for tok in doc_tokens(doc):
            if tok.lower_ not in _TRANSLIT_PREFIX or tok.i + 2 >= len(doc):
                continue
            hyphen = doc[tok.i + 1].text == "-" and not tok.whitespace_
            if tok.lower_ in _HYPHEN_ONLY_PREFIX and not hyphen:
                continue
            j = tok.i + (2 if hyphen else 1)
            if not doc[j].text[:1].isupper() or not doc[j].is_alpha:
                continue
            end = j + 1
            span = doc[tok.i:end]
            if taken(span.start_char, span.end_char):
                continue
            before = doc[tok.i - 1].lower_ if tok.i else ""
            after = doc[end].lower_ if end < len(doc) else ""
            if before not in self.lex.place_prepositions and after not in self.lex.place_nouns:
                continue
            key = self.gaz.lookup(span.text)
            rec = self.gaz.record(key) if key else None
            cand = record_candidate(rec, span.start_char, span.end_char) if rec else \
                place_candidate(self.gaz, span.text, span.start_char, span.end_char)
            out.append(self._with_suffix(cand))
        return out

    def zones(self, places: list[Candidate], taken) -> list[Candidate]:
        """Named kinds of zone, and bare 'the zone' as the last zone named before it."""
        doc, out = self.doc, []
        last: Candidate | None = None
        for tok in doc_tokens(doc):
            if tok.lower_ not in self.lex.zone_heads:
                continue
            left = [t for t in doc[tok.left_edge.i:tok.i] if t.dep_ in ("amod", "compound", "npadvmod", "punct", "nmod")
                    or t.text == "-"]
            kind, first = self._zone_kind(left, tok)
            if kind:
                place = next((p for p in places if first.idx <= p.start < tok.idx and p.cls == "Location"), None)
                start = place.start if place else first.idx
                if place:
                    key, label, located = f"{place.key}-{slug(kind)}", f"{place.label} {kind}", [place.key]
                else:
                    key, label, located = f"location/{slug(kind)}", kind, []
                last = Candidate(start, tok.idx + len(tok.text), key, "Location", label, {"located_in": located})
                out.append(last)
            elif last is not None and tok.lower_ == "zone" and not left and tok.i > 0 \
                    and doc[tok.i - 1].lower_ in ("the", "that", "this"):
                out.append(Candidate(doc[tok.i - 1].idx, tok.idx + len(tok.text), last.key, "Location", last.label,
                                     {"referring": True}))
        return [c for c in out if not taken(c.start, c.end)]

    def _zone_kind(self, left: list[Token], head: Token) -> tuple[str | None, Token | None]:
        """The zone kind named by the modifiers, and the first modifier token of the name."""
        joined, starts = "", []
        for t in left:
            starts.append((len(joined), t))
            joined += t.lower_ + ("" if t.text == "-" or (not t.whitespace_) else " ")
        for mod, kind in sorted(self.lex.zone_kinds.items(), key=lambda kv: -len(kv[0])):
            m = re.search(rf"(?:^|\s){re.escape(mod)}(?:\s|$)", joined + " ")
            if m:
                pos = m.start() + (1 if joined[m.start():m.start() + 1] == " " else 0)
                first = next(t for off, t in reversed(starts) if off <= pos)
                return kind, first
        return None, None
