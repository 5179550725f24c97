"""Reported speech found in the dependency parse.

A report is a reporting verb (or an "according to" cue) with the clause it
reports, read off the parse rather than the wording:

- "X said (that) CLAUSE", "X told Y CLAUSE", "X said Wednesday CLAUSE": the
  verb's ``ccomp``/``parataxis`` children are the clause.
- "CLAUSE, X said": usually parsed the same way (the clause is a ``ccomp`` to
  the left); when the parser instead hangs the verb under the clause as a
  parenthetical, the clause is the head's subtree without the verb's.
- "according to X, CLAUSE" / "CLAUSE, according to X": the clause is what the
  cue modifies, without the cue phrase.

A verb counts only when it reports on its own account: it has a subject (its
own, or shared with the reporting verb it is coordinated with), it is asserted
(not negated, conditional or modal: "has not warned", "if X says", "could
announce"), and it does not sit inside another report's clause (the
"communicate ... that" inside "Dillon said the US used its channel to
communicate that ..."). A participle reports for the speaker of the verb it
modifies ("X denied any role, saying ..."; "X said A, adding that B"), unless
it only elaborates a report ("X announced A, warning that B"). A speaker
phrase the parser hung on the clause before a sentence-final verb ("...,
killing 11 fighters, the command said") is still the speaker.

Verbs with a subject but no clause ("he said.", "X said:") are kept as bare
attributions: they attribute a neighbouring direct quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.statements.frames import CLAUSE_DEPS as _CLAUSE_DEPS
from kg.extract.statements.frames import argument_frames, noun_frames
from kg.lexicons.speech_lexicon import SpeechLexicon
from kg.nlp.doctext import doc_text, doc_tokens, span_tokens
from kg.nlp.tree import climb

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
_TIME_DEPS = frozenset({"npadvmod", "tmod"})
_TIME_PREPS = frozenset({"on", "in", "during"})
_LEADING_MARKS = frozenset({"that"})
_LIGHT_VERBS = frozenset({"be", "have", "do", "make", "get", "mean"})
# The longest speaker phrase looked for between a clause and its sentence-final verb
# ("the Israel Defense Forces (IDF)").
_MAX_SPEAKER_TOKENS = 12
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "until"})
_MODALS = frozenset({"would", "could", "might", "may", "should", "will", "shall", "must", "can", "'ll", "'d"})
_DATE_WORDS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight",
     "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december", "week", "weekend", "month", "year", "morning", "afternoon", "evening", "night"]
)


@dataclass(frozen=True)
class Report:
    """One act of reported speech: the cue, who spoke, the words, to whom and when."""

    cue: Token  # the reporting verb, or the first word of the cue phrase
    source: Token | None  # head of the speaker phrase ("Dillon", "officials", "copy")
    clause: tuple[int, int] | None  # char span of the reported words; None for a bare attribution
    addressees: tuple[Token, ...] = ()
    when: str | None = None  # the date expression attached to the cue ("Wednesday")
    passive: bool = False  # "it was reported that ...": the grammatical subject is not the speaker
    # a stance rather than speech: a thought, wish or judgement ("believes that", "refused to", "praised X")
    stance: bool = False
    clausal: bool = True  # the reported words are a clause ("said that ..."), not an argument ("praised X")


def _particles(tok: Token, lex: SpeechLexicon) -> set[str]:
    """The verb's particles ("point out"), looked for only when the verb has a particle reading."""
    if tok.lemma_.lower() not in lex.particle_heads:
        return set()
    return {c.lower_ for c in tok.children if c.dep_ == "prt"}


