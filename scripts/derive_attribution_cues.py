#!/usr/bin/env python3
"""Derive the attribution cue lexicon (kg/lexicons/data/attribution_cues.json) from annotated news.

usage: derive_attribution_cues.py CORPUS_DIR [-o FILE] [--limit N]

CORPUS_DIR holds articles in newskg's text layout and a gold.json of their
attributions (cue, source and content spans), as ``shared/eval/polnear.py
prepare --split train`` writes them from PolNeAR. Each article is parsed by
newskg's own pipeline. Verbs inside quotation marks are the quoted speaker's own
words, which the extractor does not read as attributions, and are not counted.
For every annotated attribution whose cue is a verb,
the frame that links the verb to the annotated content (``frames.argument_frames``:
ccomp, xcomp, dobj, prep:<word>) is counted as ``annotated``; every verb of the
corpus is counted as ``seen`` for each frame it has. For cues that are a
preposition phrase modifying the content ("according to X, ..."), the phrase's
first two words are counted the same way. Only counts are written, never text.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Doc, Token

from kg.extract.context import ArticleContext
from kg.extract.statements.frames import argument_frames, noun_frames
from kg.extract.statements.quotes import find_quotes
from kg.nlp import parse
from kg.reading.layouts import article_from_text

SOURCE = ("Derived by scripts/derive_attribution_cues.py from the train split of PolNeAR v1.0.0 "
          "(networkdynamics/PolNeAR, commit c3eee833; Newell, Margolin and Ruths, 'An Attribution Relations "
          "Corpus for Political News', LREC 2018): {articles} articles, {attributions} annotated attributions. "
          "For each verb lemma and argument frame (ccomp: a clause, 'said that ...'; xcomp: 'vowed to ...'; dobj: "
          "'endorsed X', 'accused X of ...'; prep:<word>: 'called for X'), [annotated, seen]: how often annotators "
          "marked that argument as the content of an attribution cued by the verb, and how often the verb occurs "
          "with that argument in the same articles (outside quotation marks). 'nouns' counts nouns of attribution the "
          "same way ('support for X': prep:for; 'a promise to ...': acl; 'the claim that ...': ccomp). "
          "'prepositions' counts phrase cues that "
          "modify the content "
          "('according to X, ...') the same way. Lemmas annotated fewer than {min_count} times are left out. "
          "Counts only; no text of the corpus.")
MIN_COUNT = 2


def _tokens(doc: Doc, spans: list[list[int]]) -> list[Token]:
    out = []
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.extend(t for t in span if not t.is_space)
    return out


def _head(tokens: list[Token]) -> Token | None:
    """The token of a span whose head lies outside it (the first, when the span is not one phrase)."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else None


def _phrase(tok: Token) -> str | None:
    """ "according to": a cue word with the preposition it governs."""
    prep = next((c for c in tok.children if c.dep_ == "prep"), None)
    return f"{tok.lower_} {prep.lower_}" if prep is not None else None


def derive(corpus: Path, limit: int | None) -> dict:
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))["files"]
    names = sorted(gold)[:limit]
    articles = [article_from_text((corpus / n).read_text(encoding="utf-8"), n) for n in names]
    annotated: dict[str, Counter] = defaultdict(Counter)
    seen: dict[str, Counter] = defaultdict(Counter)
    noun_annotated: dict[str, Counter] = defaultdict(Counter)
    noun_seen: dict[str, Counter] = defaultdict(Counter)
    phrase_annotated: Counter = Counter()
    phrase_seen: Counter = Counter()
    n_attributions = 0
    for done, (article, doc) in enumerate(parse(articles), 1):
        quoted = {t.i for q in find_quotes(ArticleContext(article, doc))
                  for t in doc.char_span(q.start, q.end, alignment_mode="expand") or ()}
        for tok in doc:
            if tok.i in quoted:
                continue
            if tok.pos_ in ("VERB", "AUX"):
                for frame, _ in argument_frames(tok):
                    seen[tok.lemma_.lower()][frame] += 1
            elif tok.pos_ == "NOUN":
                for frame, _ in noun_frames(tok):
                    noun_seen[tok.lemma_.lower()][frame] += 1
            if tok.dep_ == "prep" or tok.pos_ == "VERB":
                phrase = _phrase(tok)
                if phrase:
                    phrase_seen[phrase] += 1
        for attribution in gold[article.source]["attributions"]:
            n_attributions += 1
            cue = _head(_tokens(doc, attribution["cue_spans"]))
            content = _head([t for t in _tokens(doc, attribution["content_spans"]) if not t.is_punct])
            if cue is None or content is None or cue.i in quoted:
                continue
            if cue.pos_ in ("VERB", "AUX"):
                frame = next((f for f, arg in argument_frames(cue) if arg == content), None)
                if frame:
                    annotated[cue.lemma_.lower()][frame] += 1
                    continue
            if cue.pos_ == "NOUN":
                frame = next((f for f, arg in noun_frames(cue) if arg == content), None)
                if frame:
                    noun_annotated[cue.lemma_.lower()][frame] += 1
                    continue
            if cue.dep_ == "prep" and cue in content.subtree:
                phrase = _phrase(cue)
                if phrase:
                    phrase_annotated[phrase] += 1
        if done % 100 == 0:
            print(f"{done}/{len(articles)} articles", file=sys.stderr)
    verbs = {}
    for lemma in sorted(annotated, key=lambda k: (-sum(annotated[k].values()), k)):
        if sum(annotated[lemma].values()) >= MIN_COUNT:
            verbs[lemma] = {f: [n, max(seen[lemma][f], n)] for f, n in annotated[lemma].most_common()}
    nouns = {}
    for lemma in sorted(noun_annotated, key=lambda k: (-sum(noun_annotated[k].values()), k)):
        if sum(noun_annotated[lemma].values()) >= MIN_COUNT:
            nouns[lemma] = {f: [n, max(noun_seen[lemma][f], n)] for f, n in noun_annotated[lemma].most_common()}
    prepositions = {p: [n, max(phrase_seen[p], n)] for p, n in phrase_annotated.most_common() if n >= MIN_COUNT}
    about = SOURCE.format(articles=len(articles), attributions=n_attributions, min_count=MIN_COUNT)
    return {"_about": about, "verbs": verbs, "nouns": nouns, "prepositions": prepositions}


def dump(table: dict) -> str:
    """The table as JSON with one lemma a line, so that a re-derivation reads as a small diff."""
    lines = ["{", f' "_about": {json.dumps(table["_about"], ensure_ascii=False)},']
    for section in ("verbs", "nouns", "prepositions"):
        rows = [f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in table[section].items()]
        lines += [f' "{section}": {{', ",\n".join(rows), " }" + ("," if section != "prepositions" else "")]
    return "\n".join(lines + ["}"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    ap.add_argument("-o", "--output", type=Path,
                    default=Path(__file__).resolve().parents[1] / "kg" / "lexicons" / "data" / "attribution_cues.json")
    ap.add_argument("--limit", type=int, help="only the first N articles")
    args = ap.parse_args(argv)
    table = derive(args.corpus, args.limit)
    args.output.write_text(dump(table), encoding="utf-8")
    print(f"wrote {len(table['verbs'])} verbs, {len(table['nouns'])} nouns and {len(table['prepositions'])} "
          f"prepositions to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
