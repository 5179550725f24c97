"""Event identity: keys minted from what an event is, and labels made from keys.

The same strike reported by two outlets must get the same key, because that is
the only way two article graphs merge: every article is extracted alone, and
the store's default graph is the union of article graphs, so no later pass
rewrites IRIs. What stays the same across reports is the event's family (its
core type or CAMEO root: an "airstrike" and a "strike" are one event), when it
happened, and one participant or place; what varies is how fully each outlet
names them ("Israeli warplanes" / "Israel's military" / "Israel"; "near the
village of X in south Lebanon" / "in southern Lebanon") and whether it dates
the event at all. So each key part is normalised before use:

* an actor becomes its *top actor*: a unit its affiliation, a state organ
  (army, ministry, security service) its state; armed groups and people stay
  themselves (Hezbollah is not Lebanon);
* a place is the most specific one the event names (a town over a region over
  a country), since outlets add wider places, not narrower ones;
* the time is the ISO week (Monday to Sunday) of the event's day when the text
  gives one; the calendar month or year when that is the period the text gives
  ("last month", "since April", "in 2011"); the week a shorter period ends in
  ("this week", "over the weekend"); and for an undated report, the week of
  the day before the article's date (an undated report of a strike usually
  follows it by a day or two). A dated and an undated report of one strike
  then share the week, and incidents at one place in different weeks, let
  alone years, do not.

Which role anchors the key is fixed per family (see ``anchor_roles``), so
the key does not depend on which optional arguments one article happened to
state beyond the anchor role. The label is built from the key's parts only
(entity labels are themselves functions of keys), so every article states the
same label.

Limits of the rule, all consequences of deciding per article: a week has
edges, so a Sunday strike reported with its day by one outlet and without a day
in a Tuesday article (taken as Monday's) gets two nodes, and so does an event
dated by its day in one report and only by its month in another; two distinct
incidents of one family at one place in one week, reported by different
articles, become one node (one article reporting both, on different days,
keeps them apart by their days); an event named by place in one article and
only by its participants in another gets two nodes; and a merged node may carry
the two days of two reports that disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from kg.lexicons.gazetteer import gazetteer
from kg.model import Entity
from kg.vocab import slug

_ROLE_WORDS = {"agent": "by", "target": "against", "place": "in"}
WINDOW_DAYS = 7
_MONDAY = date(2001, 1, 1)  # windows are ISO weeks
REPORT_LAG = timedelta(days=1)  # an undated report is taken to follow its event by a day
# A strike, a deployment or an advance happens somewhere, and outlets name that place
# (at some granularity) more consistently than they name the actor ("Turkish-backed
# fighters" / "rebels of the Syrian National Army"). A threat, a message or aid is a
# relation between parties, where places are incidental: who voiced it comes first.
_PHYSICAL_ORDER = ("place", "agent", "target")
_RELATIONAL_ORDER = ("agent", "target", "place")
_ANCHOR_ORDER = {"Attack": _PHYSICAL_ORDER, "ForcePosture": _PHYSICAL_ORDER, "Movement": _PHYSICAL_ORDER,
                 "Protest": _PHYSICAL_ORDER, "Coercion": _PHYSICAL_ORDER}
# Organs of a state: what they do, the state does.
_STATE_KINDS = {"army", "ministry", "service", "command", "government", "military", "legislature"}
# Place kinds that contain towns and bases: less specific.
_WIDE_PLACE_KINDS = {"region", "province", "sea", "river", "zone"}
_WIDE_PLACE_WORDS = ("northern-", "southern-", "eastern-", "western-", "central-", "north-", "south-", "east-", "west-")
_WIDE_PLACE_SUFFIXES = ("-governorate", "-province", "-region", "-territories")


_DERIVED_ORGAN_SUFFIXES = ("-military", "-government")  # "<adjective> military" (kg/extract/entities/references.py)


@lru_cache(maxsize=4096)
def top_actor(key: str, affiliation: tuple[str, ...] = ()) -> str:
    """The actor a participant acts for: itself, its state, or its unit's affiliation."""
    if key.startswith("unit/") and affiliation:
        return top_actor(affiliation[0])
    gaz = gazetteer()
    rec = gaz.record(key)
    if rec is not None and rec.kind in _STATE_KINDS and (rec.country or rec.army_of):
        return rec.country or rec.army_of
    if rec is None and key.startswith("actor/") and key.endswith(_DERIVED_ORGAN_SUFFIXES):
        state = "country/" + key[len("actor/"):].rsplit("-", 1)[0]
        if gaz.record(state) is not None:
            return state
    return key


