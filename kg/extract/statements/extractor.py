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
  crescent'") is no statement at all;
- a quotation interrupted by its attribution ('"A," she said. "B."'), or run
  on over paragraphs, is one statement with a mention on each part;
- a statement is direct when every word of its quote is inside quotation
  marks, so a partly quoted clause is indirect with all its words.

Nothing in the header (title, byline, date line: before ``Article.body_start``
or inside ``Article.title_span``) and nothing in furniture is read.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from kg.extract.context import ArticleContext
from kg.extract.index import MentionIndex
from kg.extract.statements.quotes import QuoteSegment, all_quoted, find_quotes
from kg.extract.statements.reported import Report, find_reports
from kg.extract.statements.speakers import SpeakerResolver, head_words
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
# The longest attribution between two parts of one quotation ('"A," the former governor said on Monday. "B."').
_ATTRIBUTION_WORDS = 30


def _words(ctx: ArticleContext, start: int, end: int) -> int:
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    return sum(1 for t in span if not (t.is_punct or t.is_space)) if span is not None else 0


def _quoted(ctx: ArticleContext, inside: list[QuoteSegment],
            clause: tuple[int, int]) -> tuple[list[QuoteSegment], tuple[int, int]]:
    """The quotations that are the statement itself (empty when the clause is reported speech), and the
    reported clause reaching to the end of a quotation it opens.

    The quotations (one, or two around the attribution: "'A,' he said, 'B'")
    are the statement when the clause lies in a quotation opened before it, or
    when they fill most of the clause. A quotation that opens inside the clause
    and runs on past the parse's end of it is part of the clause ("said his
    rival is in 'serious trouble.'"). Words of the narrator after the first
    quotation mark ("that it 'holds X responsible' and would 'not tolerate'
    attacks") make the clause reported speech with partial quotes inside,
    however much of it is quoted.
    """
    if not inside:
        return [], clause
    with_verb = [q for q in inside if q.has_verb]
    if any(q.start < clause[0] and _words(ctx, q.start, clause[0]) for q in inside):
        return with_verb or inside, clause
    clause = (clause[0], max(clause[1], *(q.end for q in inside)))
    if _narrated_after(ctx, inside, clause):
        return [], clause
    share = sum(q.words for q in inside) / max(_words(ctx, *clause), 1)
    if share >= _DIRECT_SHARE_VERBLESS or (with_verb and share >= _DIRECT_SHARE):
        return with_verb or inside, clause
    return [], clause


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
        self.inherited: set[tuple[int, int]] = set()  # quotations whose speaker is the one before them
        self.cues: dict[tuple[int, int], int] = {}  # token index of the attribution each statement has
        self.sources: set[int] = set()  # token indices of the speaker phrases of the statements' attributions

    def add(self, parts: list[tuple[int, int]], direct: bool, speaker: str | None, report: Report | None) -> None:
        """One statement of the words in ``parts`` (several when the attribution interrupts a quotation)."""
        start, end = parts[0][0], parts[-1][1]
        if (start, end) in self.statements or start >= end:
            return
        if report is None:
            self.inherited.add((start, end))
        else:
            self.cues[(start, end)] = report.cue.i
            if report.source is not None:
                self.sources.add(report.source.i)
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
        spokesperson = self.resolver.spokespersons.get(report.source.i) if report and report.source else None
        self.statements[(start, end)] = Statement(
            key=f"statement/{ctx.article.identifier[:16]}-{start}-{end}",
            quote=ctx.text[start:end],
            quote_span=(start, end),
            direct=direct,
            mentions=[ctx.mention(a, b) for a, b in parts],
            speaker=speaker,
            spokesperson=spokesperson if speaker else None,
            addressees=addressees,
            date=date,
        )

    def speaker_before(self, start: int, sents: _Sentences) -> str | None:
        """The speaker of the statement that reaches into the sentence just before ``start`` (or earlier in
        its own): a quotation of several sentences may start well before it."""
        i = sents.index(start)
        floor = sents.starts[i - 1] if i > 0 else 0
        earlier = [(s0, st) for (s0, e0), st in self.statements.items() if s0 < start and e0 > floor]
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
            described = speaker in resolver.minted and resolver.node(speaker).cls != "Person"
            if weak and (speaker is None or described) and not lex.names_a_speaker(report.source.lemma_.lower()):
                continue  # "satellite images suggest that ...": evidence, not speech
            if report.stance and not _personal(resolver, report, speaker):
                continue  # "Iran is seeking to ...", "the convoy refused to ...": what a state or force does
            out.append(_Attribution(report, speaker))
    return out


