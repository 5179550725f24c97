#!/usr/bin/env python3
"""Convert PETRARCH's CAMEO verb dictionary into newskg's compact CAMEO lexicon.

usage: python scripts/build_cameo_lexicon.py PETRARCH2_DIR [--out kg/lexicons/data/cameo_verbs.json]

PETRARCH2_DIR holds ``CAMEO.2.0.txt`` (and ``SOURCE``, naming the commit of
openeventdata/petrarch2 it came from). The output is read at run time by
``kg.lexicons.cameo``; this script is not imported by newskg.

What is kept, in the form the extractor matches on a dependency parse:

* ``verbs``: every verb of the dictionary by lemma, with the CAMEO code it has on
  its own (its own ``[code]`` or its block's) and, for multi-word verbs
  ("+FIGHT_BACK", "WIRE_+TAP"), the words before and after it;
* ``patterns``: per verb block, the patterns whose code differs from the block's
  (a pattern that gives the default changes nothing), as
  ``[code, pre-verb nouns, post-verb words, prepositional phrases]``, where a
  word is a lemma, a phrase "head-last words", or "&SYNSET";
* ``synsets``: the synonym sets the patterns use;
* ``types`` and ``tops``: which event type of ontology/newskg.ttl a CAMEO code is
  (the concept whose ``skos:notation`` is the longest prefix of the code) and
  the top concept of each type (its core type or its CAMEO root).

PETRARCH's transformations ("~" lines) and its actor markers ("$", "+" in
patterns) have no counterpart here and are dropped.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

NKG = Namespace("https://w3id.org/newskg/ontology#")
ROOT = Path(__file__).resolve().parents[1]

# Where several concepts carry one notation, the one a bare code means (the others are finer readings
# that the hand-made lexicon, event_triggers.json, picks by context).
PREFERRED = {"154": "Mobilization", "150": "ShowOfForce", "130": "Warning", "138": "MilitaryThreat",
             "04": "Communication", "15": "ForcePosture", "06": "Cooperation", "19": "Attack", "08": "Yield",
             "183": "Bombing"}
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE = re.compile(r"\[([^\]]*)\]")


def _code(raw: str) -> str:
    """The source-target code of a "[active:passive]" code field ('---' for no event)."""
    first, _, second = raw.strip().partition(":")
    code = first.strip() or second.strip()
    return code if re.fullmatch(r"[0-9]{2,4}", code) else "---"


def _word(w: str) -> str:
    return w.replace("_", " ").lower().strip()


def _terms(text: str) -> tuple[list[str], list[list]]:
    """The words (lemmas, "phrases", "&SYNSETS") and prepositional groups of one side of a pattern."""
    words, preps = [], []
    for group in re.findall(r"\(([^)]*)\)", text):
        parts = group.replace("{", " {").split(None, 1)
        if not parts:
            continue
        obj = _phrase(parts[1]) if len(parts) > 1 else None
        preps.append([[p.lower() for p in parts[0].split("/")], obj])
    text = re.sub(r"\([^)]*\)", " ", text)
    for phrase in re.findall(r"\{([^}]*)\}", text):
        words.append(_phrase(phrase))
    text = re.sub(r"\{[^}]*\}", " ", text)
    words += [_phrase(w) for w in text.split() if w not in ("+", "$", "%", "^") and re.search(r"[A-Za-z&]", w)]
    return [w for w in words if w], preps


def _phrase(text: str) -> str:
    text = text.strip().strip("{}").strip()
    if text.startswith("&"):
        return text.split()[0]
    return " ".join(_word(w) for w in text.split() if w not in ("+", "$"))


def _verb_entry(line: str) -> tuple[str, dict] | None:
    """A verb line: 'WORD', 'WORD {FORMS}', 'WORD [code]', '+WORD_PARTICLE', 'WORD_+VERB'."""
    line = re.sub(r"\{[^}]*\}", " ", line)
    own = _CODE.search(line)
    line = _CODE.sub(" ", line).split()
    if not line:
        return None
    word = line[0]
    parts = word.split("_")
    plus = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    verb = parts[plus].lstrip("+").lower()
    if not re.fullmatch(r"[a-z][a-z'-]*", verb):
        return None
    entry: dict = {}
    if own:
        entry["code"] = _code(own.group(1))
    before = [p.lower() for p in parts[:plus] if p]
    after = [p.lower() for p in parts[plus + 1:] if p]
    if before:
        entry["before"] = before
    if after:
        entry["after"] = after
    return verb, entry


def parse_dictionary(path: Path) -> dict:
    synsets: dict[str, list[str]] = {}
    verbs: dict[str, list[dict]] = {}
    patterns: dict[str, list] = {}
    block, block_code, current = None, "---", None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current = None if block is None else current
            continue
        if line.startswith("&"):
            current = line.strip().lstrip("&").rstrip("_")
            synsets[current] = []
            continue
        if line.startswith("+") and block is None and current is not None:
            synsets[current].append(_word(line.strip().lstrip("+").rstrip("_")))
            continue
        m = _BLOCK.match(line)
        if m:
            block, block_code = m.group(1).rstrip("_"), _code(m.group(2))
            current = None
            continue
        if block is None or line.startswith("~"):
            continue
        if line.startswith("-"):
            code_m = _CODE.search(line)
            if not code_m:
                continue
            code = _code(code_m.group(1))
            body = line[1:code_m.start()]
            if "*" not in body or code == block_code:
                continue
            pre, _, post = body.partition("*")
            pre_words, _ = _terms(pre)
            post_words, preps = _terms(post)
            if not (pre_words or post_words or preps):
                continue
            if any(w.startswith("&") and w[1:].rstrip("_") not in synsets for w in pre_words + post_words):
                continue
            patterns.setdefault(block, []).append([code, pre_words, post_words, preps])
            continue
        entry = _verb_entry(line.strip())
        if entry is None:
            continue
        verb, info = entry
        info.setdefault("code", block_code)
        info["block"] = block
        if info not in verbs.setdefault(verb, []):
            verbs[verb].append(info)
    for pats in patterns.values():  # synset names as the matcher looks them up
        for pat in pats:
            pat[1] = [w.rstrip("_") for w in pat[1]]
            pat[2] = [w.rstrip("_") for w in pat[2]]
    used = {w[1:] for pats in patterns.values() for p in pats for w in p[1] + p[2] + [x[1] or "" for x in p[3]]
            if w.startswith("&")}
    return {
        "synsets": {k: v for k, v in sorted(synsets.items()) if k in used},
        "verbs": dict(sorted(verbs.items())),
        "patterns": dict(sorted(patterns.items())),
    }


def event_types(ontology: Path) -> tuple[dict[str, str], dict[str, str]]:
    """CAMEO code -> concept (by notation) and concept -> top concept, from the ontology."""
    g = Graph().parse(ontology, format="turtle")
    by_code: dict[str, list[str]] = {}
    tops: dict[str, str] = {}
    for c in g.subjects(SKOS.inScheme, NKG.EventTypes):
        name = str(c).split("#")[-1]
        node = c
        while g.value(node, SKOS.broader) is not None:
            node = g.value(node, SKOS.broader)
        tops[name] = str(node).split("#")[-1]
        code = g.value(c, SKOS.notation)
        if code is not None:
            by_code.setdefault(str(code), []).append(name)
    types = {}
    for code, names in sorted(by_code.items()):
        types[code] = PREFERRED.get(code) if len(names) > 1 else names[0]
        if types[code] not in names:
            raise SystemExit(f"PREFERRED names {types[code]} for CAMEO {code}, which carries only {names}")
    return types, dict(sorted(tops.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("petrarch2", type=Path, help="folder with CAMEO.2.0.txt (and SOURCE)")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "lexicons" / "data" / "cameo_verbs.json")
    ap.add_argument("--ontology", type=Path, default=ROOT / "ontology" / "newskg.ttl")
    args = ap.parse_args(argv)
    source = args.petrarch2 / "SOURCE"
    commit = source.read_text().split()[-1] if source.is_file() else "unknown"
    data = parse_dictionary(args.petrarch2 / "CAMEO.2.0.txt")
    types, tops = event_types(args.ontology)
    about = (
        "CAMEO verb dictionary of PETRARCH 2 (CAMEO.2.0.txt, openeventdata/petrarch2 commit "
        f"{commit}), MIT licence, copyright (c) 2015 Open Event Data Alliance: see LICENSE.petrarch2. "
        "Converted by scripts/build_cameo_lexicon.py: verbs by lemma with their CAMEO code, verb-block patterns "
        "that change the code, the synonym sets they use; types and tops map "
        "CAMEO codes to the event types of ontology/newskg.ttl (by skos:notation) and each type to its top concept."
    )
    out = {"_about": about, **data, "types": types, "tops": tops}
    args.out.write_text(json.dumps(out, separators=(",", ":"), ensure_ascii=True) + "\n", encoding="utf-8")
    n_pat = sum(len(p) for p in data["patterns"].values())
    print(f"wrote {args.out}: {len(data['verbs'])} verbs, {n_pat} patterns, {len(data['synsets'])} synsets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
