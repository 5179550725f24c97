"""The entity ruler: gazetteer names as token patterns, placed before the statistical NER.

Running before "ner" means the model keeps every gazetteer match and only
fills the gaps around them, so a known outlet ("Military Times") can no longer
be swallowed into a WORK_OF_ART and a transliterated town ("al-Tanf") is not
taken for a PERSON. Each pattern carries the entity key as its ``id``, which
``kg.extract.entities.actors`` reads back from ``ent.ent_id_``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg.lexicons.gazetteer import Gazetteer, gazetteer
from kg.lexicons.geonames import geonames_place

RULER_NAME = "newskg_entity_ruler"


def _led_coalition_surfaces(gaz: Gazetteer) -> list[tuple[str, str, str, bool]]:
    """'US-led coalition', 'U.S.-led coalition', 'USA -led coalition' ... for every coalition leader."""
    out = []
    for rec in gaz.records.values():
        if rec.kind != "coalition" or not rec.led_by:
            continue
        leader = gaz.record(rec.led_by)
        info = gaz.countries.get(rec.led_by)
        names = set(leader.names if leader else ()) | set(info.adjectives if info else ())
        for name in names:
            for joint in ("-led", " -led", " - led", " led"):
                out.append((f"{name}{joint} coalition", rec.key, "ORG", "exact"))
    return out


def ruler_patterns(nlp: Language) -> list[dict]:
    """Entity-ruler patterns for every gazetteer surface form.

    Names are phrase patterns matched on lowercase tokens (the PhraseMatcher is
    fast whatever the number of names); acronyms are exact-case token patterns,
    so "IS" is the group and "is" is not. Names from generated lists carry
    ``"case": "title"``: they count only where every word is capitalised.
    """
    gaz = gazetteer()
    seen: set[tuple] = set()
    patterns: list[dict] = []
    for surface, key, label, case in [*gaz.surfaces, *_led_coalition_surfaces(gaz)]:
        if surface.lower().startswith("the "):
            continue  # "the Pentagon": the bare name is a pattern too, and the article is not part of a name
        if case == "exact":
            pattern: str | list[dict] = [{"ORTH": t.text} for t in nlp.tokenizer(surface)]
        else:
            pattern = surface
        sig = (key, repr(pattern) if case == "exact" else surface.lower())
        if sig not in seen:
            seen.add(sig)
            entry = {"label": label, "pattern": pattern, "id": key}
            if case == "title":
                entry["case"] = "title"
            patterns.append(entry)
    return patterns


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "de", "du", "des", "la", "le", "al", "el", "wa",
                          "bin", "ibn", "-", "'s", "'", "&", "/"})


def _title_cased(span: Span) -> bool:
    """Every word of the span is capitalised, but for small joining words ("Army of God", "Jaish al-Adl")."""
    return all(t.text[:1].isupper() or t.lower_ in _SMALL_WORDS or not t.is_alpha for t in span)


def _inside_a_town_name(doc: Doc, start: int, end: int) -> bool:
    """'Port Sudan', 'Kuwait City' seen from 'Sudan', 'Kuwait': with the capitalised word before or after
    it, the name is a GeoNames town, which the country's name alone would hide."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    name = doc[start:end].text
    return (before is not None and before.is_title and geonames_place(f"{before.text} {name}") is not None) or \
        (after is not None and after.is_title and geonames_place(f"{name} {after.text}") is not None)


class GazetteerRuler:
    """Gazetteer names as entities, kept by the statistical NER that runs after it.

    Every pattern is a phrase: a name, matched on lowercase tokens, or an acronym,
    matched on exact tokens (ORTH), so "IS" is the group and "is" is not. Two
    PhraseMatchers find them by hashing, whatever their number. As spaCy's
    EntityRuler with ``overwrite_ents``, matches are taken longest first, then
    earliest, and replace the entities they overlap.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.titled = PhraseMatcher(nlp.vocab, attr="LOWER")  # kept only where the text writes them in title case
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entities: dict[int, tuple[str, str]] = {}  # match id -> (entity label, entity key)

    def add_patterns(self, patterns: list[dict]) -> None:
        """Add ``{"label", "pattern", "id"[, "case": "title"]}`` patterns: a string, or a list of ``{"ORTH": word}``."""
        for entry in patterns:
            match_key = f"{entry['label']}||{entry['id']}"
            self.entities[self.nlp.vocab.strings.add(match_key)] = (entry["label"], entry["id"])
            pattern = entry["pattern"]
            if isinstance(pattern, str):
                matcher = self.titled if entry.get("case") == "title" else self.names
                matcher.add(match_key, [self.nlp.make_doc(pattern)])
            else:
                self.exact.add(match_key, [Doc(self.nlp.vocab, words=[t["ORTH"] for t in pattern])])

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Distinct non-empty matches, longest first, then earliest."""
        titled = [m for m in self.titled(doc) if _title_cased(doc[m[1]:m[2]])]
        matches = [*self.exact(doc), *self.names(doc), *titled]
        final = {(m_id, start, end) for m_id, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        entities = list(doc.ents)
        new_entities = []
        seen: set[int] = set()
        for match_id, start, end in self.match(doc):
            if start in seen or end - 1 in seen:
                continue
            label, key = self.entities[match_id]
            if key.startswith("country/") and _inside_a_town_name(doc, start, end):
                continue  # the NER and the place rules read the town's whole name
            new_entities.append(Span(doc, start, end, label=label, span_id=key))
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new_entities
        return doc


@Language.factory("newskg_gazetteer_ruler")
def make_gazetteer_ruler(nlp: Language, name: str) -> GazetteerRuler:
    return GazetteerRuler(nlp, name)


@Language.component("newskg_gazetteer_case")
def drop_lowercase_matches(doc: Doc) -> Doc:
    """Names are capitalised: a gazetteer match written all in lowercase is a common word ("sour", "senate")."""
    doc.ents = [e for e in doc.ents if not e.ent_id_ or any(c.isupper() for c in e.text)]
    return doc


def add_entity_ruler(nlp: Language) -> None:
    """Add the gazetteer entity ruler (and its case filter) before the statistical NER."""
    if RULER_NAME in nlp.pipe_names:
        return
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("newskg_gazetteer_ruler", name=RULER_NAME, **where)
    ruler.add_patterns(ruler_patterns(nlp))
    nlp.add_pipe("newskg_gazetteer_case", after=RULER_NAME)