def _that_clause(tok: Token) -> bool:
    """ "X figures that ...": a verb governing a that-clause reports what its subject holds, whatever the verb."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() not in _LIGHT_VERBS and any(
        c.dep_ == "ccomp" and c.left_edge.lower_ == "that" for c in tok.rights)


def _is_speech_verb(tok: Token, lex: SpeechLexicon) -> bool:
    return tok.pos_ in ("VERB", "AUX") and (lex.is_speech_verb(tok.lemma_.lower(), _particles(tok, lex))
                                            or _that_clause(tok))


def _own_subject(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)


def _subject(tok: Token, lex: SpeechLexicon) -> Token | None:
    """Who does the reporting: the verb's own subject, or one it shares.

    A coordinated verb shares its subject ("X said A and added B"), so does a
    verb governed by another ("X wants to focus on ...", "X answered by citing
    ..."), and a participle modifying a noun speaks for it ("voters backing
    X"). A participle shares the speaker of the verb it modifies ("X denied any
    role, saying ..."). After a verb that already reports a clause it only
    elaborates that report ("X announced A, warning that B") unless it is a
    verb of adding with a clause of its own ("X said A, adding that B").
    """
    own = _own_subject(tok)
    if own is not None:
        return own
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head.dep_ not in _CLAUSE_DEPS:
        return _subject(tok.head, lex)  # "X put off the decision but said ...": coordinated verbs share a subject
    # "X reported on A, citing B": a participle that is not itself a verb of saying elaborates the report
    elaborated = _reports_clause(tok.head) or (_is_speech_verb(tok.head, lex)
                                               and tok.lemma_.lower() not in lex.quoting_verbs)
    if tok.dep_ == "advcl" and tok.tag_ == "VBG" and (not elaborated or _adds_claim(tok, lex)):
        return _reporter(tok.head, lex)
    if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.lower_ == "as":
        return _own_subject(tok.head.head)  # "X was quoted as saying ..."
    if tok.dep_ == "xcomp" and tok.head.pos_ in ("VERB", "AUX"):
        return _subject(tok.head, lex)  # "X wants to focus on ...": the one who wants is the one who focuses
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and (tok.head.pos_ == "PROPN" or tok.head.tag_ == "NNS"):
        return tok.head  # "voters backing Clinton" (a thing does not back anything: "the base supporting ...")
    if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.head.pos_ in ("VERB", "AUX"):
        return _subject(tok.head.head, lex)  # "X answered by citing ..."
    if tok.dep_ == "conj" and tok.head.dep_ in _CLAUSE_DEPS and _reports_clause(tok):
        if _is_speech_verb(tok.head.head, lex):
            return _subject(tok.head.head, lex)  # "X said A and warned that B", parsed with "warned" inside A
    return None


def _reporter(tok: Token, lex: SpeechLexicon) -> Token | None:
    """The head of the speaker phrase of a reporting verb, wherever the parser put it."""
    stranded = _stranded_speaker(tok)
    return stranded[0] if stranded else _subject(tok, lex)


def _adds_claim(tok: Token, lex: SpeechLexicon) -> bool:
    return tok.lemma_.lower() in lex.adding_verbs and _reports_clause(tok)


def _reports_clause(tok: Token) -> bool:
    return any(c.dep_ in _CLAUSE_DEPS for c in tok.children)


def _coordinated_reports(clause: Token, lex: SpeechLexicon) -> list[Token]:
    """Reporting verbs hung on a reported clause by coordination ("said they had shot down a drone and
    warned that ..."): each reports a clause of its own for the same speaker, so the first clause ends before them."""
    return [
        c
        for c in clause.children
        if c.dep_ == "conj" and _own_subject(c) is None and _is_speech_verb(c, lex) and _reports_clause(c)
    ]


def _stranded_speaker(tok: Token) -> tuple[Token, tuple[int, int]] | None:
    """ "CLAUSE, the army said." with the speaker phrase parsed into the clause.

    After a long clause the parser often hangs the phrase between the last
    comma and the verb on the clause (an apposition to its last noun: "...
    killing 11 fighters, the command said"; or a second subject: "Units
    deployed ..., a source said"). That phrase is the speaker when it is a
    self-contained noun phrase and the verb's own subject, if any, lies before
    the comma. Returns the phrase head and the token range of the clause.
    """
    doc, sent = tok.doc, tok.sent
    lo = max(sent.start, tok.i - _MAX_SPEAKER_TOKENS - 1)
    text = doc_text(doc)
    comma = next((i for i in range(tok.i - 1, lo, -1) if text[doc_tokens(doc)[i].idx] == ","), None)
    if comma is None or comma + 1 >= tok.i:
        return None
    own = _own_subject(tok)
    if own is not None and own.i > comma:
        return None  # parsed as it should be
    if any(c.dep_ in _CLAUSE_DEPS and c.i > tok.i for c in tok.children):
        return None  # "A, X said that B": the clause follows
    phrase = doc[comma + 1 : tok.i]
    root = phrase.root
    if root.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    if any(t.i != root.i and not phrase.start <= t.head.i < phrase.end for t in phrase):
        return None
    if not _has_verb(doc, sent.start, comma):
        return None
    return root, (sent.start, comma)


def _unasserted(tok: Token) -> bool:
    """Negated ("has not said"), conditional ("if X says") or only possible ("could announce")."""
    return any(
        c.dep_ == "neg"
        or (c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS)
        or (c.dep_ == "aux" and c.lower_ in _MODALS)
        for c in tok.children
    )


def _is_date_word(tok: Token) -> bool:
    return tok.ent_type_ == "DATE" or tok.lower_ in _DATE_WORDS


def _when(tok: Token) -> str | None:
    """A date expression modifying the verb: "said Wednesday", "On Thursday, ... announced"."""
    for child in tok.children:
        if child.dep_ in _TIME_DEPS and _is_date_word(child):
            sub = list(child.subtree)
            return tok.doc[sub[0].i : sub[-1].i + 1].text
        if child.dep_ == "prep" and child.lower_ in _TIME_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj" and _is_date_word(obj):
                    sub = list(obj.subtree)
                    return tok.doc[sub[0].i : sub[-1].i + 1].text
    return None


def _edges(tokens: list[Token]) -> tuple[int, int]:
    return min(t.i for t in tokens), max(t.i for t in tokens) + 1


def _word_edges(tok: Token) -> tuple[int, int]:
    """Token range of a subtree, edge punctuation left out."""
    words = [t for t in tok.subtree if not (t.is_punct or t.is_space)] or [tok]
    return _edges(words)


def _without(head: Token, cut: Token) -> tuple[int, int]:
    """Token range of ``head``'s subtree minus the ``cut`` phrase (an attribution inside it).

    A cut in the middle keeps what precedes it when the head is there ("The
    strike killed three, the SDF said, but ..."), and the whole subtree when the
    clause runs on through it ("The attack, he added, was carried out ...").
    """
    lo, hi = _word_edges(head)
    c_lo, c_hi = _word_edges(cut)
    if c_lo <= lo:
        return c_hi, hi
    if c_hi >= hi or head.i < c_lo:
        return lo, c_lo
    return lo, hi


_DASHES = frozenset({"-", "--", "\u2014", "\u2013"})


def _narrators_tail(doc, lo: int, hi: int) -> int:
    """End of the reported words before what the narrator adds at their end: an aside after a dash
    ("... the trade pact - one of the goals of his administration"), or after a comma a relative clause
    ("..., which ..."), a participle ("..., leading to a four-year conflict") or an apposition ("...
    Carson, a neurosurgeon")."""
    tokens = doc_tokens(doc)
    text = doc_text(doc)
    dashes = [i for i in range(lo + 1, hi) if text[tokens[i].idx] in "-\u2014\u2013" and tokens[i].text in _DASHES
              and tokens[i - 1].whitespace_]
    if len(dashes) == 1:
        return dashes[0]  # one dash, and no second one to close the aside: the rest is the narrator's
    last = max((j for j in range(lo, hi) if not tokens[j].is_punct), default=lo)
    for i in range(lo + 1, hi - 1):
        if text[tokens[i].idx] != "," or tokens[i].text != ",":
            continue
        nxt = tokens[i + 1]
        tail = nxt.head if nxt.lower_ in ("which", "who") else nxt
        if tail.right_edge.i < last:
            continue  # "X, who lived in London, worked as ...": an aside inside the words, not after them
        if nxt.lower_ in ("which", "who") and tail.dep_ == "relcl" and tail.head.i < i:
            return i
        if nxt.tag_ == "VBG" and nxt.dep_ in ("advcl", "acl", "xcomp") and nxt.head.i < i:
            return i
        appositive = nxt.head if nxt.dep_ == "det" else nxt
        if appositive.dep_ == "appos" and appositive.head.i < i and appositive.right_edge.i >= last:
            return i  # "... Ben Carson, a neurosurgeon who has never held office"
    return hi


def _trim(doc, lo: int, hi: int, cue: Token | None = None) -> tuple[int, int] | None:
    """Char span of tokens lo..hi without edge punctuation, a leading "that" or connective, a trailing "and";
    quotes kept balanced. Words reported after their cue ("X said A, leading to B") end before an aside of
    the narrator; before the cue ("A, killing four, X said") all of them are X's."""
    if cue is not None and cue.i < lo:
        hi = _narrators_tail(doc, lo, hi)
    while lo < hi:
        tok = doc[lo]
        if tok.is_punct or tok.is_space or (tok.lower_ in _LEADING_MARKS and tok.dep_ in ("mark", "advmod")):
            lo += 1
        elif tok.pos_ in ("ADV", "CCONJ") and lo + 1 < hi and doc[lo + 1].text == ",":
            lo += 2  # a connective of the narration ("However,", "Now,"), not the speaker's words
        else:
            break
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space or doc[hi - 1].pos_ == "CCONJ"):
        hi -= 1
    if lo >= hi:
        return None
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
    text = doc_text(doc)
    if text.count('"', start, end) % 2:
        if end < len(text) and text[end] == '"':
            end += 1
        elif start > 0 and text[start - 1] == '"':
            start -= 1
    return start, end


def _extend_over_contrast(verb: Token, lo: int, hi: int, lex: SpeechLexicon) -> int:
    """Take in "X contends A, but B" when B, with its own subject, was hung on the verb.

    Only for a clause after the verb: in "A, X said, but B" the B is the narrator's;
    and not when B is a report of its own ("X said A, and Y said B").
    """
    if lo < verb.i:
        return hi
    for child in verb.children:
        if child.dep_ == "conj" and child.i >= hi and child.pos_ in ("VERB", "AUX") and not _is_speech_verb(child, lex):
            if any(c.dep_ in _SUBJECT_DEPS for c in child.children):
                hi = max(hi, _edges(list(child.subtree))[1])
    return hi


def _before_coordinated(doc, clauses: list[Token], lo: int, hi: int, lex: SpeechLexicon) -> int:
    """End of the reported clauses before a coordinated report hung on them (and its "and")."""
    for clause in clauses:
        for verb in _coordinated_reports(clause, lex):
            cut = min(t.i for t in verb.subtree)
            while cut > lo and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
                cut -= 1
            if lo < cut < hi:
                hi = cut
    return hi


def _has_verb(doc, lo: int, hi: int) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in doc[lo:hi])


