"""The offline gazetteer: actors, places and countries from ``data/``.

One object, loaded once per process, answers "what is this name?" with an
entity key. Keys are minted from what a thing is, so the data files are the
single source of labels for known things: the same key always carries the
same label, whichever alias the article used.

Curated lists come first and win (``countries.json``, ``actors.json``,
``places.json``); the generated lists add every other country with its
demonyms (``nations.json``) and the organisations and armed groups of the
Phoenix dictionaries (``phoenix_actors.json``), both written by
``scripts/build_lexicons.py``. Towns and admin areas of the whole world are
looked up in :mod:`kg.lexicons.geonames`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

from kg.lexicons.files import read
from kg.lexicons.translit import ARTICLE_PREFIX, place_key, spelling_variants
from kg.vocab import slug

__all__ = ["ARTICLE_PREFIX", "Gazetteer", "Record", "core_name", "gazetteer", "norm_name"]


# Facility words after a place name: the facility is also called by the bare name.
FACILITY_SUFFIX = re.compile(r"\s+(?:border[\s-]+crossing|crossing|garrison|air\s*base|airbase|base|camp|refugee camp"
                             r"|oil\s*field|gas\s*field|field)$", re.I)


@lru_cache(maxsize=16384)  # names recur in every article
def norm_name(text: str) -> str:
    """Case-, accent-, hyphen- and article-insensitive form used to compare names."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w']+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text)


def core_name(text: str) -> str:
    """``norm_name`` without a leading Arabic article, for place names."""
    return ARTICLE_PREFIX.sub("", norm_name(text))


@dataclass(frozen=True)
class Record:
    """One known thing: its identity and what the graph says about it."""

    key: str
    label: str
    cls: str
    kind: str = ""
    wikidata: str | None = None
    country: str | None = None  # the state an organization or unit belongs to
    located_in: tuple[str, ...] = ()
    coordinates: tuple[float, float] | None = None
    led_by: str | None = None  # coalitions
    theatres: tuple[str, ...] = ()  # coalitions
    army_of: str | None = None  # a state's standing army (a Unit)
    names: tuple[str, ...] = ()  # every alias, for alt labels
    source: str = ""  # where a generated entry comes from (file, line, code)


