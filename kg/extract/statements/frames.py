"""Where a cue puts what was said: the argument frames of verbs and nouns.

A verb of saying, thinking or wanting reports its content in one of a few
arguments, and which one depends on the verb: "said (that) CLAUSE" and
"believes CLAUSE" (``ccomp``), "vowed to ACT" and "wants to ACT" (``xcomp``),
"endorsed X", "accused X of Y", "called X Y" (``dobj``), "called for X",
"pointed to X" (``prep:for``, ``prep:to``). The attribution cue lexicon
(``kg/lexicons/data/attribution_cues.json``) counts, for each verb lemma and
frame, how often annotators marked that argument as the content of an
attribution and how often the verb occurs with that argument at all; the
derivation (``scripts/derive_attribution_cues.py``) and the extractor read
frames with these functions, so the counts mean what the extractor sees.

Nouns of attribution carry their content the same way: "support for X",
"criticism of X" (``prep:<word>``), "a promise to X", "the decision to X"
(``acl``, a to-infinitive), "the claim that X" (``ccomp``, a that-clause).
"""

from __future__ import annotations

from spacy.tokens import Token

CLAUSE_DEPS = frozenset({"ccomp", "parataxis"})
_ARGUMENT_DEPS = frozenset({"pobj", "pcomp"})


def argument_frames(verb: Token) -> list[tuple[str, Token]]:
    """(frame, head of the argument) for each argument of ``verb`` that can hold reported content."""
    out = []
    for child in verb.children:
        dep = child.dep_
        if dep in CLAUSE_DEPS:
            out.append(("ccomp", child))
        elif dep in ("xcomp", "dobj"):
            out.append((dep, child))
        elif dep == "prep" and child.i > verb.i:
            obj = next((g for g in child.children if g.dep_ in _ARGUMENT_DEPS), None)
            if obj is not None:
                out.append((f"prep:{child.lower_}", obj))
    return out


def noun_frames(noun: Token) -> list[tuple[str, Token]]:
    """(frame, head of the argument) for each argument of ``noun`` that can hold reported content."""
    out = []
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ == "prep":
            obj = next((g for g in child.children if g.dep_ in _ARGUMENT_DEPS), None)
            if obj is not None:
                out.append((f"prep:{child.lower_}", obj))
        elif child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX"):
            marks = {g.lower_ for g in child.children if g.dep_ in ("mark", "aux")}
            if "that" in marks:
                out.append(("ccomp", child))
            elif "to" in marks and child.dep_ == "acl":
                out.append(("acl", child))
    return out
