"""Extraction quality on the held-out articles (eval/heldout), scored by the shared scorer and eval/events.py.

The held-out set is hand-written articles that share no names, places, dates
or sentences with the seeds; its gold (eval/heldout/gold.json) was made
independently of the extractor. It has two parts, scored apart because they
measure different things:

* h01-h06, the seeds' story in other theatres (Manbij, Hodeidah, south Lebanon,
  Diyala), written after the first rules;
* h07-h21, news from other regions (Sudan, Nigeria, Ukraine, Gaza/Israel,
  Somalia, Myanmar, DR Congo, Colombia), written before the CAMEO event work was
  tuned, with pairs of articles reporting one incident (one dated, one not) and
  incidents at one place years apart.

The floors sit a little below the figures measured when they were set, so this
test catches regressions in how well extraction generalises, not the dev-set
tuning. Raise them as the extractors improve; never lower them to make a change pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "eval" / "heldout"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
EVENTS = ROOT / "eval" / "events.py"
ONTOLOGY = ROOT / "ontology" / "newskg.ttl"
CLI = [sys.executable, "-c", "from kg.cli import app; app()"]
PARTS = {"seeds-story": {f"h{n:02d}" for n in range(1, 7)}, "other-regions": {f"h{n:02d}" for n in range(7, 22)}}

# h01-h06. Measured when these floors were set: entity F1 0.93, class 0.91, cross-doc entity
# merge 0.73, event F1 0.80, arguments 0.49, statement F1 0.93, speaker 0.87, kind 0.98,
# metadata 1.00, provenance 1.00, negated-but-asserted 2. Arguments were raised to 0.82 by general
# argument rules, floor 0.76. Issue 13 (CAMEO scheme, keys on family, anchor and week): event F1 0.96,
# arguments 0.85, cross-article event merge 0.56 -> 0.89 (floor 0.8), B3 0.94 -> 0.98 (floor 0.95).
# h07-h21, measured when written (issue 13): event F1 0.84 (0.82 before the CAMEO work), arguments
# 0.50, event merge 0.33 (0.00 before), B3 over all twenty roots 0.93 (0.88 before), entity F1 0.84,
# class 0.84, statement F1 0.98, speaker 0.70; three negated (accused or denied) acts asserted.
FLOORS = {
    "seeds-story": {
        "entity_f1": 0.9,
        "entity_class_accuracy": 0.87,
        "crossdoc_entity_merge": 0.69,
        "event_f1": 0.9,
        "event_argument_accuracy": 0.8,
        "crossdoc_event_merge": 0.8,
        "statement_f1": 0.89,
        "speaker_accuracy": 0.83,
        "quote_kind_accuracy": 0.94,
        "metadata_accuracy": 0.95,
        "provenance_valid": 1.0,
        "b3_f1": 0.95,
    },
    "other-regions": {
        "entity_f1": 0.8,
        "entity_class_accuracy": 0.8,
        "event_f1": 0.8,
        "event_argument_accuracy": 0.45,
        "crossdoc_event_merge": 0.3,
        "statement_f1": 0.9,
        "speaker_accuracy": 0.65,
        "metadata_accuracy": 0.95,
        "provenance_valid": 1.0,
        "b3_f1": 0.9,
        "cameo_event_f1": 0.8,
    },
}
# The other regions' gold marks the act of an accusation as not asserted ("accused Rwanda of backing the
# rebels and of sending troops"); extraction asserts it, as the seeds' story gold does ("accused Iran of
# supplying the militia"). All four counted there are such acts, of three accusations.
MAX_NEGATED_ASSERTED = {"seeds-story": 2, "other-regions": 4}


def _cli(*args: str) -> None:
    done = subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


def _part(gold: dict, keep: set[str]) -> dict:
    """The gold of some articles only (events and entities keep the articles of the part)."""
    events = []
    for e in gold["events"]:
        arts = [a for a in e["articles"] if a in keep]
        if arts:
            events.append({**e, "articles": arts, "evidence": {k: v for k, v in e["evidence"].items() if k in keep}})
    return {
        **gold,
        "articles": {k: v for k, v in gold["articles"].items() if k[:3] in keep},
        "entities": [{**e, "articles": [a for a in e["articles"] if a in keep]} for e in gold["entities"]
                     if set(e["articles"]) & keep],
        "events": events,
        "statements": [s for s in gold["statements"] if s["article"] in keep],
        "negatives": [n for n in gold["negatives"] if n["article"] in keep],
    }


def _run(*args: str) -> None:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict[str, dict[str, float]]:
    if not SCORER.is_file():
        pytest.skip(f"the shared scorer is not at {SCORER}; held-out quality cannot be measured")
    tmp = tmp_path_factory.mktemp("heldout")
    store, graph = tmp / "store", tmp / "graph.nq"
    _cli("build", str(HELDOUT / "articles"), "--store", str(store))
    _cli("export", "--store", str(store), "--format", "nquads", "-o", str(graph))
    gold = json.loads((HELDOUT / "gold.json").read_text(encoding="utf-8"))
    out = {}
    for name, keep in PARTS.items():
        part_gold, shared, events = tmp / f"{name}.json", tmp / f"{name}-shared.json", tmp / f"{name}-events.json"
        part_gold.write_text(json.dumps(_part(gold, keep)), encoding="utf-8")
        _run(str(SCORER), str(graph), str(part_gold), str(HELDOUT / "articles"), "--ontology", str(ONTOLOGY),
             "--json", str(shared))
        _run(str(EVENTS), str(graph), str(part_gold), str(HELDOUT / "articles"), "--ontology", str(ONTOLOGY),
             "--json", str(events))
        cameo = json.loads(events.read_text())
        out[name] = {**json.loads(shared.read_text()), "b3_f1": cameo["b3_f1"], "cameo_event_f1": cameo["event_f1"]}
    return out


@pytest.mark.parametrize(("part", "name"), [(p, n) for p, floors in FLOORS.items() for n in sorted(floors)])
def test_heldout_figure_is_at_least_its_floor(figures: dict[str, dict[str, float]], part: str, name: str) -> None:
    got = figures[part][name]
    assert got >= FLOORS[part][name], f"{part}: {name} fell to {got:.3f} (floor {FLOORS[part][name]})"


@pytest.mark.parametrize("part", sorted(PARTS))
def test_heldout_negated_events_are_not_asserted_more_than_before(figures, part: str) -> None:
    assert figures[part]["negated_events_asserted"] <= MAX_NEGATED_ASSERTED[part]


def test_heldout_covers_four_regions_besides_syria_and_iraq() -> None:
    gold = json.loads((HELDOUT / "gold.json").read_text(encoding="utf-8"))
    assert len(PARTS["other-regions"] & {k[:3] for k in gold["articles"]}) == 15
    multi = [e for e in gold["events"] if len(e["articles"]) > 1 and set(e["articles"]) <= PARTS["other-regions"]]
    assert len(multi) >= 4  # incidents reported by two articles
