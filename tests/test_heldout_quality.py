"""Extraction quality on the held-out articles (eval/heldout), scored by the shared scorer.

The held-out set is six hand-written articles that share no names, places,
dates or sentences with the seeds; its gold (eval/heldout/gold.json) was made
independently of the extractor. The floors sit a little below the figures
measured when the set was made, so this test catches regressions in how well
extraction generalises, not the dev-set tuning. Raise them as the extractors
improve; never lower them to make a change pass.
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
ONTOLOGY = ROOT / "ontology" / "newskg.ttl"
CLI = [sys.executable, "-c", "from kg.cli import app; app()"]

# Measured when these floors were set: entity F1 0.93, class 0.91, cross-doc entity
# merge 0.73, event F1 0.80, arguments 0.49, statement F1 0.93, speaker 0.87, kind 0.98,
# metadata 1.00, provenance 1.00, negated-but-asserted 2. Cross-doc event merge was
# 0.00, so it has no floor yet. Arguments were raised to 0.82 by general argument rules
# (event-noun subjects, threatened acts, pronoun and definite-place antecedents), floor 0.76.
FLOORS = {
    "entity_f1": 0.9,
    "entity_class_accuracy": 0.87,
    "crossdoc_entity_merge": 0.69,
    "event_f1": 0.76,
    "event_argument_accuracy": 0.76,
    "statement_f1": 0.89,
    "speaker_accuracy": 0.83,
    "quote_kind_accuracy": 0.94,
    "metadata_accuracy": 0.95,
    "provenance_valid": 1.0,
}
MAX_NEGATED_ASSERTED = 2


def _cli(*args: str) -> None:
    done = subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict[str, float]:
    if not SCORER.is_file():
        pytest.skip(f"the shared scorer is not at {SCORER}; held-out quality cannot be measured")
    tmp = tmp_path_factory.mktemp("heldout")
    store, graph, out = tmp / "store", tmp / "graph.nq", tmp / "figures.json"
    _cli("build", str(HELDOUT / "articles"), "--store", str(store))
    _cli("export", "--store", str(store), "--format", "nquads", "-o", str(graph))
    done = subprocess.run([sys.executable, str(SCORER), str(graph), str(HELDOUT / "gold.json"), str(HELDOUT / "articles"),
                           "--ontology", str(ONTOLOGY), "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(out.read_text())


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_figure_is_at_least_its_floor(figures: dict[str, float], name: str) -> None:
    assert figures[name] >= FLOORS[name], f"{name} fell to {figures[name]:.3f} (floor {FLOORS[name]})"


def test_heldout_negated_events_are_not_asserted_more_than_before(figures: dict[str, float]) -> None:
    assert figures["negated_events_asserted"] <= MAX_NEGATED_ASSERTED
