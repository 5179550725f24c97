"""Quotation marks: which stretches of text are someone's own words.

Quote marks are paired within a paragraph line. Typographic marks say which
way they face; straight ones are judged by their neighbours (a mark after a
space opens, a mark before a space or punctuation closes). A paragraph that
opens a quote without closing it, followed by a paragraph that opens with a
quote mark, is the news convention for a quotation running over several
paragraphs: the segment then ends with its paragraph. Single curly quotes
(‘...’), the house style of some outlets, are paired the same way, an
apostrophe (’ inside a word) never closing them; so are two apostrophes
(''...'' or ``...''), the typewriter convention of some wire and archive texts.

Whether a segment is a statement is decided by the caller; here each segment
only carries what that decision needs: its size, whether it has a verb and how
much of its sentence it fills (a scare quote such as "combat power" is short,
verbless and embedded in a longer clause).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.context import ArticleContext
from kg.nlp.doctext import doc_text

_DOUBLE_OPEN = frozenset("\u201c\u201e\u201f\u00ab")
_DOUBLE_CLOSE = frozenset("\u201d\u00bb")
_SINGLE_OPEN = "\u2018"
_SINGLE_CLOSE = "\u2019"
_OPEN_AFTER = frozenset("([{-/\u2014\u2013")
_CLOSE_BEFORE = frozenset(".,;:!?)]}-\u2014\u2013")
_TRAILING = ",;: \t\n"
_MARK_CHARS = frozenset("\"'`")  # every quotation mark, folded (curly ones fold to these)


@dataclass(frozen=True)
class QuoteSegment:
    """The words between a pair of quote marks (marks excluded, edges trimmed)."""

    start: int
    end: int
    words: int  # non-punctuation tokens
    has_verb: bool
    share: float  # words / words of the sentences the segment lies in
    closed: bool  # False when it runs to the end of its paragraph

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


def _double_mark(orig: str, folded: str, i: int) -> int:
    """Length of the double quotation mark at ``i``: 1 for a quote sign, 2 for two
    apostrophes ('' and ``, the typewriter convention of some wire and archive texts), else 0."""
    if folded[i] == '"':
        return 1
    if orig[i] in "'`" and i + 1 < len(orig) and orig[i + 1] == orig[i] and (i == 0 or orig[i - 1] != orig[i]):
        return 2
    return 0


def _faces_open(orig: str, folded: str, i: int, size: int = 1) -> bool:
    """Whether the double quote mark of ``size`` characters at ``i`` opens a quotation."""
    if orig[i] in _DOUBLE_OPEN or orig[i] == "`":
        return True
    if orig[i] in _DOUBLE_CLOSE:
        return False
    prev = folded[i - 1] if i > 0 else "\n"
    nxt = folded[i + size] if i + size < len(folded) else "\n"
    if prev.isspace() or prev in _OPEN_AFTER:
        return True
    if nxt.isspace() or nxt in _CLOSE_BEFORE:
        return False
    return not prev.isalnum()


def _pairs_in_line(orig: str, folded: str, lo: int, hi: int) -> tuple[list[tuple[int, int]], int | None]:
    """The (start, end) of the words inside each matched pair of marks in one line, and where the
    words of a quotation left open start (None when every quotation closes)."""
    pairs: list[tuple[int, int]] = []
    opened: int | None = None  # where the words after an opening double mark start
    single: int | None = None
    i = lo
    while i < hi:
        if folded[i] not in _MARK_CHARS:  # most characters: no mark to look at
            i += 1
            continue
        size = _double_mark(orig, folded, i)
        if size:
            if opened is None:
                if _faces_open(orig, folded, i, size):
                    opened = i + size
            elif _faces_open(orig, folded, i, size) and not folded[i - 1].isalnum():
                opened = i + size  # the earlier mark was never closed: restart here
            else:
                pairs.append((opened, i))
                opened = None
            i += size
            continue
        if opened is None and orig[i] == _SINGLE_OPEN and (i == lo or not folded[i - 1].isalnum()):
            single = i + 1
        elif opened is None and single is not None and orig[i] == _SINGLE_CLOSE:
            if i + 1 >= hi or not folded[i + 1].isalnum():
                pairs.append((single, i))
                single = None
        i += 1
    return pairs, opened


def _next_line_opens_quote(folded: str, pos: int) -> bool:
    rest = folded[pos:].lstrip()
    return rest.startswith('"') or rest.startswith("'")


def _segment(ctx: ArticleContext, start: int, end: int, closed: bool) -> QuoteSegment | None:
    text = doc_text(ctx.doc)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or start >= end:
        return None
    words = [t for t in span if not (t.is_punct or t.is_space)]
    if not words:
        return None
    sent_lo = ctx.sentence_at(start).start
    sent_hi = ctx.sentence_at(max(end - 1, start)).end
    sent_words = sum(1 for t in ctx.doc[sent_lo:sent_hi] if not (t.is_punct or t.is_space))
    return QuoteSegment(
        start=start,
        end=end,
        words=len(words),
        has_verb=any(t.pos_ in ("VERB", "AUX") for t in words),
        share=len(words) / max(sent_words, 1),
        closed=closed,
    )


def find_quotes(ctx: ArticleContext) -> list[QuoteSegment]:
    """Every quoted segment of the article's extractable text, in text order."""
    folded, orig = doc_text(ctx.doc), ctx.text
    out: list[QuoteSegment] = []
    lo = 0
    while lo < len(folded):
        hi = folded.find("\n", lo)
        hi = len(folded) if hi < 0 else hi
        line = orig[lo:hi]
        marked = '"' in folded[lo:hi] or _SINGLE_OPEN in line or "''" in line or "``" in line
        if marked and not ctx.in_furniture(lo, hi):
            pairs, dangling = _pairs_in_line(orig, folded, lo, hi)
            spans = [(a, b, True) for a, b in pairs]
            if dangling is not None and _next_line_opens_quote(folded, hi):
                spans.append((dangling, hi, False))
            for a, b, closed in spans:
                seg = _segment(ctx, a, b, closed)
                if seg is not None:
                    out.append(seg)
        lo = hi + 1
    out.sort(key=lambda q: q.start)
    return out


def all_quoted(ctx: ArticleContext, quotes: list[QuoteSegment], start: int, end: int) -> bool:
    """Whether every word of ``text[start:end]`` lies inside quotation marks: the test that makes a
    statement direct, however its clause was found (a clause wholly quoted is the speaker's words)."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    words = [t for t in span or () if not (t.is_punct or t.is_space)]
    return bool(words) and all(any(q.start <= t.idx < q.end for q in quotes) for t in words)
