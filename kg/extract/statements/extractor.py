"""Statements: direct quotes and reported speech, with speaker, hearer and date.

Two detectors meet here. ``reported`` finds reports in the parse (a reporting
verb or "according to" with the clause it reports); ``quotes`` finds the
stretches between quote marks. They are joined so that each claim is told
once:

- a report whose clause is mostly a quotation is that quotation, direct
  ("'We have increased our power', Dillon told reporters"; "the leaflets told
  the fighters that any movement 'will be seen as hostile intent'");
- a report whose clause only carries a scare quote ("it had bolstered its
  'combat power'") or partial quotes with the narrator's words between or
  after them ("that it 'holds X responsible' and would 'not tolerate'
  attacks") is indirect, the marks kept inside the quoted words;
- a quotation no report covers is a statement when it reads as one (it has a
  verb and is not a short phrase embedded in a longer sentence); its speaker
  is an attribution in its sentence ("..., he added"), a bare one ending the
  previous sentence ("X said:") or making up the next ("He said so on
  Monday."), or else the speaker of the statement in the sentence just before
  it (quotes that continue someone's words); a quotation left open at the end
  of its paragraph is spoken by whoever speaks the next quoted paragraph;
- a scare quote in an ordinary sentence ("what has been dubbed the 'Shia
  crescent'") is no statement at all.

Nothing in the header (title, byline, date line: before ``Article.body_start``
or inside ``Article.title_span``) and nothing in furniture is read.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from kg.extract.context import ArticleContext
from kg.extract.index import MentionIndex
from kg.extract.statements.quotes import QuoteSegment, find_quotes
from kg.extract.statements.reported import Report, find_reports
from kg.extract.statements.speakers import SpeakerResolver
from kg.extract.temporal import resolve
from kg.lexicons.speech_lexicon import speech_lexicon
from kg.model import Entity, Statement

# A quotation is the statement itself when it fills this share of the reported clause
# (a predicate of its own, "... 'will be seen as hostile intent'") or, verbless, nearly all of it.
_DIRECT_SHARE = 0.5
_DIRECT_SHARE_VERBLESS = 0.75
# A quotation without a report is a statement when it has a verb, this many words, and this share of its sentence.
_STANDALONE_WORDS = 4
_STANDALONE_SHARE = 0.4
# With an attribution in its own sentence, a quotation with a verb needs only this many words.
_ATTRIBUTED_WORDS = 3


def _words(ctx: ArticleContext, start: int, end: int) -> int:
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    return sum(1 for t in span if not (t.is_punct or t.is_space)) if span is not None else 0


def _quoted(ctx: ArticleContext, inside: list[QuoteSegment], clause: tuple[int, int]) -> list[QuoteSegment]:
    """The quotations that are the statement itself; empty when the clause is reported speech.

    The quotations (one, or two around the attribution: "'A,' he said, 'B'")
    are the statement when they run past the clause or fill most of it. Words
    of the narrator after the first quotation mark ("that it 'holds X
    responsible' and would 'not tolerate' attacks") make the clause reported
    speech with partial quotes inside, however much of it is quoted.
    """
    if not inside:
        return []
    if any(q.start < clause[0] or q.end > clause[1] for q in inside):
        return [q for q in inside if q.has_verb] or inside
    if _narrated_after(ctx, inside, clause):
        return []
    share = sum(q.words for q in inside) / max(_words(ctx, *clause), 1)
    with_verb = [q for q in inside if q.has_verb]
    if share >= _DIRECT_SHARE_VERBLESS or (with_verb and share >= _DIRECT_SHARE):
        return with_verb or inside
    return []


def _narrated_after(ctx: ArticleContext, inside: list[QuoteSegment], clause: tuple[int, int]) -> bool:
    """Whether the clause has unquoted words between or after its quotations."""
    ordered = sorted(inside, key=lambda q: q.start)
    gaps = [(a.end, b.start) for a, b in zip(ordered, ordered[1:], strict=False)] + [(ordered[-1].end, clause[1])]
    return any(lo < hi and _words(ctx, lo, hi) for lo, hi in gaps)


def _reads_as_statement(q: QuoteSegment) -> bool:
    return q.has_verb and q.words >= _STANDALONE_WORDS and q.share >= _STANDALONE_SHARE


class _Sentences:
    """The article's sentences that hold words (a stray closing quote mark can form a "sentence" of its own)."""

    def __init__(self, ctx: ArticleContext) -> None:
        self.spans = [s for s in ctx.sentences if any(not (t.is_punct or t.is_space) for t in s)]
        self.starts = [s.start_char for s in self.spans]

    def index(self, char: int) -> int:
        return max(bisect_right(self.starts, char) - 1, 0)


class _Builder:
    """Collects the statements of one article, one per quoted span."""

    def __init__(self, ctx: ArticleContext, resolver: SpeakerResolver) -> None:
        self.ctx = ctx
        self.resolver = resolver
        self.statements: dict[tuple[int, int], Statement] = {}

    def add(self, start: int, end: int, direct: bool, speaker: str | None, report: Report | None) -> None:
        if (start, end) in self.statements or start >= end:
            return
        ctx = self.ctx
        date = None
        addressees: list[str] = []
        if report is not None:
            if report.when:
                date = resolve(report.when, ctx.article.published).day
            for tok in report.addressees:
                key = self.resolver.addressee(tok)
                if key and key not in addressees and key != speaker:
                    addressees.append(key)
        self.statements[(start, end)] = Statement(
            key=f"statement/{ctx.article.identifier[:16]}-{start}-{end}",
            quote=ctx.text[start:end],
            quote_span=(start, end),
            direct=direct,
            mentions=[ctx.mention(start, end)],
            speaker=speaker,
            addressees=addressees,
            date=date,
        )

    def speaker_before(self, start: int, sents: _Sentences) -> str | None:
        """The speaker of the statement in the sentence just before ``start`` (or earlier in its own)."""
        i = sents.index(start)
        floor = sents.starts[i - 1] if i > 0 else 0
        earlier = [(s0, st) for (s0, _), st in self.statements.items() if floor <= s0 < start]
        return max(earlier, key=lambda pair: pair[0])[1].speaker if earlier else None


@dataclass(frozen=True)
class _Attribution:
    """A report with its speaker resolved (in text order, so that pronouns see what came before)."""

    report: Report
    speaker: str | None


def _attributions(ctx: ArticleContext, resolver: SpeakerResolver, body: int) -> list[_Attribution]:
    lex = speech_lexicon()
    out = []
    for sent in ctx.sentences:
        if sent.end_char <= body:
            continue
        for report in find_reports(sent, lex):
            if report.cue.idx < body or (report.clause and report.clause[0] < body):
                continue
            speaker = None if report.passive else resolver.resolve(report.source, report.clause)
            weak = report.cue.lemma_.lower() in lex.weak_verbs
            if weak and speaker is None and not lex.names_a_speaker(report.source.lemma_.lower()):
                continue  # "satellite images suggest that ...": evidence, not speech
            out.append(_Attribution(report, speaker))
    return out


def _bare_in(attributions: list[_Attribution], lo: int, hi: int) -> _Attribution | None:
    """A bare attribution by a verb of saying (not "disputed this") in [lo, hi)."""
    quoting = speech_lexicon().quoting_verbs
    for a in attributions:
        cue = a.report.cue
        if a.report.clause is None and lo <= cue.idx < hi and cue.lemma_.lower() in quoting:
            return a
    return None


def _same_sentence(ctx: ArticleContext, attributions: list[_Attribution], q: QuoteSegment) -> _Attribution | None:
    """An attribution in the quote's own sentences ("'...,' he added")."""
    lo = ctx.sentence_at(q.start).start_char
    hi = ctx.sentence_at(max(q.end - 1, q.start)).end_char
    for a in attributions:
        if lo <= a.report.cue.idx < hi and not (q.start <= a.report.cue.idx < q.end):
            return a
    return None


def _adjacent(sents: _Sentences, attributions: list[_Attribution], q: QuoteSegment) -> _Attribution | None:
    """A bare attribution just around a quoted sentence: "X said:" before it, or "X said." right after it."""
    first, last = sents.index(q.start), sents.index(max(q.end - 1, q.start))
    if first > 0:
        prev = sents.spans[first - 1]
        if prev.text.rstrip().endswith(":"):
            found = _bare_in(attributions, prev.start_char, prev.end_char)
            if found is not None:
                return found
    if last + 1 < len(sents.spans):
        nxt = sents.spans[last + 1]
        return _bare_in(attributions, nxt.start_char, nxt.end_char)
    return None


def _continue_open_quotes(built: _Builder, quotes: list[QuoteSegment]) -> None:
    """A paragraph that leaves its quotation open is spoken by whoever speaks the next quoted paragraph."""
    ordered = sorted(built.statements)
    for q in quotes:
        st = built.statements.get((q.start, q.end))
        if q.closed or st is None or st.speaker is not None:
            continue
        later = [k for k in ordered if k[0] >= q.end and built.statements[k].direct]
        if later:
            st.speaker = built.statements[later[0]].speaker


def extract_statements(ctx: ArticleContext, index: MentionIndex, entities: dict[str, Entity]) -> list[Statement]:
    """Direct and reported statements of the article body, in text order."""
    resolver = SpeakerResolver(ctx, index, entities, speech_lexicon())
    title_end = ctx.article.title_span[1] if ctx.article.title_span else 0
    body = max(ctx.article.body_start, title_end)
    quotes = [q for q in find_quotes(ctx) if q.start >= body]
    attributions = _attributions(ctx, resolver, body)
    built = _Builder(ctx, resolver)
    covered: set[QuoteSegment] = set()
    for a in attributions:
        clause = a.report.clause
        if clause is None:
            continue
        inside = [q for q in quotes if q not in covered and q.overlaps(*clause)]
        whole = _quoted(ctx, inside, clause)
        for q in whole:
            built.add(q.start, q.end, True, a.speaker, a.report)
        if not whole:
            built.add(*clause, False, a.speaker, a.report)
        covered.update(inside)
    sents = _Sentences(ctx)
    for q in quotes:
        if q in covered or not q.has_verb:
            continue
        near = _same_sentence(ctx, attributions, q)
        if near is not None and q.words >= _ATTRIBUTED_WORDS:
            built.add(q.start, q.end, True, near.speaker, near.report)
        elif _reads_as_statement(q):
            near = _adjacent(sents, attributions, q)
            if near is not None:
                built.add(q.start, q.end, True, near.speaker, near.report)
            else:
                built.add(q.start, q.end, True, built.speaker_before(q.start, sents), None)
    _continue_open_quotes(built, quotes)
    return [built.statements[k] for k in sorted(built.statements)]