def _is_parenthetical(tok: Token, lex: SpeechLexicon) -> bool:
    """ "CLAUSE, X said" / "A, he added, B" parsed with the verb hung under the clause, set off by commas."""
    head = tok.head
    if tok.dep_ not in _CLAUSE_DEPS or head.pos_ not in ("VERB", "AUX") or _is_speech_verb(head, lex):
        return False
    lo, hi = _word_edges(tok)
    doc = tok.doc
    before = doc[lo - 1] if lo > 0 else None
    after = doc[hi] if hi < len(doc) else None
    closed = hi >= _word_edges(head)[1] or (after is not None and after.is_punct)
    return before is not None and before.is_punct and closed


def _is_hearer(child: Token) -> bool:
    """The object of "told"; a bare proper noun the parser took for an adverb ("warned Turkey that") too."""
    return child.dep_ in _OBJECT_DEPS or (
        child.dep_ == "npadvmod" and child.pos_ == "PROPN" and not _is_date_word(child))


# What follows the object of a verb as part of what was said or meant: "accused X of Y", "called X Y",
# "urged X to Y"; an adjunct of place or time ("on Monday", "in Iowa") is the narrator's.
_COMPLEMENT_DEPS = frozenset({"dobj", "oprd", "xcomp", "ccomp", "dative", "prep", "acomp"})
_ADJUNCT_PREPS = frozenset({"on", "in", "at", "during", "after", "before", "since", "while", "amid", "along", "despite",
                            "because", "through", "via", "from", "by"})
