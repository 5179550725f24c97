"""Sentences the parser misreads, parsed again from a repaired copy that keeps every offset.

Two kinds of news sentence defeat spaCy's small model. A title-case headline
("Sudan Bombs Refugee Camp") is tagged as a string of proper nouns, so it has no
verb and no event. A wire dateline ("MAIDUGURI, Nigeria - Nigerian troops
repelled ...") becomes the subject of the lead sentence. Each such sentence is
parsed again from a copy in which the headline is in sentence case (a word
stays capitalised only where the body writes it so, or it is the first word or
an acronym) and the dateline is blanked out. The copy sits at the sentence's
own character offsets in a string of the article's length, so token offsets,
entity positions and mentions stay true; anchors are still cut from the
original text.

The dateline's place (the named place it starts with, when entity extraction
found it) is where the lead sentence's events happened when that sentence names
no place itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from kg.extract.context import ArticleContext
from kg.extract.dateline import find_dateline
from kg.extract.headline import proper_words, title_cased
from kg.extract.index import EntityMention, MentionIndex
from kg.nlp.doctext import doc_text
from kg.nlp.pipeline import pipeline_of

_PLACE_CLASSES = ("Location", "Country")


@dataclass
class Repairs:
    """Repaired parses of some sentences, by the start offset of the original sentence."""

    sentences: dict[int, list[Span]] = field(default_factory=dict)
    dateline_place: str | None = None  # entity key of the dateline's place
    lead: int | None = None  # start offset of the sentence the dateline begins
    demoted: list[tuple[int, int]] = field(default_factory=list)  # headline words put in lower case

    def spans(self, sent: Span) -> list[Span]:
        """The sentence to read events from: its repaired parse when there is one."""
        return self.sentences.get(sent.start_char, [sent])

    def names(self, index: MentionIndex, text: str) -> MentionIndex:
        """The entity mentions that are names. One that runs over a headline word the body writes in lower
        case is not ("Russian Missiles Hit Kharkiv Apartment Block" read as one name); the names the article
        writes elsewhere that stand inside it are ("Kharkiv")."""
        if not self.demoted:
            return index
        kept, broken = [], []
        for m in index:
            (broken if any(m.start < e and s < m.end for s, e in self.demoted) else kept).append(m)
        known = {text[m.start:m.end]: m for m in kept}
        for b in broken:
            for surface, m in known.items():
                for hit in re.finditer(rf"\b{re.escape(surface)}\b", text[b.start:b.end]):
                    s, e = b.start + hit.start(), b.start + hit.end()
                    if not any(s < de and ds < e for ds, de in self.demoted):
                        kept.append(EntityMention(s, e, m.key, m.cls))
        return MentionIndex(kept)


def _sentence_cased(text: str, proper: set[str], offset: int, demoted: list[tuple[int, int]]) -> str:
    """Lower-case the capitals of words the body does not write capitalised (the first word stays);
    the spans of the words changed go to ``demoted``."""
    first = True

    def fix(m: re.Match) -> str:
        nonlocal first
        word = m.group(0)
        keep = first or word.isupper() or word in proper or not word[0].isupper()
        first = False
        if keep:
            return word
        demoted.append((offset + m.start(), offset + m.end()))
        return word[0].lower() + word[1:]

    return re.sub(r"[A-Za-z][\w'-]*", fix, text)


def _place_in(index: MentionIndex, start: int, end: int) -> str | None:
    places = [m for m in index.within(start, end) if m.cls in _PLACE_CLASSES]
    places.sort(key=lambda m: (m.cls != "Location", m.start))
    return places[0].key if places else None


def repair(ctx: ArticleContext, index: MentionIndex) -> Repairs:
    """Reparse the title-case headline and the dateline sentence of an article, if it has them."""
    out = Repairs()
    text = doc_text(ctx.doc)
    copies: dict[int, tuple[int, str]] = {}  # sentence start -> (end, repaired text)
    art = ctx.article
    sentences = ctx.sentences
    if art.title_span:
        t0, t1 = art.title_span
        for sent in sentences:
            if t0 <= sent.start_char < t1 and title_cased(sent.text.split()):
                proper = proper_words(ctx.doc, t1)
                fixed = _sentence_cased(sent.text, proper, sent.start_char, out.demoted)
                copies[sent.start_char] = (sent.end_char, fixed)
    dateline = find_dateline(ctx)
    if dateline is not None:
        lead = dateline.lead
        out.dateline_place = _place_in(index, lead.start_char, dateline.end)
        out.lead = lead.start_char
        blank = dateline.end - lead.start_char
        copies[lead.start_char] = (lead.end_char, " " * blank + lead.text[blank:])
    if not copies:
        return out
    nlp = pipeline_of(ctx.doc)
    padded = [" " * start + fixed + " " * (len(text) - end) for start, (end, fixed) in copies.items()]
    for (start, (end, _)), doc in zip(copies.items(), nlp.pipe(padded), strict=True):
        inside = [t.i for t in doc if start <= t.idx < end and not t.is_space]
        if not inside:
            continue
        first, last = inside[0], inside[-1] + 1
        spans = [doc[max(s.start, first):min(s.end, last)] for s in doc.sents if s.start < last and s.end > first]
        out.sentences[start] = spans
    return out