_PERSONAL_PRONOUNS = frozenset({"he", "she", "i", "we", "you"})
# Who holds stances that are reported as such: people, groups of them, and the bodies that speak for them (a
# party, a campaign, a newspaper). What a state, an armed group or a force "seeks", "refuses" or "supports" is
# what it does (an event), not a statement.
_STANCE_HOLDERS = frozenset({"Person", "Actor", "Organization"})


def _personal(resolver: SpeakerResolver, report: Report, speaker: str | None) -> bool:
    """Whether a stance is held by people: a person, a group of people ("voters", "Democrats"), a pronoun
    that stands for one, a body that is not an armed force ("the campaign praised ..."), or a state that
    holds a view ("Turkey believes that ...", not "Iran is seeking to ...")."""
    if speaker is None:
        return report.source is not None and report.source.lower_ in _PERSONAL_PRONOUNS
    node = resolver.node(speaker)
    if head_words(node) & speech_lexicon().armed_nouns:
        return False
    return node.cls in _STANCE_HOLDERS or (node.cls == "Country" and report.clausal)


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


def _framed_by(ctx: ArticleContext, q: QuoteSegment, a: _Attribution) -> bool:
    """Whether a quotation and a bare attribution make up their sentence between them ('"No," she said.',
    'He asked: "Why?"'), so that the quotation is what was said however short it is."""
    cue = a.report.cue
    if a.report.clause is not None or cue.lemma_.lower() not in speech_lexicon().quoting_verbs:
        return False
    sent = ctx.sentence_at(q.start)
    if not sent.start_char <= cue.idx < sent.end_char:
        return False
    outside = ctx.text[sent.start_char:q.start] + " " + ctx.text[q.end:sent.end_char]
    return len(outside.split()) <= _ATTRIBUTION_WORDS // 3


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


_QUOTE_MARKS = "\"'`“”‘’«»"


def _resumed_after(text: str, end: int, start: int) -> bool:
    """Whether a quotation part starting at ``start`` takes up the one ending at ``end``: only the
    attribution lies between, closed by punctuation ('"A," he said. "B"', '"A," he said, "B"'), not a
    title named in the attribution ('"A," she said on the show "B"')."""
    gap = "".join(ch for ch in text[end:start] if not (ch.isspace() or ch in _QUOTE_MARKS))
    return not gap.strip(",.;:") or gap[-1] in ",.;:—-"


def _resumes(ctx: ArticleContext, first: Statement, then: Statement, first_open: bool, continues: bool) -> bool:
    """Whether ``then`` carries on the quotation of ``first``: '"A," he said. "B."' in one paragraph, or
    a quotation left open at a paragraph's end and taken up by the next paragraph.

    The first quotation opens its sentence: after 'It is "A," he said.' the
    narrator has spoken, and a quotation after it is a statement of its own.
    """
    if not (first.direct and then.direct):
        return False
    text = ctx.text
    lead = text[ctx.sentence_at(first.quote_span[0]).start_char:first.quote_span[0]]
    if lead.strip(" \t\n" + _QUOTE_MARKS):
        return False
    gap = text[first.quote_span[1]:then.quote_span[0]]
    if first_open:
        return "\n" in gap and not gap.strip(" \n\t" + _QUOTE_MARKS)
    if not continues or then.speaker != first.speaker or len(gap.split()) > _ATTRIBUTION_WORDS:
        return False
    if "\n" in gap:  # '"A," she said.' / '"B."': a paragraph that is nothing but the quotation goes on with it
        end = text.find("\n", then.quote_span[1])
        rest = text[then.quote_span[1]:len(text) if end < 0 else end]
        opening = text[gap.rindex("\n") + first.quote_span[1] + 1:then.quote_span[0]]
        return gap.count("\n\n") <= 1 and not (opening + rest).strip(" \t.,;:!?" + _QUOTE_MARKS)
    return _resumed_after(text, *first.quote_span[1:], then.quote_span[0])


