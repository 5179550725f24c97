"""Person names: titles stripped, keys from the fullest name the article gives.

"Col. Ryan Dillon ... Dillon said" is one person keyed by the full name; an
article that only ever says "Dillon" keys the person by the surname. Titles
("Secretary of Defense", "U.S. President", "Col.") are not part of the name,
so the same person gets the same key whichever title an article uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span

from kg.lexicons.entity_words import lexicon
from kg.lexicons.gazetteer import ARTICLE_PREFIX
from kg.vocab import slug


@dataclass(frozen=True)
class PersonName:
    """The name part of a person span, as character offsets."""

    start: int
    end: int
    name: str


def person_name(span: Span) -> PersonName | None:
    """The span without leading titles and a trailing possessive; None if nothing is left."""
    titles = lexicon().person_titles
    toks = list(span)
    while toks and (toks[0].lower_.rstrip(".") in titles or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].lower_ in ("'s", "'") or toks[-1].is_punct):
        toks = toks[:-1]
    if not toks or not any(t.text[:1].isupper() for t in toks):
        return None
    name = span.doc[toks[0].i:toks[-1].i + 1]
    return PersonName(name.start_char, name.end_char, name.text)


def surname_forms(name: str) -> set[str]:
    """'Mohammed Shia al-Sudani' -> {'al-sudani', 'sudani'}: how a later bare mention may read."""
    last = name.split()[-1].lower()
    return {last, ARTICLE_PREFIX.sub("", last)}


def person_keys(names: list[str], known: Callable[[str], tuple[str, str] | None] = lambda _: None,
                ) -> dict[str, tuple[str, str]]:
    """Name -> (key, label): a bare surname maps to the article's full name that ends with it.

    When the article never gives the full name, ``known`` may still name the person
    (a surname only one well-known person has); otherwise the surname is the key.
    """
    full: dict[str, str] = {}
    for name in names:
        if len(name.split()) > 1:
            for form in surname_forms(name):
                full.setdefault(form, name)
    out = {}
    for name in names:
        canonical = name if len(name.split()) > 1 else full.get(name.lower())
        if canonical is None:
            out[name] = known(name) or (f"actor/{slug(name)}", name)
        else:
            out[name] = (f"actor/{slug(canonical)}", canonical)
    return out
