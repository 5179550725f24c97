"""Events on the whole CAMEO scheme, on sentences written for these tests.

One sentence or more per CAMEO root and per rule of issue 13 (the PETRARCH
dictionary and its patterns, two-party codes, headlines in title case, wire
datelines, attempted and foiled acts, denials, keys across articles), with
names, places and countries used nowhere else in the project. The entity index
is a stand-in table of surface forms, so the tests pin down the event logic
whatever the entity extractor recognises.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kg.extract.context import ArticleContext
from kg.extract.events.cameo import noun_reading, verb_reading
from kg.extract.events.event_keys import when
from kg.extract.events.extractor import extract_events
from kg.lexicons.cameo import load_cameo
from kg.lexicons.event_triggers import load_lexicon
from kg.model import Article
from kg.reading.text import analysis_text
from tests.entity_support import one_event, stand_in_events, stand_in_index

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = date(2021, 6, 9)  # a Wednesday

NAMES = {
    "Mali": ("country/mali", "Country"),
    "Malian army": ("unit/malian-army", "Unit"),
    "Bamako": ("location/bamako", "Location"),
    "JNIM": ("actor/jnim", "ArmedGroup"),
    "Kidal": ("location/kidal", "Location"),
    "Ethiopia": ("country/ethiopia", "Country"),
    "Eritrea": ("country/eritrea", "Country"),
    "Mekelle": ("location/mekelle", "Location"),
    "TPLF": ("actor/tplf", "ArmedGroup"),
    "Ethiopian troops": ("unit/ethiopian-troops", "Unit"),
    "Armenia": ("country/armenia", "Country"),
    "Azerbaijan": ("country/azerbaijan", "Country"),
    "Azerbaijani forces": ("unit/azerbaijani-forces", "Unit"),
    "Lachin": ("location/lachin", "Location"),
    "Libya": ("country/libya", "Country"),
    "Tripoli": ("location/tripoli", "Location"),
    "Haftar": ("actor/khalifa-haftar", "Person"),
    "Venezuela": ("country/venezuela", "Country"),
    "Guyana": ("country/guyana", "Country"),
    "Kenya": ("country/kenya", "Country"),
    "al-Shabaab": ("actor/al-shabaab", "ArmedGroup"),
    "Lamu": ("location/lamu", "Location"),
    "Kenyan police": ("unit/kenyan-police", "Unit"),
    "China": ("country/china", "Country"),
    "Philippines": ("country/philippines", "Country"),
    "European Union": ("actor/european-union", "Organization"),
    "Belarus": ("country/belarus", "Country"),
    "Minsk": ("location/minsk", "Location"),
    "United Nations": ("actor/united-nations", "Organization"),
    "Haitian police": ("unit/haitian-police", "Unit"),
    "Port-au-Prince": ("location/port-au-prince", "Location"),
    "Tigray": ("location/tigray", "Location"),
    "Sirte": ("location/sirte", "Location"),
    "Libyan National Army": ("actor/libyan-national-army", "ArmedGroup"),
}


def events_of(nlp, text: str, published: date = PUBLISHED, ident: str = "c" * 16):
    return stand_in_events(nlp, text, NAMES, published, ident)


def article_events(nlp, title: str, body: str, published: date = PUBLISHED, ident: str = "h" * 16,
                   names: dict | None = None):
    """Events of an article with a title line and a body, as the reader lays them out."""
    text = f"{title}\n\n{body}"
    article = Article(text=text, source="t.txt", identifier=ident, title=title, title_span=(0, len(title)),
                      published=published, body_start=len(title) + 2)
    entities, index = stand_in_index({**NAMES, **(names or {})}, text)
    return extract_events(ArticleContext(article, nlp(analysis_text(text))), index, entities)


only = one_event


# --- one sentence per CAMEO root ---------------------------------------------------------


ROOT_SENTENCES = [
    # (root, sentence, event type of the node (its family), a finer type it is reported as, agent, target, place)
    ("02", "Kenya appealed to Ethiopia for humanitarian aid on Tuesday.", "Communication", "Appeal",
     "country/kenya", "country/ethiopia", None),
    ("03", "Ethiopia promised Eritrea economic assistance.", "Cooperation", "IntentToCooperate",
     "country/ethiopia", "country/eritrea", None),
    ("04", "Armenia and Azerbaijan held talks in Tripoli on Monday.", "Communication", None,
     "country/armenia", None, "location/tripoli"),
    ("05", "Armenia praised Azerbaijan on Monday.", "Cooperation", "Praise", "country/armenia",
     "country/azerbaijan", None),
    ("06", "Kenya struck a deal with Ethiopia on Monday.", "Cooperation", "Agreement", "country/kenya",
     "country/ethiopia", None),
    ("07", "China sent food aid to the Philippines on Monday.", "Aid", None, "country/china",
     "country/philippines", None),
    ("08", "Libya released 40 Malian prisoners to Mali on Monday.", "Yield", "Release", "country/libya",
     "country/mali", None),
    ("09", "The United Nations investigated Ethiopia over abuses in Tigray.", "Investigation", None,
     "actor/united-nations", "country/ethiopia", None),
    ("10", "Armenia demanded that Azerbaijan withdraw its forces from Lachin.", "Communication", "Demand",
     "country/armenia", "country/azerbaijan", None),
    ("11", "Venezuela condemned Guyana on Monday.", "Disapproval", "Condemnation", "country/venezuela",
     "country/guyana", None),
    ("12", "Venezuela rejected Guyana's proposal on Monday.", "Rejection", None, "country/venezuela",
     "country/guyana", None),
    ("13", "Kenya threatened al-Shabaab on Monday.", "Threat", None, "country/kenya", "actor/al-shabaab", None),
    ("14", "Thousands of people demonstrated in Minsk on Sunday against the government.", "Protest",
     "Demonstration", None, None, "location/minsk"),
    ("15", "Azerbaijan mobilized its reserves on Monday.", "ForcePosture", "Mobilization", "country/azerbaijan",
     None, None),
    ("16", "The European Union imposed sanctions on Belarus on Monday.", "ReducedRelations", "Sanctions",
     "actor/european-union", "country/belarus", None),
    ("17", "Haitian police arrested 12 gang members in Port-au-Prince on Monday.", "Coercion", "Arrest",
     "unit/haitian-police", None, "location/port-au-prince"),
    ("18", "al-Shabaab fighters stabbed two teachers in Lamu on Monday.", "Attack", "Assault",
     "actor/al-shabaab", None, "location/lamu"),
    ("19", "Azerbaijani forces shelled Lachin on Monday.", "Attack", "Shelling", "unit/azerbaijani-forces",
     None, "location/lachin"),
    ("20", "Ethiopian troops massacred civilians in Mekelle on Monday.", "Attack", "Massacre",
     "unit/ethiopian-troops", None, "location/mekelle"),
]


@pytest.mark.parametrize(("root", "sentence", "family", "finer", "agent", "target", "place"), ROOT_SENTENCES,
                         ids=[r[0] for r in ROOT_SENTENCES])
def test_each_cameo_root_is_read_with_its_arguments(nlp, root, sentence, family, finer, agent, target, place):
    ev = only(events_of(nlp, sentence), family)
    if finer:
        assert finer in ev.reported_types
    if agent:
        assert agent in ev.agents
    if target:
        assert target in ev.targets
    if place:
        assert place in ev.places


@pytest.mark.parametrize("sentence", [
    "Opposition supporters staged a protest in Minsk on Monday.",  # the lemmatizer reads "staged" as "stag"
    "Hundreds of workers are staging a protest in Minsk.",
])
def test_a_verb_the_lemmatizer_misreads_is_read_from_its_inflection(nlp, sentence):
    ev = only(events_of(nlp, sentence), "Protest")
    assert "location/minsk" in ev.places


def test_public_statements_are_statements_not_events(nlp):
    assert events_of(nlp, "The Malian government said on Monday that the situation in Bamako was calm.") == []


def test_the_twenty_roots_have_event_types():
    cam = load_cameo()
    for n in range(1, 21):
        code = f"{n:02d}"
        assert cam.type_of(code) is not None, code
    assert cam.type_of("1952") == "DroneStrike" and cam.type_of("1734") == "Arrest"


# --- the dictionary's patterns decide --------------------------------------------------


def test_patterns_read_the_words_around_the_verb(nlp):
    cam = load_cameo()
    deal = nlp("Kenya struck a deal with Ethiopia.")
    assert verb_reading(deal[1], cam).code == "057"  # an agreement, not an attack
    corruption = nlp("The TPLF battled extremism in Mekelle.")
    reading = verb_reading(corruption[2], cam)
    assert reading.specific and not reading.event  # the pattern says: no event
    rockets = nlp("The rebels attacked the town with rockets.")
    assert verb_reading(rockets[2], cam).code == "194"  # artillery


def test_verbs_only_the_dictionary_knows_are_events(nlp):
    ev = only(events_of(nlp, "Azerbaijani forces pummelled Lachin on Monday."), "Attack")
    assert ev.places == ["location/lachin"] and ev.date == date(2021, 6, 7)


def test_a_pattern_without_an_event_silences_the_hand_lexicon(nlp):
    assert events_of(nlp, "The TPLF battled extremism in Mekelle.") == []


def test_nominalised_conflict_verbs_are_event_nouns(nlp):
    cam = load_cameo()
    doc = nlp("The looting of shops and the deportation of traders followed the demonstration.")
    readings = {t.lower_: noun_reading(t, cam) for t in doc if t.pos_ == "NOUN"}
    assert readings["looting"].event and readings["deportation"].type == "Coercion"
    assert readings["demonstration"].type == "Demonstration"
    assert readings["shops"] is None and readings["traders"] is None


def test_two_party_codes_need_both_parties(nlp):
    assert events_of(nlp, "Venezuela condemned the decision on Monday.") == []
    assert events_of(nlp, "Kenya appealed for calm.") == []


def test_vague_cooperation_verbs_are_no_events(nlp):
    assert events_of(nlp, "Armenia considered Azerbaijan a partner.") == []
    assert events_of(nlp, "Libya hoped Mali would agree.") == []


def test_force_against_no_one_named_is_no_event(nlp):
    assert events_of(nlp, "Three soldiers died on Monday.") == []


def test_a_reaction_keeps_the_attack_it_reacts_to(nlp):
    evs = events_of(nlp, "Venezuela condemned the JNIM attack on Kidal on Monday.")
    assert only(evs, "Attack").places == ["location/kidal"]


# --- headlines and datelines ------------------------------------------------------------


def test_title_case_headline_is_parsed_in_sentence_case(nlp):
    evs = article_events(nlp, "Azerbaijani Forces Shell Lachin, Wounding Nine",
                         "Azerbaijani forces shelled Lachin on Monday. Nine people were wounded, the officials said.")
    ev = only(evs, "Attack")
    assert ev.mentions[0].end < len("Azerbaijani Forces Shell Lachin") and "Shell" in ev.mentions[0].anchor
    assert ev.places == ["location/lachin"] and ev.date == date(2021, 6, 7)


def test_headline_words_are_not_names(nlp):
    title = "JNIM Fighters Ambush Malian Convoy Near Kidal"
    body = "JNIM fighters ambushed a Malian army convoy near Kidal on Tuesday, a spokesman said."
    text = f"{title}\n\n{body}"
    article = Article(text=text, source="t.txt", identifier="n" * 16, title=title, title_span=(0, len(title)),
                      published=PUBLISHED, body_start=len(title) + 2)
    entities, index = stand_in_index({**NAMES, title: ("actor/jnim-fighters-ambush-malian", "Organization")}, text)
    evs = extract_events(ArticleContext(article, nlp(analysis_text(text))), index, entities)
    ev = only(evs, "Attack")
    assert ev.mentions[0].start == 0 and "actor/jnim-fighters-ambush-malian" not in ev.agents
    assert "location/kidal" in ev.places


def test_dateline_is_no_subject_and_places_the_lead(nlp):
    body = ("TRIPOLI, Libya - Fighters of the Libyan National Army clashed with rival militias on Monday, "
            "a spokesman said.")
    ev = only(article_events(nlp, "Clashes in the capital", body, names={"TRIPOLI": ("location/tripoli", "Location")}),
              "Attack")
    assert ev.places == ["location/tripoli"] and "actor/libyan-national-army" in ev.agents


# --- attempted, foiled, denied, negated --------------------------------------------------


def test_repelled_and_thwarted_acts_are_foiled(nlp):
    ev = only(events_of(nlp, "The Malian army repelled an assault by JNIM on Kidal on Monday."), "Attack")
    assert ev.modality == "Foiled" and ev.agents == ["actor/jnim"] and ev.targets == ["unit/malian-army"]
    ev = only(events_of(nlp, "Kenyan police thwarted a bombing in Lamu on Monday."), "Attack")
    assert ev.modality == "Foiled" and "unit/kenyan-police" not in ev.agents
    ev = only(events_of(nlp, "The Malian army beat back a JNIM offensive near Kidal."), "Attack")
    assert ev.modality == "Foiled"


def test_tried_acts_and_attempts_are_attempted(nlp):
    ev = only(events_of(nlp, "al-Shabaab fighters tried to storm a police station in Lamu on Monday."), "Attack")
    assert ev.modality == "Attempted" and ev.agents == ["actor/al-shabaab"]
    ev = only(events_of(nlp, "A kidnapping attempt in Lamu on Monday left two guards wounded."), "Attack")
    assert ev.modality == "Attempted" and ev.places == ["location/lamu"]


def test_trying_to_cooperate_is_still_no_event(nlp):
    assert events_of(nlp, "Armenia tried to form an alliance with Azerbaijan.") == []


def test_a_denied_attack_stays_with_no_agent(nlp):
    ev = only(events_of(nlp, "Haftar denied carrying out the attack on Tripoli."), "Attack")
    assert ev.agents == [] and ev.places == ["location/tripoli"] and ev.modality is None


def test_negated_and_hypothetical_acts_assert_nothing(nlp):
    assert events_of(nlp, "Azerbaijani forces did not shell Lachin.") == []
    assert events_of(nlp, "Azerbaijani forces would shell Lachin if talks failed.") == []


# --- keys across articles ----------------------------------------------------------------


def test_a_dated_and_an_undated_report_of_one_strike_share_a_key(nlp):
    dated = only(events_of(nlp, "Azerbaijani forces shelled Lachin on Monday.", date(2021, 6, 9), "a" * 16),
                 "Attack")
    undated = only(events_of(nlp, "The shelling of Lachin by Azerbaijani forces killed four people.",
                             date(2021, 6, 10), "b" * 16), "Attack")
    assert dated.key == undated.key and dated.label == undated.label
    assert dated.date == date(2021, 6, 7) and undated.date is None


def test_the_same_place_years_apart_is_two_events(nlp):
    now = only(events_of(nlp, "Azerbaijani forces shelled Lachin.", date(2021, 6, 9), "a" * 16), "Attack")
    then = only(events_of(nlp, "Azerbaijani forces shelled Lachin in 2016.", date(2021, 6, 9), "b" * 16), "Attack")
    earlier = only(events_of(nlp, "Azerbaijani forces shelled Lachin.", date(2019, 6, 9), "c" * 16), "Attack")
    assert len({now.key, then.key, earlier.key}) == 3
    assert "year-2016" in then.key


def test_one_article_keeps_two_days_of_one_week_apart(nlp):
    text = "Azerbaijani forces shelled Lachin on Monday. Azerbaijani forces shelled Lachin again on Tuesday."
    evs = [e for e in events_of(nlp, text) if e.type == "Attack"]
    assert len(evs) == 2 and len({e.key for e in evs}) == 2


def test_background_is_not_the_news_of_the_day(nlp):
    text = ("Azerbaijani forces shelled Lachin, officials said. "
            "Azerbaijan launched its offensive on the region in September 2020.")
    evs = [e for e in events_of(nlp, text) if e.type == "Attack"]
    assert len(evs) == 2


def test_time_part_of_keys():
    assert when(date(2021, 6, 6), None, None, date(2021, 6, 9)).key == "week-2021-05-31"
    assert when(None, None, None, date(2021, 6, 8)).key == "week-2021-06-07"  # the day before a Tuesday
    assert when(None, date(2021, 5, 1), date(2021, 5, 31), date(2021, 6, 9)).key == "month-2021-05"
    assert when(None, date(2011, 1, 1), date(2011, 12, 31), date(2021, 6, 9)).key == "year-2011"
    assert when(None, date(2021, 6, 5), date(2021, 6, 6), date(2021, 6, 9)).key == "week-2021-05-31"


def test_lexicon_types_have_families():
    lex = load_lexicon()
    assert lex.core_of("Arrest") == "Coercion" and lex.core_of("Massacre") == "Attack"
    assert lex.core_of("Appeal") == "Communication" and lex.core_of("Protest") == "Protest"


# --- the conversion script ---------------------------------------------------------------


def test_conversion_script_reads_the_petrarch_format(tmp_path):
    folder = tmp_path / "petrarch2"
    folder.mkdir()
    (folder / "SOURCE").write_text("openeventdata/petrarch2 commit 0123abc\n")
    (folder / "CAMEO.2.0.txt").write_text(
        "# a test dictionary\n"
        "&ARMS\n+RIFLE\n+MORTAR_\n\n"
        "---  BOMBARD   [194]  ---\n"
        "BOMBARD\n"
        "+OPEN_UP {+OPENS_UP}\n"
        "PEPPER [190]  # a comment\n"
        "- * (WITH &ARMS)                [193]   # BOMBARD\n"
        "- * {PEACE TALKS}               [---]   # OPEN\n"
        "- * (WITH MORTAR)               [194]   # the default: dropped\n"
    )
    out = tmp_path / "cameo.json"
    script = ROOT / "scripts" / "build_cameo_lexicon.py"
    done = subprocess.run([sys.executable, str(script), str(folder), "--out", str(out)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert "0123abc" in data["_about"] and "LICENSE.petrarch2" in data["_about"]
    assert data["verbs"]["bombard"] == [{"code": "194", "block": "BOMBARD"}]
    assert data["verbs"]["open"] == [{"after": ["up"], "code": "194", "block": "BOMBARD"}]
    assert data["verbs"]["pepper"] == [{"code": "190", "block": "BOMBARD"}]
    assert data["patterns"]["BOMBARD"] == [["193", [], [], [[["with"], "&ARMS"]]], ["---", [], ["peace talks"], []]]
    assert data["synsets"] == {"ARMS": ["rifle", "mortar"]}
    assert data["types"]["194"] == "Shelling" and data["tops"]["Shelling"] == "Attack"


def test_shipped_dictionary_is_what_the_script_makes():
    """The data file records where it came from, and its types are the ontology's."""
    cam = load_cameo()
    assert len(cam.verbs) > 1500 and sum(len(b.patterns) for b in cam.blocks.values()) > 4000
    assert {"Attack", "Coercion", "Protest", "Disapproval"} <= set(cam.tops.values())
