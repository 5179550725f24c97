"""Actors, units and places of any country: sentences about Sudan, South Sudan, Nigeria, Ukraine, Myanmar,
Colombia, DR Congo, Mali, Ethiopia, the Philippines and Somalia, resolved from the generated lists
(nations.json, phoenix_actors.json, force_agents.txt) and GeoNames."""

from __future__ import annotations

import pytest

from kg.extract.context import ArticleContext
from kg.extract.entities.extractor import extract_entities
from kg.extract.index import MentionIndex
from kg.model import Article
from kg.nlp.pipeline import parse
from kg.reading.layouts import article_from_text
from kg.reading.text import analysis_text
from tests.entity_support import entities_of, key_at


def _article_entities(nlp, text: str, ident: str):
    article = Article(text=text, source="t.txt", identifier=ident)
    return extract_entities(ArticleContext(article, nlp(analysis_text(text))))


# -- places ------------------------------------------------------------------------------------------


def test_a_town_with_an_article_is_one_place_with_coordinates_and_country(nlp) -> None:
    text = ("Sudan's army said a drone struck a market in El Fasher on Thursday. "
            "Fighters have besieged Al-Fashir since May, and the army has defended El Fasher for a year.")
    ents, index = entities_of(nlp, text)
    town = ents[key_at(index, text, "El Fasher")]
    assert town.cls == "Location" and town.label == "El Fasher"
    assert key_at(index, text, "Al-Fashir") == town.key
    second = text.rindex("El Fasher")
    hits = index.overlapping(second, second + len("El Fasher"))
    assert {m.key for m in hits} == {town.key}, "the town as an object of 'defended' is still the town"
    assert town.coordinates is not None and 13 < town.coordinates[0] < 14.5 and 24.5 < town.coordinates[1] < 26
    assert "country/sudan" in town.located_in
    assert not any(e.cls != "Location" and "Fasher" in e.label for e in ents.values())


def test_towns_lie_in_their_admin_area_and_country_when_the_article_names_them(nlp) -> None:
    text = ("Boko Haram fighters attacked Maiduguri, the capital of Borno state, on Sunday, Nigeria's army "
            "said. In Ukraine, shelling hit Kharkiv.")
    ents, index = entities_of(nlp, text)
    maiduguri = ents[key_at(index, text, "Maiduguri")]
    borno = key_at(index, text, "Borno")
    assert ents[borno].cls == "Location"
    assert set(maiduguri.located_in) >= {borno, "country/nigeria"}
    kharkiv = ents[key_at(index, text, "Kharkiv")]
    assert "country/ukraine" in kharkiv.located_in and kharkiv.coordinates is not None


def test_towns_that_modify_a_place_noun_are_places_whatever_the_model_calls_them(nlp) -> None:
    for text, names in (
        ("Russian shelling hit the Zaporizhzhia and Kherson provinces on Monday, officials said.",
         ("Zaporizhzhia", "Kherson")),
        ("Troops were sent to the Kassala and Gedaref provinces after the attack.", ("Kassala", "Gedaref")),
    ):
        ents, index = entities_of(nlp, text)
        for name in names:
            assert ents[key_at(index, text, name)].cls == "Location", (name, text)


def test_a_surname_that_is_also_a_town_stays_a_person(nlp) -> None:
    text = "Jesse Jackson met the governor. Jackson said the talks in the region went well."
    ents, index = entities_of(nlp, text)
    assert ents[key_at(index, text, "Jackson said")].cls == "Person"  # Jackson is also a US town of 150,000


def test_a_country_named_with_a_direction_word_is_not_a_region_of_another(nlp) -> None:
    text = ("Refugees crossed from South Sudan into Ethiopia. Fighting in southern Sudan and in "
            "North Korea's neighbour was not reported; the Central African Republic closed its border.")
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "South Sudan") == "country/south-sudan"
    assert ents["country/south-sudan"].cls == "Country"
    assert key_at(index, text, "southern Sudan") == "location/southern-sudan"
    assert key_at(index, text, "North Korea") == "country/north-korea"
    assert key_at(index, text, "Central African Republic") == "country/central-african-republic"