def anchor_roles(core: str) -> tuple[str, ...]:
    """The roles that may anchor an event key of this core type, the preferred first."""
    return _ANCHOR_ORDER.get(core, _RELATIONAL_ORDER)


def actor_anchor(key: str, entities: dict[str, Entity]) -> str:
    """The top actor of a participant key of this article."""
    ent = entities.get(key)
    return top_actor(key, tuple(ent.affiliation) if ent is not None else ())


def _place_rank(key: str) -> int:
    """0 for a country, 1 for a wide area, 2 for a town, base or other specific place."""
    if key.startswith("country/"):
        return 0
    rec = gazetteer().record(key)
    name = key.split("/", 1)[-1]
    if (rec is not None and rec.kind in _WIDE_PLACE_KINDS) or name.startswith(_WIDE_PLACE_WORDS):
        return 1
    return 1 if name.endswith(_WIDE_PLACE_SUFFIXES) else 2


def most_specific_place(places: Iterable[str], entities: dict[str, Entity]) -> str | None:
    """The narrowest place named: never one another named place lies in; ties go to the first."""
    places = list(dict.fromkeys(places))
    containers = {c for p in places for c in (entities[p].located_in if p in entities else ())}
    inner = [p for p in places if p not in containers] or places
    return max(inner, key=_place_rank, default=None)


def _entity_label(key: str, entities: dict[str, Entity]) -> str:
    ent = entities.get(key)
    if ent is not None:
        return ent.label
    rec = gazetteer().record(key)
    return rec.label if rec is not None else key.rsplit("/", 1)[-1].replace("-", " ")


def _core_label(core: str) -> str:
    """"ForcePosture" -> "Force posture"."""
    words = re.findall(r"[A-Z][a-z]*", core)
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else core


@dataclass(frozen=True)
class When:
    """The time part of an event key: a week, or the calendar month or year a text gives as its period."""

    key: str
    label: str


def when(day: date | None, earliest: date | None, latest: date | None, published: date | None) -> When | None:
    """The time an event is keyed by (see the module docstring): the week of its day; the calendar month or
    year its period is ("last month", "in 2011"); the week of a shorter period's end ("this week"); else the
    week of the day before the article's."""
    if day is None and (earliest or latest):
        start, end = earliest or latest, latest or earliest
        if start.month == 1 and start.day == 1 and (end - start).days > 31:
            return When(f"year-{start.year}", f" in {start.year}")
        if start.day == 1 and (end - start).days > WINDOW_DAYS:
            return When(f"month-{start:%Y-%m}", f" in {start:%B %Y}")
        day = min(end, published) if published is not None else end
    ref = day if day is not None else (published - REPORT_LAG if published is not None else None)
    if ref is None:
        return None
    monday = ref - timedelta(days=(ref - _MONDAY).days % WINDOW_DAYS)
    return When(f"week-{monday.isoformat()}", f" in the week of {monday.isoformat()}")


def anchored_key(
    core: str, time: When | None, role: str, entity_key: str, entities: dict[str, Entity], day: date | None = None
) -> tuple[str, str]:
    """The key and label of an event identified by a participant or place, in its time (or, where one
    article tells two such events apart by their days, on its day)."""
    if day is not None:
        time = When(day.isoformat(), f" on {day.isoformat()}")
    key_when = f"-{time.key}" if time else ""
    key = "event/" + slug(f"{core}{key_when}-{_ROLE_WORDS[role]}-{entity_key}", max_len=120)
    label = f"{_core_label(core)} {_ROLE_WORDS[role]} {_entity_label(entity_key, entities)}"
    return key, label + (time.label if time else "")


def unanchored_key(core: str, day: date | None, article_id: str, offset: int) -> tuple[str, str]:
    """An event the text names without any participant or place: it cannot be recognised
    in another article, so its identity is its place in this one."""
    when = f"-{day.isoformat()}" if day else ""
    key = "event/" + slug(f"{core}{when}-in-article-{article_id[:12]}-{offset}")
    when_label = f" on {day.isoformat()}" if day else ""
    label = f"{_core_label(core)}{when_label} reported in article {article_id[:12]} at {offset}"
    return key, label
