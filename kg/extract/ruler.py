"""The entity ruler: gazetteer names as token patterns, placed before the statistical NER.

Running before "ner" means the model keeps every gazetteer match and only
fills the gaps around them, so a known outlet ("Military Times") can no longer
be swallowed into a WORK_OF_ART and a transliterated town ("al-Tanf") is not
taken for a PERSON. Each pattern carries the entity key as its ``id``, which
``kg.extract.entities`` reads back from ``ent.ent_id_``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from kg.extract.gazetteer import Gazetteer, gazetteer

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
                out.append((f"{name}{joint} coalition", rec.key, "ORG", True))
    return out


def ruler_patterns(nlp: Language) -> list[dict]:
    """Entity-ruler patterns for every gazetteer surface form.

    Names are phrase patterns matched on lowercase tokens (the PhraseMatcher is
    fast whatever the number of names); acronyms are exact-case token patterns,
    so "IS" is the group and "is" is not.
    """
    gaz = gazetteer()
    seen: set[tuple] = set()
    patterns: list[dict] = []
    for surface, key, label, case_sensitive in [*gaz.surfaces, *_led_coalition_surfaces(gaz)]:
        if surface.lower().startswith("the "):
            continue  # "the Pentagon": the bare name is a pattern too, and the article is not part of a name
        if case_sensitive:
            pattern: str | list[dict] = [{"ORTH": t.text} for t in nlp.tokenizer(surface)]
        else:
            pattern = surface
        sig = (key, repr(pattern).lower() if not case_sensitive else repr(pattern))
        if sig not in seen:
            seen.add(sig)
            patterns.append({"label": label, "pattern": pattern, "id": key})
    return patterns


def _exact_words(pattern: str | list[dict]) -> bool:
    """A token pattern that only spells out exact tokens: ``[{"ORTH": "IS"}]``."""
    return isinstance(pattern, list) and all(list(t) == ["ORTH"] for t in pattern)


class GazetteerRuler(EntityRuler):
    """An entity ruler that matches exact-case word patterns with a PhraseMatcher on ORTH.

    spaCy's Matcher tries every token pattern at every token: the gazetteer's ~130
    case-sensitive acronyms cost more than all its phrase patterns together. A pattern
    that only spells out exact tokens is a phrase, and the PhraseMatcher finds phrases
    by hashing, whatever their number. It yields the same (id, start, end) matches, so
    the ruler's choice among them, and so the entities, are unchanged.
    """

    def __init__(self, nlp: Language, name: str, **config) -> None:
        super().__init__(nlp, name, **config)
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")

    def clear(self) -> None:
        super().clear()
        self.exact_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")

    def add_patterns(self, patterns: list[dict]) -> None:
        super().add_patterns([p for p in patterns if not _exact_words(p["pattern"])])
        for entry in (p for p in patterns if _exact_words(p["pattern"])):
            label = entry["label"]
            if "id" in entry:
                label = self._create_label(label, entry["id"])
                self._ent_ids[self.matcher._normalize_key(label)] = (entry["label"], entry["id"])
            self.token_patterns[label].append(entry["pattern"])  # listed as given (``patterns``, serialisation)
            self.exact_matcher.add(label, [Doc(self.nlp.vocab, words=[t["ORTH"] for t in entry["pattern"]])])

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """As ``EntityRuler.match``: distinct non-empty matches, longest first, then earliest."""
        self._require_patterns()
        matches = [*(self.matcher(doc) if len(self.matcher) else ()), *self.exact_matcher(doc),
                   *self.phrase_matcher(doc)]
        final = {(m_id, start, end) for m_id, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


@Language.factory("newskg_gazetteer_ruler", default_config={
    "phrase_matcher_attr": None, "validate": False, "overwrite_ents": False, "ent_id_sep": "||"})
def make_gazetteer_ruler(nlp: Language, name: str, phrase_matcher_attr: str | None, validate: bool,
                         overwrite_ents: bool, ent_id_sep: str) -> GazetteerRuler:
    return GazetteerRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=validate,
                          overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep)


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
    config = {"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
    ruler = nlp.add_pipe("newskg_gazetteer_ruler", name=RULER_NAME, config=config, **where)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns(nlp))
    nlp.add_pipe("newskg_gazetteer_case", after=RULER_NAME)