def test_a_capital_acting_is_its_state_and_the_government_in_a_capital_is_that_state_s(nlp) -> None:
    text = ("Kinshasa accused Rwanda of backing the rebels. The government in Juba said it had closed the "
            "border, while the war in Sudan went on.")
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "Kinshasa") == "country/democratic-republic-of-the-congo"
    assert key_at(index, text, "government") == "actor/south-sudan-government"


# -- countries, demonyms, national forces --------------------------------------------------------------


def test_demonyms_of_every_country_name_its_national_forces(nlp) -> None:
    text = ("Nigerian police arrested six men in Kano. Ukrainian troops repelled an assault near Bakhmut, "
            "and the Russian navy shelled Odesa. Colombian soldiers patrolled the border with Venezuela, "
            "and Malian forces withdrew from Kidal.")
    ents, index = entities_of(nlp, text)
    expected = {"Nigerian police": "country/nigeria", "Ukrainian troops": "country/ukraine",
                "Russian navy": "country/russia", "Colombian soldiers": "country/colombia",
                "Malian forces": "country/mali"}
    for surface, country in expected.items():
        unit = ents[key_at(index, text, surface)]
        assert unit.cls == "Unit", surface
        assert country in unit.affiliation, surface
        assert ents[country].cls == "Country"
    assert ents[key_at(index, text, "Nigerian police")].label == "Nigerian police"


def test_a_state_army_named_by_its_demonym_is_the_main_actor(nlp) -> None:
    text = ("The Sudanese army blamed the paramilitary Rapid Support Forces (RSF) for the strike. "
            "The Sudanese Armed Forces said the RSF had shelled the city.")
    ents, index = entities_of(nlp, text)
    army = key_at(index, text, "Sudanese army")
    assert ents[army].cls == "Unit" and "country/sudan" in ents[army].affiliation
    assert key_at(index, text, "Sudanese Armed Forces") == army
    rsf = key_at(index, text, "Rapid Support Forces")
    assert ents[rsf].cls == "ArmedGroup"
    assert key_at(index, text, "RSF had") == rsf


def test_two_word_demonyms_are_one_adjective(nlp) -> None:
    text = "South Sudanese troops crossed into Sudan, and North Korean troops were seen in Kursk."
    ents, index = entities_of(nlp, text)
    assert "country/south-sudan" in ents[key_at(index, text, "South Sudanese troops")].affiliation
    assert "country/north-korea" in ents[key_at(index, text, "North Korean troops")].affiliation


def test_pro_capital_forces_side_with_the_state_never_with_the_city(nlp) -> None:
    text = "Pro-Moscow forces in eastern Ukraine shelled Donetsk, while pro-Kyiv fighters held the town."
    ents, index = entities_of(nlp, text)
    for surface in ("Pro-Moscow forces", "pro-Kyiv fighters"):
        unit = ents[key_at(index, text, surface)]
        assert unit.affiliation, surface
        assert all(ents[k].cls in ("Country", "Organization", "ArmedGroup", "Person") for k in unit.affiliation)
        assert not any(k.startswith("location/") for k in unit.affiliation)
    assert any(k in ("country/russia", "actor/russia-government")
               for k in ents[key_at(index, text, "Pro-Moscow forces")].affiliation)


def test_a_place_that_is_no_capital_gives_no_side(nlp) -> None:
    text = "Pro-Goma fighters clashed with the army near Sake."
    ents, index = entities_of(nlp, text)
    assert not any(k.startswith("location/") for e in ents.values() for k in e.affiliation)


# -- armed groups and organisations from the Phoenix dictionaries --------------------------------------


