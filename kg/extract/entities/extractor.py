"""Entity extraction: every actor, unit and location of an article, resolved to keys.

The stages run from the most to the least certain, and each later stage may
use what the earlier ones found:

1. named entities (gazetteer ruler + NER), re-joined and re-classified by context (``actors``,
   ``name_spans``, ``metonyms``), institution names and their acronyms (``orgnames``); in a
   title-case headline only those something else vouches for (``headlines``); a wire dateline's place;
2. references the NER does not tag: "Russian officials", "the U.S. military" (``references``);
3. place rules: suffixes, regions, roads (``locations``); persons keyed by full name (``persons``);
4. what the article is about — its country, government, coalition — from 1-3;
5. bare references ("the regime", "the coalition"), transliterated places, zones;
6. units, whose sides are read from the actors found before (``units``), and named formations
   (``formations``: found before step 1 so their names are not taken for organisations).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from kg.extract.context import ArticleContext
from kg.extract.entities.actors import ActorResolver, Candidate
from kg.extract.entities.formations import FormationRules
from kg.extract.entities.headlines import vouched_for
from kg.extract.entities.locations import PlaceRules, dateline_place
from kg.extract.entities.orgnames import OrganisationNames, link_acronyms
from kg.extract.entities.persons import person_keys, surname_forms
from kg.extract.entities.references import ReferenceRules
from kg.extract.entities.registry import EntityRegistry
from kg.extract.entities.tokens import TokenLocator
from kg.extract.entities.units import UnitContext, UnitRules
from kg.extract.index import MentionIndex
from kg.lexicons.gazetteer import Gazetteer, gazetteer
from kg.model import Entity
from kg.nlp.doctext import doc_tokens


def _non_overlapping(cands: list[Candidate]) -> list[Candidate]:
    """Longest first, then earliest: a longer name beats the names inside it.

    The kept spans never overlap, so only the last one starting before a candidate's end can
    reach into it: one bisection per candidate (articles give hundreds of candidates).
    """
    starts: list[int] = []
    kept: list[Candidate] = []  # in the order of ``starts``
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        i = bisect_left(starts, c.end)
        if i and kept[i - 1].end > c.start:
            continue
        starts.insert(i, c.start)
        kept.insert(i, c)
    return sorted(kept, key=lambda c: (c.start, c.start - c.end))


def _key_persons(gaz: Gazetteer, cands: list[Candidate]) -> None:
    """Persons get keys from the fullest name the article gives; ORG-tagged surnames join them."""
    names = [c.label for c in cands if c.person]
    surnames = {form for n in names if len(n.split()) > 1 for form in surname_forms(n)}
    for c in cands:
        if c.cls == "Organization" and c.key.startswith("actor/") and c.label.lower() in surnames:
            c.person, c.cls = True, "Person"
    def known(surname: str) -> tuple[str, str] | None:
        rec = gaz.person_by_surname(surname)
        return (rec.key, rec.label) if rec else None

    keys = person_keys([c.label for c in cands if c.person], known)
    for c in cands:
        if c.person:
            c.key, c.label = keys[c.label]


def _countries_at(locate: TokenLocator, cands: list[Candidate]) -> dict[int, str]:
    """Token index -> country key, for every token inside a country mention."""
    out = {}
    for c in cands:
        if c.cls == "Country":
            for tok in locate.span(c.start, c.end):
                out[tok.i] = c.key
    return out


def _untagged_surnames(ctx: ArticleContext, reg: EntityRegistry) -> list[Candidate]:
    """Bare surnames of the article's named persons that the NER left untagged ('Gallant told ...')."""
    forms = {}
    for ent in reg.entities.values():
        if ent.cls == "Person" and len(ent.label.split()) > 1:
            for form in surname_forms(ent.label):
                forms.setdefault(form, ent)
    out: list[Candidate] = []
    if not forms:
        return out
    for tok in doc_tokens(ctx.doc):
        ent = forms.get(tok.lower_) if tok.pos_ == "PROPN" else None
        if ent is not None and not reg.taken(tok.idx, tok.idx + len(tok.text)):
            out.append(Candidate(tok.idx, tok.idx + len(tok.text), ent.key, "Person", ent.label))
    return out


def _home_country(locate: TokenLocator, cands: list[Candidate]) -> str | None:
    """The country the article happens in: where its places are, and countries used as places."""
    votes: Counter[str] = Counter()
    for c in cands:
        if c.cls == "Location":
            votes.update(k for k in c.attrs.get("located_in", ()) if k.startswith("country/"))
        elif c.cls == "Country":
            if locate.span(c.start, c.end).root.dep_ == "pobj":
                votes[c.key] += 1
    return votes.most_common(1)[0][0] if votes else None


