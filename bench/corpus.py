"""A synthetic news corpus: military/political reports assembled from a template bank.

Names, places, units, outlets and dates vary with a seeded random generator, so every run
produces the same texts and no two articles are alike. The layout is the header-block one
(title, blank line, byline and date, blank line, body), with direct and reported speech,
relative dates ("on Tuesday") and events of every core type, so extraction does its full work.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

FIRST = ["Mark", "Laila", "Omar", "Sarah", "Hassan", "Daniel", "Yusuf", "Nadia", "Peter", "Rania", "James",
         "Karim", "Helen", "Tariq", "Amira", "Victor", "Leyla", "Samir", "Ingrid", "Farid"]
LAST = ["Holloway", "Haddad", "Kowalski", "Rahimi", "Brennan", "Saleh", "Okafor", "Mansour", "Lindqvist",
        "Darwish", "Marchetti", "Yilmaz", "Aziz", "Fletcher", "Nasser", "Ivanova", "Khoury", "Bergman"]
ROLES = ["a spokesman for the {org}", "the commander of the {unit}", "a senior official at the {org}",
         "the defence minister of {country}", "a spokeswoman for the {org}", "an adviser to the {org}"]
ORGS = ["Defense Ministry", "Foreign Ministry", "Pentagon", "United Nations mission", "Interior Ministry",
        "State Department", "Joint Operations Command", "Arab League", "African Union", "NATO command"]
COUNTRIES = ["Iraq", "Syria", "Jordan", "Turkey", "Lebanon", "Yemen", "Libya", "Egypt", "Iran", "Israel",
             "Saudi Arabia", "Kuwait", "Qatar", "Oman", "Sudan"]
TOWNS = ["Kirkuk", "Raqqa", "Deir ez-Zor", "Mosul", "Aleppo", "Hodeidah", "Sirte", "Tikrit", "Palmyra",
         "Idlib", "Fallujah", "Ramadi", "Tal Afar", "Marib", "Benghazi", "Homs", "Daraa", "Manbij", "Afrin",
         "Sinjar", "Qamishli", "Aden", "Misrata", "Taiz", "Abu Kamal"]
SITES = ["the {town} airbase", "the {town} border crossing", "the main road south of {town}",
         "the old citadel in {town}", "a checkpoint outside {town}", "the power station near {town}"]
UNITS = ["Third Armored Brigade", "rapid reaction force", "border guard battalion", "special forces unit",
         "marine expeditionary unit", "counterterrorism service", "tribal militia", "air defence battalion"]
GROUPS = ["Islamic State", "al-Shabaab", "the Houthi movement", "Hayat Tahrir al-Sham", "al-Qaeda",
          "the Popular Mobilization Forces", "the Free Syrian Army"]
OUTLETS = ["Reuters", "the Associated Press", "Al Jazeera", "the BBC", "Agence France-Presse", "Military Times"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

TITLES = ["{group} fighters push toward {town} as {country} sends reinforcements",
          "{country} warns of response after strike near {town}",
          "Talks on {town} ceasefire stall as shelling resumes",
          "{unit} deployed to {town} amid rising tension"]
EVENTS = [
    "{group} fighters attacked {site} on {weekday}, killing {n} soldiers, officials said.",
    "Warplanes struck positions held by {group} near {town} on {weekday} night.",
    "The army said the {unit} had advanced to within {n} kilometres of {town}.",
    "{country} deployed about {n} troops to {site} over the weekend.",
    "The {org} of {country} warned {group} that any movement toward {town} would be met with force.",
    "Officials from {country} and {country2} met in {town} on {weekday} to discuss a truce.",
    "{country} agreed to supply the {unit} with armoured vehicles and ammunition.",
    "Militants withdrew from {site} after two days of heavy fighting.",
    "A convoy of the {unit} came under rocket fire on the road to {town} on {month} {day}.",
    "{country2} reinforced its positions along the frontier with {country} in recent weeks.",
]
DIRECT = ['"{claim}," {person} told {outlet}.', '"{claim}," said {person}, {role}.',
          '{person}, {role}, said: "{claim}."']
INDIRECT = ["{person}, {role}, said {claim_lower}.", "According to {person}, {claim_lower}.",
            "{person} told reporters on {weekday} that {claim_lower}."]
CLAIMS = ["We will not allow {group} to return to {town}", "Our forces are holding the line at {site}",
          "The situation around {town} remains extremely dangerous", "There is no military solution in {country}",
          "More than {n} families have fled {town} since the fighting began",
          "The {unit} is ready to move if the ceasefire collapses"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _fill(template: str, rng: random.Random, published: date) -> str:
    when = published - timedelta(days=rng.randint(1, 6))
    country, country2 = rng.sample(COUNTRIES, 2)
    town = rng.choice(TOWNS)
    values = {
        "person": _person(rng), "org": rng.choice(ORGS), "unit": rng.choice(UNITS), "group": rng.choice(GROUPS),
        "country": country, "country2": country2, "town": town, "outlet": rng.choice(OUTLETS),
        "weekday": WEEKDAYS[when.weekday()], "month": when.strftime("%B"), "day": str(when.day),
        "n": str(rng.choice([12, 40, 150, 200, 300, 1500])),
    }
    values["site"] = rng.choice(SITES).format(town=town)
    values["role"] = rng.choice(ROLES).format(**values)
    claim = rng.choice(CLAIMS).format(**values)
    values["claim"], values["claim_lower"] = claim, claim[0].lower() + claim[1:]
    return template.format(**values)


def article(index: int, seed: int = 7) -> str:
    """The text of article ``index``: a title, byline, date and 8-14 paragraphs."""
    rng = random.Random(seed * 1_000_003 + index)
    published = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
    paragraphs = [_fill(rng.choice(TITLES), rng, published), f"{_person(rng)}\n{published:%B %-d, %Y}"]
    for _ in range(rng.randint(8, 14)):
        kinds = [EVENTS, DIRECT, INDIRECT] if rng.random() < 0.6 else [EVENTS, EVENTS]
        paragraphs.append(" ".join(_fill(rng.choice(k), rng, published) for k in kinds))
    return "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` articles as text files; returns their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"article_{seed}_{i:06d}.txt"
        path.write_text(article(i, seed), encoding="utf-8")
        paths.append(path)
    return paths