@dataclass
class CountryInfo:
    """Names of a state as a nation: adjectives, people, government."""

    key: str
    adjectives: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    government: str = ""
    gov_aliases: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    """Lookups from names to keys, and the records behind the keys."""

    records: dict[str, Record] = field(default_factory=dict)
    countries: dict[str, CountryInfo] = field(default_factory=dict)
    alignments: dict[str, frozenset[str]] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _place_cores: dict[str, str] = field(default_factory=dict)
    _acronyms: dict[str, str] = field(default_factory=dict)
    _adjectives: dict[str, str] = field(default_factory=dict)
    _people: dict[str, str] = field(default_factory=dict)
    _surnames: dict[str, str] = field(default_factory=dict)  # surname shared by no other known person -> key
    _armies: dict[str, str] = field(default_factory=dict)  # country key -> its standing army's key
    _coalitions: list[Record] = field(default_factory=list)
    _alpha2: dict[str, str] = field(default_factory=dict)  # ISO code -> country key
    # (surface, key, spaCy label, case) for the entity ruler; case: "lower" (any case with a capital),
    # "title" (each word capitalised but for small words), "exact" (acronyms)
    surfaces: list[tuple[str, str, str, str]] = field(default_factory=list)

    # -- building -------------------------------------------------------
    def _add(self, rec: Record, aliases: list[str], acronyms: list[str], ruler: str = "lower") -> None:
        """Index a record's names; ``ruler`` says how its names are matched in text ("" for not at all):
        generated lists only give the ruler names that cannot be common words."""
        names = tuple(dict.fromkeys([rec.label, *aliases, *acronyms]))
        rec = Record(**{**rec.__dict__, "names": names})
        self.records[rec.key] = rec
        if rec.army_of:
            self._armies.setdefault(rec.army_of, rec.key)
        if rec.kind == "coalition":
            self._coalitions.append(rec)
        label = ruler_label(rec)
        for name in [rec.label, *aliases]:
            self._names.setdefault(norm_name(name), rec.key)
            if rec.cls in ("Location", "Country"):
                self._place_cores.setdefault(place_key(name), rec.key)
                bare = FACILITY_SUFFIX.sub("", name)
                if bare != name:  # "Nassib border crossing" is also called "Nassib"
                    self._place_cores.setdefault(place_key(bare), rec.key)
            if ruler == "multiword" and len(name.split()) < 2:
                continue
            forms = spelling_variants(name) if rec.cls == "Location" else (name,)
            if ruler:
                mode = "title" if ruler == "title" else "lower"
                self.surfaces.extend((form, rec.key, label, mode) for form in forms)
        for acro in acronyms:
            self._acronyms.setdefault(acro, rec.key)
            if ruler:
                self.surfaces.append((acro, rec.key, label, "exact"))

    def _load_countries(self, data: dict) -> None:
        for c in data["countries"]:
            key = c["key"]
            rec = Record(key, c["label"], "Country", "country", c.get("wikidata"))
            self._add(rec, [a for a in c["aliases"] if not _is_acronym(a)], [a for a in c["aliases"] if _is_acronym(a)])
            self.countries[key] = CountryInfo(
                key, tuple(c["adjectives"]), tuple(c["people"]), c["government"], tuple(c["gov_aliases"])
            )
            for adj in c["adjectives"]:
                self._adjectives.setdefault(adj.lower(), key)
            for p in c["people"]:
                self._people.setdefault(norm_name(p), key)
            self._alpha2.setdefault(c["alpha2"], key)
            gov = Record(f"actor/{key.split('/', 1)[1]}-government", c["government"], "Organization", "government",
                         country=key)
            self._add(gov, list(c["gov_aliases"]), [])

    def _load_nations(self, data: dict) -> None:
        """Every other country, and more demonyms of the curated ones (which keep their names and labels)."""
        for c in data["countries"]:
            key = c["key"]
            self._alpha2.setdefault(c["alpha2"], key)
            acronyms = [a for a in c["aliases"] if _is_acronym(a)]
            if key not in self.records:
                rec = Record(key, c["label"], "Country", "country", source=c["sources"]["names"])
                self._add(rec, [a for a in c["aliases"] if not _is_acronym(a)], acronyms, ruler="multiword")
                self.countries[key] = CountryInfo(key, tuple(c["adjectives"]), tuple(c["people"]),
                                                  f"{c['adjectives'][0]} government" if c["adjectives"] else "")
            else:  # a curated country keeps its record; its official names are names of it too
                new = [a for a in c["aliases"] if not _is_acronym(a) and norm_name(a) not in self._names]
                for alias in new:
                    self._names[norm_name(alias)] = key
                    self._place_cores.setdefault(place_key(alias), key)
                    if len(alias.split()) > 1:
                        self.surfaces.append((alias, key, "GPE", "lower"))
            for adj in c["adjectives"]:
                self._adjectives.setdefault(adj.lower(), key)
            for p in c["people"]:
                self._people.setdefault(norm_name(p), key)

    def _load_actors(self, data: dict) -> None:
        for a in data["actors"]:
            rec = Record(a["key"], a["label"], a["class"], a.get("kind", ""), a.get("wikidata"), a.get("country"),
                         led_by=a.get("led_by"), theatres=tuple(a.get("theatres", ())), army_of=a.get("army_of"))
            self._add(rec, a["aliases"], a["acronyms"])
        self.alignments = {k: frozenset(v) for k, v in data["alignments"].items() if not k.startswith("_")}
        surnames: dict[str, list[str]] = {}
        for rec in self.records.values():
            if rec.cls == "Person" and len(rec.label.split()) > 1:
                surnames.setdefault(core_name(rec.label.split()[-1]), []).append(rec.key)
        self._surnames = {name: keys[0] for name, keys in surnames.items() if len(keys) == 1}

    def _load_phoenix(self, data: dict) -> None:
        """Organisations and armed groups of the Phoenix dictionaries that the curated lists do not name.

        Their names are matched in text only in title case ("Shining Path", not "shining path"), their
        acronyms only exactly, so the common words some of them are made of stay words.
        """
        for a in data["actors"]:
            if a["key"] in self.records or any(self.lookup(n, places=False) for n in [a["label"], *a["aliases"]]):
                continue
            country = self._alpha2.get(a["country"]) if a.get("country") else None
            rec = Record(a["key"], a["label"], a["class"], a["kind"], country=country, source=a["source"])
            self._add(rec, a["aliases"], [x for x in a["acronyms"] if x not in self._acronyms], ruler="title")

    def _load_places(self, data: dict) -> None:
        for p in data["places"]:
            key = p.get("key") or f"location/{slug(p['label'])}"
            coords = tuple(p["coords"]) if p.get("coords") else None
            rec = Record(key, p["label"], "Location", p.get("kind", ""), p.get("wd"),
                         located_in=(p["in"],) if p.get("in") else (), coordinates=coords)
            self._add(rec, p["aliases"], [])

    # -- lookups ------------------------------------------------------------
    def lookup(self, text: str, places: bool = True) -> str | None:
        """The key of a known name (alias, acronym, transliteration), else None."""
        stripped = text.strip()
        if stripped in self._acronyms:
            return self._acronyms[stripped]
        key = self._names.get(norm_name(stripped))
        if key is None and places:
            key = self._place_cores.get(place_key(stripped))
        return key

    def person_by_surname(self, surname: str) -> Record | None:
        """The one known person with this surname ('Nasrallah'); None when unknown or shared."""
        key = self._surnames.get(core_name(surname))
        return self.records.get(key) if key else None

    def country_of_adjective(self, word: str) -> str | None:
        """'Syrian' -> country/syria (curated demonyms, then pycountry names used as adjectives)."""
        key = self._adjectives.get(word.lower())
        if key is None and word[:1].isupper():
            key = self.country_key(word)
        return key

    def country_of_people(self, text: str) -> str | None:
        """'the Russians' -> country/russia."""
        return self._people.get(norm_name(text))

    def country_key(self, name: str) -> str | None:
        """A country key for a country name or ISO code, curated first, then any pycountry name."""
        key = self.lookup(name, places=False)
        if key and key.startswith("country/"):
            return key
        return self._alpha2.get(name) or _pycountry_key(name)

    def record(self, key: str) -> Record | None:
        """The record of a key; countries missing from the curated list are made from pycountry."""
        rec = self.records.get(key)
        if rec is None and key.startswith("country/"):
            rec = _pycountry_record(key)
        return rec

    def government_of(self, country: str) -> str:
        """The key of a state's government (actor/syria-government)."""
        return f"actor/{country.split('/', 1)[1]}-government"

    def government_label(self, country: str) -> str:
        info = self.countries.get(country)
        if info and info.government:
            return info.government
        rec = self.record(country)
        return f"Government of {rec.label if rec else country.split('/', 1)[1]}"

    def adjective(self, country: str) -> str:
        """The main demonym adjective ('Syrian'), or the country label."""
        info = self.countries.get(country)
        if info and info.adjectives:
            return info.adjectives[0]
        rec = self.record(country)
        return rec.label if rec else country.split("/", 1)[1]

    def army_of(self, country: str) -> str | None:
        """The standing-army Unit of a state, when the data names one."""
        return self._armies.get(country)

    def coalition(self, led_by: str | None = None, theatre: str | None = None) -> str | None:
        """The coalition led by a state, or fighting in a country."""
        for rec in self._coalitions:
            if (led_by and rec.led_by == led_by) or (theatre and theatre in rec.theatres):
                return rec.key
        return None


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def ruler_label(rec: Record) -> str:
    """The spaCy entity label a gazetteer match gets."""
    if rec.cls == "Person":
        return "PERSON"
    if rec.cls == "Country" or rec.kind in ("city", "town", "province"):
        return "GPE"
    if rec.cls == "Location":
        return "FAC" if rec.kind in ("base", "facility", "crossing", "camp", "road") else "LOC"
    return "ORG"


@lru_cache(maxsize=512)
def _pycountry_key(name: str) -> str | None:
    try:
        c = pycountry.countries.lookup(name)
    except LookupError:
        return None
    return f"country/{slug(getattr(c, 'common_name', None) or c.name)}"


@lru_cache(maxsize=512)
def _pycountry_record(key: str) -> Record | None:
    want = key.split("/", 1)[1]
    for c in pycountry.countries:
        label = getattr(c, "common_name", None) or c.name
        if slug(label) == want:
            return Record(key, label, "Country", "country", names=(label, c.name))
    return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (data files read once)."""
    gaz = Gazetteer()
    gaz._load_countries(read("countries.json", dict).content)
    gaz._load_nations(read("nations.json", dict).content)
    gaz._load_actors(read("actors.json", dict).content)
    gaz._load_places(read("places.json", dict).content)
    gaz._load_phoenix(read("phoenix_actors.json", dict).content)
    return gaz
