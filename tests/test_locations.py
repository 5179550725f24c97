"""Locations: gazetteer places, transliterations, suffixes, regions, roads, zones."""

from __future__ import annotations

from tests.entity_support import entities_of, key_at


def test_transliterations_of_one_town_share_a_key(nlp) -> None:
    text = "Fighting spread to al-Bukamal. Troops later entered Abu Kamal and the Albu Kamal outskirts."
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "al-Bukamal") == key_at(index, text, "Abu Kamal") == "location/abu-kamal"
    town = ents["location/abu-kamal"]
    assert town.located_in == [] or town.located_in == ["country/syria"]
    assert town.coordinates is not None


def test_unknown_transliterated_place_in_a_place_slot(nlp) -> None:
    text = "The convoy moved towards al-Zuhour region after leaving as-Sukhnah."
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "al-Zuhour region") == "location/zuhur"
    assert ents["location/zuhur"].cls == "Location"
    assert ents["location/zuhur"].label == "Zuhur"
    assert "al-Zuhour region" in ents["location/zuhur"].alt_labels


def test_facility_suffix_names_the_place_itself(nlp) -> None:
    text = "Shells landed near the Nassib border crossing. Nassib reopened a week later."
    _, index = entities_of(nlp, text)
    assert key_at(index, text, "Nassib border crossing") == key_at(index, text, "Nassib reopened")


def test_direction_plus_country_is_a_region_in_the_country(nlp) -> None:
    text = "Clashes erupted in northern Iraq and Southeastern Turkey, far from Iraq's capital."
    ents, index = entities_of(nlp, text)
    north = ents["location/northern-iraq"]
    assert north.label == "northern Iraq" and north.located_in == ["country/iraq"]
    assert key_at(index, text, "Southeastern Turkey") == "location/southeastern-turkey"


def test_road_between_two_places(nlp) -> None:
    text = "Rebels cut the Homs-Palmyra highway on Tuesday."
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "Homs-Palmyra highway") == "location/homs-palmyra-highway"
    # the same road named the other way round is the same place
    ents2, index2 = entities_of(nlp, "Rebels cut the Palmyra-Homs highway on Tuesday.")
    assert "location/homs-palmyra-highway" in ents2


def test_zone_kinds_and_the_zone(nlp) -> None:
    text = ("Russia and Turkey agreed on a buffer zone around Idlib. Jets stayed out of the demilitarized zone, "
            "and monitors said the zone was quiet.")
    ents, index = entities_of(nlp, text)
    zone = key_at(index, text, "buffer zone")
    assert zone == key_at(index, text, "demilitarized zone") == key_at(index, text, "the zone")
    assert ents[zone].cls == "Location"


def test_common_words_are_not_towns(nlp) -> None:
    text = "Officials said the situation was calm and the general mood hopeful."
    ents, _ = entities_of(nlp, text)
    assert not any(e.cls == "Location" for e in ents.values())