def _article_coalition(gaz: Gazetteer, cands: list[Candidate], home: str | None) -> str | None:
    named = next((c.key for c in cands if (gaz.record(c.key) and gaz.record(c.key).kind == "coalition")), None)
    return named or (gaz.coalition(theatre=home) if home else None)


def _add_all(reg: EntityRegistry, cands: list[Candidate]) -> None:
    for c in cands:
        attrs = {k: v for k, v in c.attrs.items() if k in ("wikidata", "located_in", "coordinates", "affiliation",
                                                            "strength")}
        reg.add(c.key, c.cls, c.label, c.start, c.end, naming=not c.attrs.get("referring", False), **attrs)


def extract_entities(ctx: ArticleContext) -> tuple[dict[str, Entity], MentionIndex]:
    """The article's actors, units and locations, and the index of all their mentions."""
    gaz = gazetteer()
    doc = ctx.doc
    reg = EntityRegistry(ctx)

    resolver = ActorResolver(gaz)
    named = [*resolver.candidates(doc, ctx.in_furniture), *resolver.untagged_speakers(doc, ctx.in_furniture)]
    locate = TokenLocator(doc)
    refs = ReferenceRules(gaz, doc, _countries_at(locate, named))
    places = PlaceRules(gaz, doc, ctx.text, locate)
    orgs = OrganisationNames(gaz, doc)
    institutions = [*orgs.candidates(ctx.in_furniture), *orgs.unnamed(ctx.article.identifier[:12], ctx.in_furniture)]
    formations = FormationRules(gaz, doc).find(ctx.in_furniture)
    cands = [c for c in [*institutions, *named, *refs.actor_phrases()]
             if not any(f.overlaps(c.start, c.end) for f in formations)]  # a formation's name is a unit's
    cands = vouched_for(cands, ctx, gaz)
    dateline = dateline_place(gaz, ctx)
    if dateline is not None:  # the dateline's words are its place, whatever the model made of them
        cands = [c for c in cands if not (c.start < dateline.end and dateline.start < c.end)] + [dateline]
    cands = places.refine(_non_overlapping(cands))
    cands = _non_overlapping(cands)
    cands = _non_overlapping([*cands, *link_acronyms(doc, cands, reg.taken)])
    _key_persons(gaz, cands)
    _add_all(reg, cands)

    home = _home_country(locate, cands)
    government = gaz.government_of(home) if home else next(
        (c.key for c in cands if c.key.endswith("-government")), None)
    coalition = _article_coalition(gaz, cands, home)
    later = [*refs.bare(government, coalition), *places.transliterated(reg.taken), *_untagged_surnames(ctx, reg)]
    later = [c for c in _non_overlapping(later) if not reg.taken(c.start, c.end)]
    _add_all(reg, later)
    zones = places.zones([c for c in [*cands, *later] if c.cls == "Location"], reg.taken)
    _add_all(reg, zones)

    named_coalition = coalition if any(m.key == coalition for m in reg.mentions_of()) else None
    labels = {k: e.label for k, e in reg.entities.items()}
    uctx = UnitContext(home, government, coalition, named_coalition, reg.mentions_of(), labels,
                       ctx.article.identifier[:12])
    prior = [c for c in cands if c.cls == "Unit"]
    units = UnitRules(gaz, doc, uctx, ctx.in_furniture, formations).candidates(prior)
    _add_all(reg, units)
    _add_evidence(gaz, reg, units)
    _fill_labels(gaz, reg)
    reg.prune_links()
    return reg.entities, reg.index()


def _add_evidence(gaz: Gazetteer, reg: EntityRegistry, units: list[Candidate]) -> None:
    """Affiliations read from adjectives ('Turkish-backed') get their actor, evidenced by the adjective."""
    for unit in units:
        for key, start, end in unit.attrs.get("evidence", ()):
            if key in reg.entities:
                continue
            rec = gaz.record(key)
            if rec is not None:
                reg.add(key, rec.cls, rec.label, start, end, naming=False, indexed=False)
            elif key.endswith("-government"):
                country = f"country/{key.split('/', 1)[1].removesuffix('-government')}"
                reg.add(key, "Organization", gaz.government_label(country), start, end, naming=False, indexed=False)


def _fill_labels(gaz: Gazetteer, reg: EntityRegistry) -> None:
    """Entities first seen through a reference get the gazetteer's label and ids."""
    for ent in reg.entities.values():
        rec = gaz.record(ent.key)
        if rec is not None:
            ent.wikidata = ent.wikidata or rec.wikidata
            ent.coordinates = ent.coordinates or rec.coordinates