# When a verb has several argument frames that are cues, the content starts at the first of these ("urged X to Y").
_FRAME_ORDER = {"dobj": 0, "xcomp": 1}


def _is_adjunct(prep: Token) -> bool:
    """A phrase of place or time ("on Monday", "in Iowa", "for two hours"), the narrator's, not the content."""
    return prep.lower_ in _ADJUNCT_PREPS or any(_is_date_word(t) or t.ent_type_ in ("TIME", "DATE")
                                                 for t in prep.children if t.dep_ == "pobj")


def _argument_span(verb: Token, frame: str, arg: Token) -> tuple[int, int]:
    """Token range of the content a verb reports in an argument other than a clause.

    The object of "accused", "called", "urged" goes on into what is said of it
    ("accused X of Y", "called X Y", "urged X to Y"), so the content runs to the
    end of the complements after it; an xcomp ("vowed to ...") or a prepositional
    object ("called for ...") is its own subtree.
    """
    lo, hi = _word_edges(arg)
    if frame == "xcomp":
        lo = min(lo, *(c.i for c in arg.children if c.dep_ == "aux" and c.lower_ == "to"), lo)
    if frame == "dobj":
        for c in verb.rights:
            # "described X as Y celebrating itself"; not a finite clause of time ("as he lined up")
            as_clause = c.dep_ == "advcl" and c.left_edge.lower_ in ("as", "like") and c.tag_ in ("VBG", "VBN")
            if c.i > arg.i and (c.dep_ in _COMPLEMENT_DEPS or as_clause) and not (c.dep_ == "prep" and _is_adjunct(c)):
                hi = max(hi, _word_edges(c)[1])
    return lo, hi


