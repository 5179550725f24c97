"""Names never run across a spaced dash.

A spaced dash separates, it does not join: a wire dateline ("MAIDUGURI, Nigeria - Nigerian
troops ...") or an aside ("the army - which denied it - said"). The small English model
sometimes tags one entity across it ("Nigeria - Nigerian" as an ORG). Hyphenated names
("Al-Fashir", "Guinea-Bissau") have no space around the hyphen and are left alone.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

_DASHES = {"-", "--", "\u2013", "\u2014"}


def _spaced_dash(doc: Doc, i: int) -> bool:
    return doc[i].text in _DASHES and i > 0 and bool(doc[i - 1].whitespace_) and bool(doc[i].whitespace_)


@Language.component("newskg_dash_split")
def split_at_spaced_dashes(doc: Doc) -> Doc:
    """Cut every entity at the spaced dashes inside it; the parts keep its label.

    A part that is one word the tagger does not take for a proper noun ("Nigerian" in
    "Nigeria - Nigerian troops") is a modifier of what follows, not a name, and is dropped.
    """
    out: list[Span] = []
    changed = False
    for ent in doc.ents:
        cuts = [i for i in range(ent.start + 1, ent.end - 1) if _spaced_dash(doc, i)]
        if not cuts:
            out.append(ent)
            continue
        changed = True
        start = ent.start
        for cut in [*cuts, ent.end]:
            if cut - start > 1 or cut - start == 1 and doc[start].pos_ == "PROPN":
                out.append(Span(doc, start, cut, label=ent.label_, kb_id=ent.kb_id_))
            start = cut + 1
    if changed:
        doc.ents = out
    return doc