def _join_resumed(built: _Builder, quotes: list[QuoteSegment]) -> None:
    """A quotation interrupted by its attribution, or run over paragraphs, is one statement.

    Its quote is the whole stretch from the first quoted word to the last (the
    quote of a statement is a substring of the text), and it has a mention on
    each quoted part, so the evidence shows the words that were said.
    """
    open_spans = {(q.start, q.end) for q in quotes if not q.closed}
    text = built.ctx.text
    open_ends = {e for _, e in open_spans}
    joined: dict[tuple[int, int], Statement] = {}
    last: tuple[int, int] | None = None
    last_cue: int | None = None
    for span in sorted(built.statements):
        st = built.statements[span]
        prev = joined.get(last) if last else None
        cue = built.cues.get(span)
        continues = span in built.inherited or (cue is not None and cue == last_cue)
        if prev is not None and _resumes(built.ctx, prev, st, prev.mentions[-1].end in open_ends, continues):
            del joined[last]
            start, end = prev.quote_span[0], st.quote_span[1]
            prev.key = f"statement/{built.ctx.article.identifier[:16]}-{start}-{end}"
            prev.quote, prev.quote_span = text[start:end], (start, end)
            prev.mentions.extend(st.mentions)
            prev.speaker = prev.speaker or st.speaker
            last = (start, end)
            joined[last] = prev
            continue
        joined[span] = st
        last, last_cue = span, cue
    built.statements = joined


def extract_statements(ctx: ArticleContext, index: MentionIndex, entities: dict[str, Entity]) -> list[Statement]:
    """Direct and reported statements of the article body, in text order.

    ``entities`` gains the speakers that are not named entities (a spokeswoman,
    officials, a name the entity stage missed), and a mention of each speaker
    at the pronoun or description it was resolved from.
    """
    title_end = ctx.article.title_span[1] if ctx.article.title_span else 0
    body = max(ctx.article.body_start, title_end)
    quotes = [q for q in find_quotes(ctx) if q.start >= body]
    resolver = SpeakerResolver(ctx, index, entities, speech_lexicon(), [(q.start, q.end) for q in quotes])
    # a verb of saying inside a quotation is the speaker's own words ("we've agreed on an inquiry"), not an attribution
    attributions = [a for a in _attributions(ctx, resolver, body)
                    if not any(q.start <= a.report.cue.idx < q.end for q in quotes)]
    built = _Builder(ctx, resolver)
    covered: set[QuoteSegment] = set()
    for a in attributions:
        clause = a.report.clause
        if clause is None:
            continue
        inside = [q for q in quotes if q not in covered and q.overlaps(*clause)]
        whole, clause = _quoted(ctx, inside, clause)
        if whole:
            parts: list[QuoteSegment] = []
            for q in sorted(whole, key=lambda q: q.start):
                if not parts or (q.has_verb and _resumed_after(ctx.text, parts[-1].end, q.start)):
                    parts.append(q)
            built.add([(q.start, q.end) for q in parts], True, a.speaker, a.report)
        else:
            built.add([clause], all_quoted(ctx, inside, *clause), a.speaker, a.report)
        covered.update(inside)
    sents = _Sentences(ctx)
    for q in quotes:
        if q in covered:
            continue
        near = _same_sentence(ctx, attributions, q)
        if near is not None and _framed_by(ctx, q, near):
            built.add([(q.start, q.end)], True, near.speaker, near.report)  # '"No," she said.', '"Really?" he asked.'
            continue
        if not q.has_verb:
            continue
        if near is not None and q.words >= _ATTRIBUTED_WORDS:
            built.add([(q.start, q.end)], True, near.speaker, near.report)
        elif _reads_as_statement(q):
            near = _adjacent(sents, attributions, q)
            if near is not None:
                built.add([(q.start, q.end)], True, near.speaker, near.report)
            else:
                built.add([(q.start, q.end)], True, built.speaker_before(q.start, sents), None)
    _continue_open_quotes(built, quotes)
    _join_resumed(built, quotes)
    statements = [built.statements[k] for k in sorted(built.statements)]
    speakers = {k for st in statements for k in (st.speaker, st.spokesperson) if k}
    _add_speaker_nodes(entities, resolver, built.sources, speakers)
    return statements


def _add_speaker_nodes(entities: dict[str, Entity], resolver: SpeakerResolver, sources: set[int],
                       speakers: set[str]) -> None:
    """Put into ``entities`` the speakers minted for described sources, and the mentions that show why a
    pronoun or a description speaks for an entity (the "he" of "he said")."""
    for key in speakers:
        if key not in entities and key in resolver.minted:
            entities[key] = resolver.minted[key]
    for source, (key, mention) in sorted(resolver.evidence.items()):
        ent = entities.get(key)
        # the evidence of the statements' own speaker phrases; a node minted without a mention takes its first
        if ent is not None and (source in sources or not ent.mentions):
            if all((m.start, m.end) != (mention.start, mention.end) for m in ent.mentions):
                ent.mentions.append(mention)
