"""Names found in a title-case headline stand only when something else vouches for them.

Why: a headline in title case ("Russian Missiles Hit Kharkiv Apartment Block") capitalises
every word, so capitals, the model's main cue for a name, say nothing there, and the
NER tags runs of ordinary words ("Missiles Hit Kharkiv Apartment Block", "Jets Bomb") as
organisations. A name in such a title is kept when it is a known one (a gazetteer or
GeoNames entry), a place ending in a known place's name ("Northern Mexico"), a name the
body gives the same entity, or words the body writes the same way; else the known names
inside it stand in its place ("Kharkiv" of the run above). A sentence-case headline is
read like any other sentence.
"""

from __future__ import annotations

import re

from kg.extract.context import ArticleContext
from kg.extract.entities.actors import Candidate, known_candidate
from kg.extract.headline import proper_words, title_cased
from kg.lexicons.gazetteer import Gazetteer
from kg.lexicons.geonames import geonames_place

_NAME_WORD = re.compile(r"[^\W\d_][\w'-]*")
_MAX_WORDS = 3  # the longest known name looked for inside a rejected one


def _known(c: Candidate, gaz: Gazetteer) -> bool:
    """A known entry, or a place whose last one or two words name a known place."""
    if gaz.record(c.key) is not None or c.attrs.get("coordinates"):
        return True
    words = c.label.split()
    return c.cls == "Location" and any(
        gaz.lookup(tail) or geonames_place(tail) for tail in (" ".join(words[-k:]) for k in (1, 2) if k < len(words)))


def vouched_for(cands: list[Candidate], ctx: ArticleContext, gaz: Gazetteer) -> list[Candidate]:
    """``cands`` without the names of a title-case headline that nothing else supports."""
    span, text = ctx.article.title_span, ctx.text
    if span is None or not title_cased(text[span[0]:span[1]].split()):
        return cands
    t0, t1 = span

    def in_title(c: Candidate) -> bool:
        return t0 <= c.start and c.end <= t1

    body = text[:t0] + "\n" + text[t1:]
    proper = proper_words(ctx.doc, t1)
    keys_elsewhere = {c.key for c in cands if not in_title(c) and c.key}  # a person's key comes later: ''
    out: list[Candidate] = []
    for c in cands:
        if (not in_title(c) or (c.key and c.key in keys_elsewhere) or _known(c, gaz)
                or text[c.start:c.end] in body):
            out.append(c)
        else:
            out.extend(_known_inside(c, text, proper, gaz))
    return out


def _known_inside(c: Candidate, text: str, proper: set[str], gaz: Gazetteer) -> list[Candidate]:
    """The known names within a rejected span, longest first, left to right.

    A GeoNames town counts only when the body writes its words as names: its entries include
    common words ("Hit", "Bank") that a title-case headline capitalises.
    """
    words = [(c.start + m.start(), c.start + m.end()) for m in _NAME_WORD.finditer(text[c.start:c.end])]
    found: list[Candidate] = []
    i = 0
    while i < len(words):
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            cand = known_candidate(gaz, text[start:end], start, end,
                                   towns=all(text[a:b] in proper for a, b in words[i:i + n]))
            if cand is None:
                continue
            found.append(cand)
            i += n
            break
        else:
            i += 1
    return found