def _framed_report(tok: Token, subject: Token, lex: SpeechLexicon) -> Report | None:
    """A cue verb whose content is an argument other than a clause ("vowed to ...", "endorsed X")."""
    lemma = tok.lemma_.lower()
    frames = lex.frames_of(lemma)
    if lemma in lex.addressee_verbs:
        frames = frames - {"dobj"}  # "warned the groups": the object is who was told, not what
    found = [(f, arg) for f, arg in argument_frames(tok) if f in frames and f != "ccomp"]
    if not found:
        return None
    frame, arg = min(found, key=lambda fa: _FRAME_ORDER.get(fa[0], len(_FRAME_ORDER)))
    lo, hi = _argument_span(tok, frame, arg)
    saying = lex.is_saying(lemma, _particles(tok, lex))
    if saying and all(t.pos_ in ("PRON", "DET", "PUNCT") for t in tok.doc[lo:hi]):
        return None  # "disputed this", "confirmed it": what was said is elsewhere ("endorsed him" is a stance)
    clause = _trim(tok.doc, lo, hi, tok)
    if clause is None:
        return None
    return Report(cue=tok, source=subject, clause=clause, when=_when(tok),
                  passive=subject.dep_ == "nsubjpass" and subject.head == tok,
                  stance=not saying, clausal=False)