def test_armed_groups_from_phoenix_are_known_by_name_and_acronym(nlp) -> None:
    text = ("Boko Haram fighters killed 12 villagers in Borno. In Mali, Ansar Dine claimed the attack. "
            "The Lord's Resistance Army was blamed for raids in the Central African Republic, and the "
            "SPLA denied involvement in Jonglei.")
    ents, index = entities_of(nlp, text)
    assert ents[key_at(index, text, "Boko Haram")].cls == "ArmedGroup" or \
        "actor/boko-haram" in ents[key_at(index, text, "Boko Haram fighters")].affiliation
    assert ents["actor/boko-haram"].cls == "ArmedGroup"
    assert ents[key_at(index, text, "Ansar Dine")].cls == "ArmedGroup"
    assert ents[key_at(index, text, "Lord's Resistance Army")].cls == "ArmedGroup"
    assert ents[key_at(index, text, "SPLA")].cls == "ArmedGroup"


def test_phoenix_names_made_of_common_words_match_only_as_names(nlp) -> None:
    text = "Peace talks stalled. The shining path to peace is long, officials in Bogota said."
    ents, _ = entities_of(nlp, text)
    assert not any(e.cls == "ArmedGroup" for e in ents.values())
    text2 = "The Shining Path ambushed a patrol in Peru."
    ents2, index2 = entities_of(nlp, text2)
    assert ents2[key_at(index2, text2, "Shining Path")].cls == "ArmedGroup"


# -- units: formations, strength, generic agents --------------------------------------------------------


def test_numbered_formations_with_strength_and_affiliation(nlp) -> None:
    text = ("The Sudanese army said its 6th Infantry Division, about 3,000 soldiers, held El Fasher. "
            "In Ukraine, the 3rd Assault Brigade retook a village near Bakhmut.")
    ents, index = entities_of(nlp, text)
    division = ents[key_at(index, text, "6th Infantry Division")]
    assert division.cls == "Unit" and division.label == "6th Infantry Division"
    assert division.strength == "about 3,000"
    assert "country/sudan" in division.affiliation
    assert not any(e.cls == "Organization" and "Division" in e.label for e in ents.values())
    brigade = ents[key_at(index, text, "3rd Assault Brigade")]
    assert brigade.cls == "Unit" and "country/ukraine" in brigade.affiliation
    assert brigade.key != division.key


def test_the_same_number_in_two_armies_is_two_formations(nlp) -> None:
    text = "Ukraine's 47th Brigade and Russia's 47th Brigade fought near Avdiivka."
    ents, index = entities_of(nlp, text)
    first = key_at(index, text, "47th Brigade")
    second = text.rindex("47th Brigade")
    other = max(index.overlapping(second, second + 12), key=lambda m: m.end - m.start).key
    assert first != other
    assert "country/ukraine" in ents[first].affiliation and "country/russia" in ents[other].affiliation


def test_a_battalion_of_a_named_formation(nlp) -> None:
    text = "A battalion of the 155th Marines landed near Zamboanga in the Philippines on Monday."
    ents, index = entities_of(nlp, text)
    marines = ents[key_at(index, text, "155th Marines")]
    assert marines.cls == "Unit"
    assert "country/philippines" in marines.affiliation


def test_generic_agents_that_act_are_unnamed_groups_of_the_article(nlp) -> None:
    text = ("Gunmen attacked a convoy near Mogadishu on Friday. Pirates seized a fishing boat off the coast, "
            "and militants clashed with police in Kismayo.")
    ents, index = _article_entities(nlp, text, "a" * 16)
    for surface in ("Gunmen", "Pirates", "militants", "police"):
        unit = ents[key_at(index, text, surface)]
        assert unit.cls == "Unit", surface
        assert unit.key.startswith("unit/aaaaaaaaaaaa-"), f"{surface} is scoped to its article"
    other, other_index = _article_entities(nlp, text, "b" * 16)
    assert key_at(other_index, text, "Gunmen") != key_at(index, text, "Gunmen")


