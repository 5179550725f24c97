"""Every walk up a parse ends: tokens compared by index, at most one step per token of the sentence.

One test per climbing loop of the extraction rules, on sentences written for it (each
also checks what the climb finds), and the issue's sentence, which once hung a whole
build, built by the real CLI. A regression is a test that fails after its time-out, not
one that hangs the suite (pytest-timeout's signal method interrupts a Python loop).
"""

from __future__ import annotations

import subprocess
from datetime import date

import pyoxigraph as ox
import pytest

from kg.nlp.tree import climb
from tests.conftest import CLI, ROOT
from tests.entity_support import entities_of
from tests.test_event_args import events_of, of_type
from tests.test_statements import only, run

# Its root is a noun ("questions") and no verb above "its forces" has another subject.
ISSUE_SENTENCE = ("The incident renewed questions about Turkey's ability to fight a clean war in crowded Idlib "
                  "even as its forces pushed deeper into the narrow border strip.")

pytestmark = pytest.mark.timeout(120)


# --- the climb itself -------------------------------------------------------------------


def test_climb_stops_at_the_root_whatever_the_token_objects(nlp) -> None:
    doc = nlp("Rebels said the army shelled the town.")
    top = climb(doc[5], lambda t: True)  # "town" -> "shelled" -> "said", the root
    assert top.i == doc[1].i == top.head.i


def test_climb_takes_at_most_one_step_per_token_of_the_sentence(nlp) -> None:
    doc = nlp("Rebels said the army shelled the town. Nobody answered.")
    first = next(doc.sents)
    visited = []

    def go_on(t) -> bool:
        visited.append(t.i)
        return True

    # A step that never reaches a root (a cycle through the sentence), as a hand-made parse may have.
    climb(doc[0], go_on, step=lambda t: doc[(t.i + 1) % len(first)])
    assert len(visited) == len(first)


# --- the loops of the extraction rules ----------------------------------------------------


def test_issue_sentence_builds_and_its_forces_are_turkeys(tmp_path) -> None:
    (tmp_path / "idlib.txt").write_text(ISSUE_SENTENCE + "\n", encoding="utf-8")
    store = tmp_path / "store"
    try:
        done = subprocess.run([*CLI, "build", str(tmp_path / "idlib.txt"), "--store", str(store)],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("building the issue's sentence did not finish in 60 s")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 added" in done.stderr
    db = ox.Store.read_only(str(store))
    units = {s["u"].value for s in db.query(
        "SELECT ?u WHERE { ?u a <https://w3id.org/newskg/ontology#Unit> ; <https://w3id.org/newskg/ontology#mention> "
        "?m . ?m <https://w3id.org/newskg/ontology#anchor> ?a FILTER(CONTAINS(?a, 'forces')) }",
        use_default_graph_as_union=True)}
    assert units == {"https://w3id.org/newskg/id/actor/turkish-armed-forces"}


def test_possessive_forces_under_a_noun_root_belong_to_the_possessor(nlp) -> None:
    """units._controller: no verb above 'its' has a subject (a headline's noun phrase)."""
    text = "Kenya's decision to withdraw its troops from Kismayo"
    ents, _ = entities_of(nlp, text)
    assert [e.affiliation for e in ents.values() if e.cls == "Unit"] == [["country/kenya"]]


def test_possessive_forces_belong_to_the_reporting_subject(nlp) -> None:
    """units._controller: the climb stops at the first verb with another subject."""
    ents, _ = entities_of(nlp, "The coalition said its warplanes struck a depot near Raqqa.")
    (unit,) = [e for e in ents.values() if e.cls == "Unit"]
    assert unit.affiliation == ["actor/us-led-coalition"]


def test_possessive_forces_under_object_control_belong_to_the_object(nlp) -> None:
    """units._controller: 'X urged Y to move its forces': the object of the governing verb."""
    ents, _ = entities_of(nlp, "Iran urged Iraq to move its forces away from the border.")
    (unit,) = [e for e in ents.values() if e.cls == "Unit"]
    assert unit.key == "actor/iraqi-army"


def test_relative_clause_holder_climbs_to_the_whole_noun_phrase(nlp) -> None:
    """units._read_holder: 'the coalition against X, which has soldiers': two steps at a time."""
    ents, _ = entities_of(nlp, "The coalition against Islamic State, which has soldiers in Syria, denied the report.")
    (unit,) = [e for e in ents.values() if e.cls == "Unit"]
    assert unit.affiliation == ["actor/us-led-coalition"]


def test_subject_is_shared_along_a_three_verb_coordination(nlp) -> None:
    """events._clause_subject: 'the shelling began ..., lasted ... and hit ...' is the shelling."""
    text = ("Ethiopian troops shelled Tigrayan fighters near Adigrat on Tuesday. "
            "The shelling began at dawn, lasted two hours and hit a depot outside Shire.")
    (attack,) = of_type(events_of(nlp, text), "Attack")
    assert attack.agents == ["unit/ethiopian-troops"]
    assert "location/shire" in attack.places


def test_pronoun_in_a_coordinated_reported_clause_is_the_reporter(nlp) -> None:
    """event_args._antecedent: the conjunct climbs to the clause that 'said' reports."""
    text = "Ethiopia said it shelled the camp near Mekelle and it hit a depot outside Shire."
    attacks = of_type(events_of(nlp, text), "Attack")  # one or two events (two places), each Ethiopia's
    assert attacks and all(attack.agents == ["country/ethiopia"] for attack in attacks)
    assert any("hit a depot" in m.anchor for attack in attacks for m in attack.mentions)


def test_date_climbs_past_a_reduced_relative_to_the_trigger(nlp) -> None:
    """event_args._date: 'positions held by X near Y on Tuesday' dates the strike."""
    (attack,) = of_type(events_of(nlp, "Eritrean jets struck positions held by TPLF near Adigrat on Tuesday."), "Attack")
    assert attack.date == date(2021, 6, 8)


def test_coordinated_event_nouns_share_their_governor(nlp) -> None:
    """polarity._nominal_asserted: 'an offensive and a raid' are as factual as the verb of the first."""
    assert of_type(events_of(nlp, "Ethiopia planned an offensive and a raid on Mekelle."), "Attack") == []
    carried = of_type(events_of(nlp, "Ethiopia carried out an offensive and a raid on Mekelle."), "Attack")
    assert any(m.anchor == "raid on Mekelle" for e in carried for m in e.mentions)


def test_according_to_on_a_coordination_reports_the_whole_of_it(nlp) -> None:
    """reported._modified_clause: the cue hangs on the last conjunct and climbs to the first."""
    st = only(run(nlp, "The Jordanian army shelled Mosul for hours and hit a depot, according to Maria Santos."))
    assert st.speaker == "actor/maria-santos"
    assert st.quote.startswith("The Jordanian army shelled Mosul")


def test_according_to_over_an_auxiliary_read_as_the_head(nlp) -> None:
    """reported._modified_clause: an auxiliary the parser took for the head climbs to its verb."""
    st = only(run(nlp, "According to Hassan Karimi, IS fighters killed 11 civilians near Kirkuk."))
    assert st.speaker == "actor/hassan-karimi"
    assert "killed 11 civilians near Kirkuk" in st.quote