def _verb_report(tok: Token, lex: SpeechLexicon) -> Report | None:
    """A verb's report. A negated, conditional or modal one ("did not say that", "may believe that") reports
    no claim; a stance towards something ("does not support the bill") is still a stance about it."""
    unasserted = _unasserted(tok)
    if unasserted and lex.is_saying(tok.lemma_.lower(), _particles(tok, lex)):
        return None
    speech = _is_speech_verb(tok, lex)
    stranded = _stranded_speaker(tok)
    subject = stranded[0] if stranded else _subject(tok, lex)
    if subject is None:
        return None
    doc = tok.doc
    clauses = [c for c in tok.children if c.dep_ in _CLAUSE_DEPS]
    if not speech or not (clauses or stranded):
        framed = _framed_report(tok, subject, lex)
        if framed is not None or not speech:
            return framed
    if unasserted:
        return None
    if stranded:
        lo, hi = stranded[1]
    elif clauses:
        lo, hi = _edges([t for c in clauses for t in c.subtree])
        hi = _extend_over_contrast(tok, lo, hi, lex)
        hi = _before_coordinated(doc, clauses, lo, hi, lex)
    elif _is_parenthetical(tok, lex):
        lo, hi = _without(tok.head, tok)  # "CLAUSE, X said" parsed with the verb hung under the clause
    else:
        lo = hi = -1
    clause = _trim(doc, lo, hi, tok) if lo >= 0 and _has_verb(doc, lo, hi) else None
    objects = tuple(c for c in tok.children if _is_hearer(c)) if tok.lemma_.lower() in lex.addressee_verbs else ()
    return Report(
        cue=tok,
        source=subject,
        clause=clause,
        addressees=objects,
        when=_when(tok),
        passive=subject.dep_ == "nsubjpass" and subject.head == tok,
        stance=not lex.is_saying(tok.lemma_.lower(), _particles(tok, lex)),
    )


def _modified_clause(cue: Token) -> Token:
    """The head of the clause an "according to" phrase modifies.

    An auxiliary the parser took for the head stands for its verb ("According
    to X, IS fighters killed ..." with "IS" read as "is"), and a cue hung on
    the last conjunct speaks for the whole coordination ("A lasted hours and
    hit B, according to X").
    """
    head = climb(cue.head, lambda t: t.dep_ in ("aux", "auxpass"))
    if head.pos_ not in ("VERB", "AUX"):
        return cue.sent.root
    return climb(head, lambda t: t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX"))


def _cue_report(tok: Token, lex: SpeechLexicon) -> Report | None:
    """ "according to X": X speaks for the clause the cue modifies."""
    prep = next((c for c in tok.children if (tok.lower_, c.lower_) in lex.cue_prepositions), None)
    if prep is None:
        return None
    source = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    head = _modified_clause(tok)
    if head == tok:
        return None
    lo, hi = _without(head, tok)
    if not _has_verb(tok.doc, lo, hi):
        return None
    return Report(cue=tok, source=source, clause=_trim(tok.doc, lo, hi, tok), when=_when(head))


def _noun_holder(noun: Token, lex: SpeechLexicon) -> Token | None:
    """Whose a stance named by a noun is: "Trump's call for", "criticism by X", "X expressed support for"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return _subject(noun.head, lex)
    return None


def _noun_report(tok: Token, lex: SpeechLexicon) -> Report | None:
    """A noun of attribution with its content and its holder: "Trump's call for a ban", "X made the claim that"."""
    frames = lex.noun_frames_of(tok.lemma_.lower())
    found = [(f, arg) for f, arg in noun_frames(tok) if f in frames]
    holder = _noun_holder(tok, lex) if found else None
    if holder is None:
        return None
    frame, arg = found[0]
    clause = _trim(tok.doc, *_word_edges(arg), tok)
    if clause is None:
        return None
    return Report(cue=tok, source=holder, clause=clause, stance=True, clausal=frame == "ccomp")


def find_reports(sent: Span, lex: SpeechLexicon) -> list[Report]:
    """The reports of one sentence; reports nested in another report's clause are left out."""
    found: list[Report] = []
    for tok in span_tokens(sent):
        if tok.pos_ in ("VERB", "AUX") and (_is_speech_verb(tok, lex) or lex.frames_of(tok.lemma_.lower())):
            report = _verb_report(tok, lex)
        elif tok.dep_ == "prep" and any((tok.lower_, c.lower_) in lex.cue_prepositions for c in tok.children):
            report = _cue_report(tok, lex)
        elif tok.pos_ == "NOUN" and lex.noun_frames_of(tok.lemma_.lower()):
            report = _noun_report(tok, lex)
        else:
            continue
        if report is not None:
            found.append(report)
    return [r for r in found
            if not any(o is not r and o.clause and o.clause[0] <= r.cue.idx < o.clause[1] for o in found)]
