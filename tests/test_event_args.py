"""Event arguments on sentences written for these tests (names and places unlike the samples').

The entity index is a stand-in table of surface forms (see ``entity_support``), so these
tests pin down how roles are read off the parse, whatever the entity extractor finds.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.entity_support import entities_of, key_at, stand_in_events

PUBLISHED = date(2021, 6, 10)  # a Thursday

ENTITIES = {
    "Ethiopian troops": ("unit/ethiopian-troops", "Unit"),
    "Ethiopia": ("country/ethiopia", "Country"),
    "Tigrayan fighters": ("unit/tigrayan-fighters", "Unit"),
    "TPLF": ("actor/tplf", "ArmedGroup"),
    "Eritrean jets": ("unit/eritrean-jets", "Unit"),
    "Eritrea": ("country/eritrea", "Country"),
    "Mekelle": ("location/mekelle", "Location"),
    "Adigrat": ("location/adigrat", "Location"),
    "Shire": ("location/shire", "Location"),
    "Tekeze": ("location/tekeze", "Location"),
    "al-Shabaab": ("actor/al-shabaab", "ArmedGroup"),
    "Kenyan soldiers": ("unit/kenyan-soldiers", "Unit"),
    "Somali police": ("unit/somali-police", "Unit"),
    "African Union": ("actor/african-union", "Organization"),
    "Kismayo": ("location/kismayo", "Location"),
    "Abiy Ahmed": ("actor/abiy-ahmed", "Person"),
    "IS fighters": ("unit/is-fighters", "Unit"),
    "Somalia": ("country/somalia", "Country"),
    "Taiz": ("location/taiz", "Location"),
    "Tikrit": ("location/tikrit", "Location"),
    "Kismayo Security Council": ("actor/kismayo-security-council", "Organization"),
    "Amnesty International": ("actor/amnesty-international", "Organization"),
}


def events_of(nlp, text: str):
    return stand_in_events(nlp, text, ENTITIES, PUBLISHED, "e" * 16)


def of_type(events, core: str):
    return [e for e in events if e.type == core]


# --- references back to an event -------------------------------------------------------


def test_event_noun_subject_continues_the_event_it_refers_to(nlp):
    text = (
        "Ethiopian troops shelled Tigrayan fighters near Adigrat on Tuesday. "
        "The shelling lasted two hours and hit a depot outside Shire."
    )
    attacks = of_type(events_of(nlp, text), "Attack")
    assert len(attacks) == 1, [e.key for e in attacks]
    ev = attacks[0]
    assert ev.agents == ["unit/ethiopian-troops"] and ev.targets == ["unit/tigrayan-fighters"]
    assert "location/adigrat" in ev.places and ev.date == date(2021, 6, 8)


def test_definite_reference_prefers_an_event_named_by_the_same_word(nlp):
    text = (
        "Eritrean jets carried out air strikes on TPLF positions in Mekelle. "
        "Tigrayan fighters said they had shot down a drone over Shire. "
        "The strikes destroyed a bridge, a witness said."
    )
    attacks = of_type(events_of(nlp, text), "Attack")
    strikes = next(e for e in attacks if "unit/eritrean-jets" in e.agents)
    assert "strikes destroyed" in [m.anchor for m in strikes.mentions]
    shootdown = next(e for e in attacks if "unit/tigrayan-fighters" in e.agents)
    assert not any("destroyed" in m.anchor for m in shootdown.mentions)


# --- threats -------------------------------------------------------------------------


def test_threat_takes_target_and_place_from_the_threatened_act(nlp):
    text = "Abiy Ahmed threatened to launch an offensive against the TPLF west of Mekelle."
    ev = of_type(events_of(nlp, text), "Threat")[0]
    assert ev.agents == ["actor/abiy-ahmed"]
    assert ev.targets == ["actor/tplf"] and ev.places == ["location/mekelle"]
    assert not of_type(events_of(nlp, text), "Attack")


def test_threat_by_warning_names_the_target_of_the_promised_strike(nlp):
    ev = of_type(events_of(nlp, "Eritrea warned that its jets would strike Tigrayan fighters in Shire."), "Threat")[0]
    assert ev.agents == ["country/eritrea"]
    assert "unit/tigrayan-fighters" in ev.targets and "location/shire" in ev.places


# --- agents the syntax leaves implicit ------------------------------------------------


def test_personal_pronoun_does_not_take_an_organisation(nlp):
    text = "The African Union stayed silent, and he sent weapons to Somali police."
    evs = of_type(events_of(nlp, text), "Aid")
    assert all("actor/african-union" not in e.agents for e in evs)


# --- two forces in one place; the clause an event happens in ------------------------------


def test_two_forces_posted_in_one_place_are_two_events(nlp):
    text = (
        "Kenyan soldiers continue to patrol in and around Kismayo. "
        "Somali police took up positions on the edge of Kismayo."
    )
    posture = of_type(events_of(nlp, text), "ForcePosture")
    assert len(posture) == 2, [e.key for e in posture]
    assert {tuple(e.agents) for e in posture} == {("unit/kenyan-soldiers",), ("unit/somali-police",)}


def test_nobody_is_the_agent_of_an_attack_they_died_during(nlp):
    evs = of_type(events_of(nlp, "Two Kenyan soldiers died during a raid near Kismayo."), "Attack")
    assert all("unit/kenyan-soldiers" not in e.agents for e in evs)


def test_subject_of_the_main_clause_seized_what_it_took_before_advancing(nlp):
    text = ("Somali police, backed by the African Union, advanced to within two kilometres of the town on Monday "
            "after seizing a depot on the road to Kismayo, an official loyal to Abiy Ahmed told reporters.")
    seizure = next(e for e in of_type(events_of(nlp, text), "Attack"))
    assert seizure.agents == ["unit/somali-police"]


# --- nationality adjectives and periods ---------------------------------------------


def test_nationality_adjective_of_an_event_noun_names_the_state_that_acted(nlp):
    text = "Somalia denied it. A farmer was killed in a Somali strike near Kismayo on Monday."
    ev = of_type(events_of(nlp, text), "Attack")[0]
    assert ev.agents == ["country/somalia"] and ev.date == date(2021, 6, 7)


def test_nationality_adjective_of_a_state_the_article_does_not_name_gives_no_agent(nlp):
    ev = of_type(events_of(nlp, "A farmer was killed in a Sudanese strike near Shire on Monday."), "Attack")[0]
    assert ev.agents == []


def test_a_strike_in_another_month_is_not_the_strike_of_the_day(nlp):
    text = (
        "Somalia struck TPLF positions near Adigrat on Tuesday. "
        "The TPLF vowed to avenge a commander killed in a Somali strike near Mekelle in March."
    )
    attacks = of_type(events_of(nlp, text), "Attack")
    assert len(attacks) == 2, [e.key for e in attacks]
    march = next(e for e in attacks if e.date is None)
    assert march.places == ["location/mekelle"] and march.earliest == date(2021, 3, 1)


# --- labels of the participants ---------------------------------------------------------


def test_plural_group_name_before_a_force_noun_is_singular_in_the_unit_label(nlp):
    entities, _ = entities_of(nlp, "Houthi gunmen attacked a market in Saada on Sunday.")
    assert entities["unit/houthis-fighters"].label == "Houthi fighters"
    entities, _ = entities_of(nlp, "Hezbollah fighters crossed into Syria.")
    assert entities["unit/hezbollah-fighters"].label == "Hezbollah fighters"


def test_troops_refer_back_to_a_regular_force_not_to_militants(nlp):
    text = ("The Jordanian army sent a brigade to Mafraq on Sunday, a day after Islamic State militants attacked "
            "a border post. The troops began to search farms near the border.")
    _, index = entities_of(nlp, text)
    assert key_at(index, text, "troops") == "actor/jordanian-armed-forces"
    assert key_at(index, text, "militants") == "unit/islamic-state-fighters"


# --- possessive pronouns and definite places -----------------------------------------------


def test_possessive_pronoun_of_a_target_names_the_side_that_was_hit(nlp):
    ev = of_type(events_of(nlp, "The TPLF said Ethiopian troops shelled its positions west of Mekelle."), "Attack")[0]
    assert ev.agents == ["unit/ethiopian-troops"] and ev.targets == ["actor/tplf"]
    ev = of_type(events_of(nlp, "Ethiopian troops shelled their positions near Adigrat."), "Attack")[0]
    assert ev.targets == []
    ev = of_type(events_of(nlp, "The TPLF said Eritrea sent weapons to its allies in Shire."), "Aid")[0]
    assert ev.agents == ["country/eritrea"] and "actor/tplf" not in ev.targets


def test_a_bare_definite_city_noun_is_the_city_named_before(nlp):
    text = "Fighting resumed in Taiz. Kenyan soldiers patrolled the area west of the city on Monday."
    ev = of_type(events_of(nlp, text), "ForcePosture")[0]
    assert ev.places == ["location/taiz"]
    text = "Fighting resumed in Tikrit. Kenyan soldiers advanced to within four kilometres of the port on Monday."
    ev = of_type(events_of(nlp, text), "Movement")[0]
    assert ev.places == ["location/tikrit"]
    text = "Fighting resumed in Taiz. Kenyan soldiers patrolled the area west of the city of Tikrit."
    assert of_type(events_of(nlp, text), "ForcePosture")[0].places == ["location/tikrit"]


# --- actors named by a definite description ---------------------------------------------


def test_the_group_is_the_latest_armed_group_unless_another_organisation_came_after(nlp):
    text = "Abiy Ahmed met the TPLF leaders. The group threatened to attack Adigrat."
    assert of_type(events_of(nlp, text), "Threat")[0].agents == ["actor/tplf"]
    text = "Abiy Ahmed met the TPLF leaders. Amnesty International said the group attacked Adigrat."
    assert all("actor/tplf" not in e.agents for e in of_type(events_of(nlp, text), "Attack"))


def test_who_vows_that_a_group_will_strike_makes_the_threat_with_it(nlp):
    text = "Abiy Ahmed vowed that the TPLF would retaliate."
    assert of_type(events_of(nlp, text), "Threat")[0].agents == ["actor/abiy-ahmed", "actor/tplf"]
    text = "Abiy Ahmed said the TPLF would retaliate."
    assert of_type(events_of(nlp, text), "Threat")[0].agents == ["actor/tplf"]


# --- roles read off one sentence ------------------------------------------------------------

ROLES = [
    pytest.param("The African Union did not join the raid, a spokesman said, but it sent weapons to Somali police.",
                 "Aid", ["actor/african-union"], ["unit/somali-police"], [], id="pronoun-takes-latest-subject"),
    pytest.param("According to officials, IS fighters also killed two farmers near Kismayo.",
                 "Attack", ["unit/is-fighters"], [], ["location/kismayo"], id="acronym-read-as-passive-auxiliary"),
    pytest.param("Abiy Ahmed, speaking during a visit to Mekelle on Friday, said the war was over.",
                 "Communication", ["actor/abiy-ahmed"], [], ["location/mekelle"], id="subject-takes-part-in-visit"),
    pytest.param("Kenyan soldiers came under attack from al-Shabaab near Kismayo.",
                 "Attack", ["actor/al-shabaab"], ["unit/kenyan-soldiers"], ["location/kismayo"], id="under-attack"),
    pytest.param("Somali police repulsed an al-Shabaab attack near Kismayo on Monday.",
                 "Attack", ["actor/al-shabaab"], ["unit/somali-police"], ["location/kismayo"], id="repels-attack"),
    pytest.param("Kenyan soldiers said they were attacked by al-Shabaab near Kismayo.",
                 "Attack", ["actor/al-shabaab"], ["unit/kenyan-soldiers"], ["location/kismayo"],
                 id="passive-pronoun-of-reported-clause"),
    pytest.param("The Kismayo Security Council met on Monday. The council is allied with al-Shabaab.",
                 "Cooperation", ["actor/kismayo-security-council"], ["actor/al-shabaab"], [],
                 id="definite-noun-ending-a-name"),
    pytest.param("Kenyan soldiers continue to patrol in and around Kismayo.",
                 "ForcePosture", ["unit/kenyan-soldiers"], [], ["location/kismayo"], id="coordinated-prepositions"),
]


@pytest.mark.parametrize(("text", "core", "agents", "targets", "places"), ROLES)
def test_roles(nlp, text: str, core: str, agents: list[str], targets: list[str], places: list[str]):
    ev = of_type(events_of(nlp, text), core)[0]
    assert (ev.agents, ev.targets, ev.places) == (agents, targets, places)