def test_generic_agents_that_do_nothing_are_no_units(nlp) -> None:
    text = "The fight against pirates has cost Somalia dearly, an official in Mogadishu said."
    ents, _ = entities_of(nlp, text)
    assert not any(e.cls == "Unit" for e in ents.values())


# -- classes by context -------------------------------------------------------------------------------


def test_a_group_of_lawyers_is_an_organization_and_a_named_group_too(nlp) -> None:
    text = ("A group of lawyers said at least 12 civilians were killed in Ethiopia's Tigray region. "
            "The Emergency Lawyers group said the strike was the third this month.")
    ents, index = _article_entities(nlp, text, "c" * 16)
    group = ents[key_at(index, text, "group of lawyers")]
    assert group.cls == "Organization" and group.key.startswith("actor/cccccccccccc-")
    named = ents[key_at(index, text, "Emergency Lawyers")]
    assert named.cls == "Organization" and named.label == "Emergency Lawyers"
    assert not any(e.cls == "Person" for e in ents.values())


def test_a_town_after_a_place_preposition_is_a_place_whatever_the_model_says(nlp) -> None:
    text = ("Troops loyal to the junta burned homes near Lashio in Myanmar's Shan state, and the Kachin "
            "Independence Army said fighting spread to Myitkyina.")
    ents, index = entities_of(nlp, text)
    for town in ("Lashio", "Myitkyina"):
        ent = ents[key_at(index, text, town)]
        assert ent.cls == "Location", town
        assert "country/myanmar" in ent.located_in or ent.coordinates is not None, town


def _header_article(nlp, body: str) -> tuple[dict, MentionIndex, str]:
    text = f"Report\n\nStaff\nMarch 4, 2024\n\n{body}\n"
    (art, doc), = parse([article_from_text(text, "dateline.txt")])
    ents, index = extract_entities(ArticleContext(art, doc))
    return ents, index, art.text


@pytest.mark.parametrize(("body", "surface", "key"), [
    ("KINSHASA (Reuters) — Congolese soldiers clashed with rebels in the east on Sunday.", "KINSHASA",
     "location/kinshasa"),
    ("EL FASHER, Sudan - Paramilitary fighters shelled a market on Monday, residents said.", "EL FASHER",
     "location/fasher"),
    ("BEIRUT — The army deployed troops along the southern border overnight.", "BEIRUT", "location/beirut"),
])
def test_a_wire_dateline_names_its_place(nlp, body: str, surface: str, key: str) -> None:
    ents, index, text = _header_article(nlp, body)
    assert key_at(index, text, surface) == key
    assert ents[key].cls == "Location" and ents[key].coordinates


def test_a_dateline_naming_no_place_adds_none(nlp) -> None:
    ents, index, text = _header_article(nlp, "UNITED NATIONS — The Security Council voted on Monday to extend the mission.")
    assert all(e.cls != "Location" for e in ents.values() if any(m.start < 20 for m in e.mentions))


def test_a_town_after_a_compass_point_and_of_is_a_place(nlp) -> None:
    for text, town in (("Congolese soldiers clashed with M23 rebels north of Goma on Sunday.", "Goma"),
                       ("Jihadists ambushed a convoy 30 kilometres south of Gao on Friday.", "Gao"),
                       ("Fighting raged east of Bakhmut and north of Avdiivka.", "Avdiivka")):
        ents, index = entities_of(nlp, text)
        assert ents[key_at(index, text, town)].cls == "Location", town


@pytest.mark.parametrize(("text", "town", "key"), [
    ("Drones struck the airport in Port Sudan on Sunday, the army said.", "Port Sudan", "location/port-sudan"),
    ("Thousands marched in Mexico City against cartel violence.", "Mexico City", "location/mexico-city"),
    ("Gunmen abducted 20 pupils in Niger State on Friday.", "Niger State", "location/niger"),
])
def test_a_town_named_after_its_country_is_the_town(nlp, text: str, town: str, key: str) -> None:
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, town) == key
    assert ents[key].cls == "Location"
