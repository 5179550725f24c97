"""Actors from NER + gazetteer, with classes corrected by context (sentences written for these tests)."""

from __future__ import annotations

from tests.entity_support import entities_of, key_at


def test_acronym_and_expansion_are_one_organization(nlp) -> None:
    text = ("A spokesman for U.S. European Command said the drills ended. "
            "EUCOM later said two ships had left the port.")
    ents, index = entities_of(nlp, text)
    eucom = ents["actor/us-european-command"]
    assert eucom.cls == "Organization"
    assert {"EUCOM"} <= eucom.alt_labels
    assert key_at(index, text, "EUCOM") == "actor/us-european-command"


def test_surname_speaker_is_a_person_linked_to_full_name(nlp) -> None:
    text = ("Lt. Gen. Marcus Whitfield visited the base on Tuesday. "
            "Whitfield said the troops were ready. According to Whitfield, the drills went well.")
    ents, index = entities_of(nlp, text)
    person = ents["actor/marcus-whitfield"]
    assert person.cls == "Person" and person.label == "Marcus Whitfield"
    assert len(person.mentions) == 3
    assert not any(e.cls == "Organization" and "Whitfield" in e.label for e in ents.values())


def test_bare_surname_keys_by_surname_when_no_full_name(nlp) -> None:
    text = "Ostrander told reporters that the convoy had turned back."
    ents, _ = entities_of(nlp, text)
    assert ents["actor/ostrander"].cls == "Person"
    assert ents["actor/ostrander"].label == "Ostrander"


def test_span_with_speech_verb_is_split_into_speaker_and_outlet(nlp) -> None:
    text = '"It is too early to tell," Hargreave told Defense News.'
    ents, _ = entities_of(nlp, text)
    assert ents["actor/defense-news"].cls == "Organization"
    assert ents["actor/hargreave"].cls == "Person"


def test_demonym_references_resolve_to_the_country(nlp) -> None:
    text = ("Turkish officials met the Russians in Sochi. The talks were tense, "
            "a Turkish diplomat said, and Turkish soldiers stayed on alert.")
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "Turkish officials") == "country/turkey"
    assert key_at(index, text, "Russians") == "country/russia"
    assert ents["country/turkey"].cls == "Country"
    # a demonym that only modifies a unit is an affiliation, not a mention of the country
    assert key_at(index, text, "Turkish soldiers") != "country/turkey"


def test_country_military_and_government(nlp) -> None:
    text = "The Qatari military said the Lebanese government had closed the border."
    ents, _ = entities_of(nlp, text)
    assert ents["actor/qatar-military"].cls == "Organization"
    assert ents["actor/lebanon-government"].label == "Lebanese government"


def test_government_is_not_the_country(nlp) -> None:
    text = "The Iraqi government thanked Iraq's neighbours. The Iraqi army entered the city."
    ents, _ = entities_of(nlp, text)
    assert {"actor/iraq-government", "country/iraq", "actor/iraqi-army"} <= set(ents)
    assert len({ents[k].label for k in ("actor/iraq-government", "country/iraq", "actor/iraqi-army")}) == 3


def test_furniture_is_never_extracted(nlp) -> None:
    text = "Hezbollah fired rockets at Haifa.\n\nMore stories from Beacon Herald Online\n"
    start = text.index("More stories")
    ents, index = entities_of(nlp, text, furniture=((start, len(text)),))
    assert all(m.start < start for m in index)
    assert not any("Beacon" in e.label for e in ents.values())


def test_numbers_adjectives_and_dates_are_not_entities(nlp) -> None:
    text = "Thousands of Shiite pilgrims walked 80 kilometres daily to Karbala last week."
    ents, _ = entities_of(nlp, text)
    assert set(ents) == {"location/karbala"}


def test_country_is_keyed_the_same_as_actor_and_place(nlp) -> None:
    text = "Qatar said it would mediate. Talks will be held in Qatar."
    ents, index = entities_of(nlp, text)
    assert ents["country/qatar"].cls == "Country"
    assert len(ents["country/qatar"].mentions) == 2
