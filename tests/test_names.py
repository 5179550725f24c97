"""Names the NER cuts up or mistypes: transliterated places, place slots, institutions, acronyms, capitals."""

from __future__ import annotations

import pytest

from kg.lexicons.gazetteer import gazetteer
from kg.lexicons.translit import place_key, spelling_variants
from tests.entity_support import entities_of, key_at


def test_spellings_of_one_place_share_a_comparison_key() -> None:
    assert place_key("Umm ash-Shayf") == place_key("Umm al-Shaif") == place_key("Umm Shaif")
    assert place_key("Ma'arrat") == place_key("Maarat")
    assert place_key("Kafr Nabouda") == place_key("Kafr Nabuda")
    assert place_key("Tell Rifaat") != place_key("Tell Abyad")


def test_article_variants_are_generated_by_rule() -> None:
    variants = spelling_variants("Ras al-Rami")
    assert {"Ras el-Rami", "Ras ar-Rami", "Ras al Rami"} <= variants
    assert "Ras Rami" not in variants  # an inner article is never simply left out
    assert "Qusayr" in spelling_variants("Al-Qusayr")


def test_gazetteer_place_matches_an_unlisted_spelling() -> None:
    gaz = gazetteer()
    assert gaz.lookup("Jisr esh-Shughur") == gaz.lookup("Jisr al-Shughur") is not None


def test_unlisted_article_form_of_a_known_place_is_found(nlp) -> None:
    text = "Drones circled over the at-Tanf garrison on Friday."
    _, index = entities_of(nlp, text)
    assert key_at(index, text, "at-Tanf") == "location/at-tanf"


def test_two_spellings_in_two_articles_give_one_place(nlp) -> None:
    first = "Mortars hit the village of Umm ash-Shayf on Monday."
    second = "Shelling resumed near Umm al-Shaif on Tuesday."
    _, i1 = entities_of(nlp, first)
    _, i2 = entities_of(nlp, second)
    assert key_at(i1, first, "Umm ash-Shayf") == key_at(i2, second, "Umm al-Shaif")
    assert key_at(i1, first, "Umm ash-Shayf").startswith("location/")


@pytest.mark.parametrize("text, name", [
    ("Drones flew over the towns of Kafr Hamra and Deir Jamal overnight.", "Deir Jamal"),
    ("Drones flew over the towns of Kafr Hamra and Deir Jamal overnight.", "Kafr Hamra"),
    ("Artillery shells fell on the outskirts of Tell Rifaat.", "Tell Rifaat"),
    ("Gunmen attacked an army checkpoint near Umm Jaras late on Sunday.", "Umm Jaras"),
    ("Patrols were seen on the road between Shuyukh and Qalat Jabar.", "Qalat Jabar"),
])
def test_unknown_name_in_a_place_slot_is_a_location(nlp, text, name) -> None:
    ents, index = entities_of(nlp, text)
    key = key_at(index, text, name)
    assert key is not None and ents[key].cls == "Location"


def test_subject_of_a_reporting_verb_is_not_a_place(nlp) -> None:
    text = "Zolfaghari warned Turkey on Sunday that the operation would fail."
    ents, index = entities_of(nlp, text)
    key = key_at(index, text, "Zolfaghari")
    assert key is not None and ents[key].cls == "Person"


def test_long_institution_names_are_one_organization(nlp) -> None:
    text = ("A spokesman for the Raqqa Civil Council said on Monday that the Ministry of Martyrs Affairs "
            "would pay compensation, Sham Observer reported.")
    ents, index = entities_of(nlp, text)
    for name in ("Raqqa Civil Council", "Ministry of Martyrs Affairs", "Sham Observer"):
        key = key_at(index, text, name)
        assert key is not None and ents[key].cls == "Organization", name
        assert any(m.anchor == name for m in ents[key].mentions), name


def test_a_states_ministry_is_keyed_by_state_and_portfolio(nlp) -> None:
    first = "Jordan's Ministry of Foreign Affairs summoned the envoy."
    second = "The Jordanian Foreign Ministry issued a statement."
    e1, i1 = entities_of(nlp, first)
    _, i2 = entities_of(nlp, second)
    key = key_at(i1, first, "Ministry of Foreign Affairs")
    assert key == key_at(i2, second, "Jordanian Foreign Ministry")
    assert e1[key].label == "Jordanian Foreign Ministry"


def test_acronym_in_parentheses_is_the_same_organization(nlp) -> None:
    text = ("The Syrian Negotiation Commission (SNC) rejected the plan. "
            "The SNC said talks in Geneva were over.")
    ents, index = entities_of(nlp, text)
    key = key_at(index, text, "Syrian Negotiation Commission")
    assert ents[key].cls == "Organization"
    snc = text.index("The SNC") + 4
    assert {m.key for m in index.overlapping(snc, snc + 3)} == {key}


def test_cut_up_arabic_name_is_one_person(nlp) -> None:
    text = "Tribal leader Abd-Rahim Saleh Jaber told reporters the road was closed."
    ents, index = entities_of(nlp, text)
    key = key_at(index, text, "Abd-Rahim Saleh Jaber")
    assert ents[key].cls == "Person"
    assert ents[key].label == "Abd-Rahim Saleh Jaber"


def test_capital_acting_for_its_state_is_the_country(nlp) -> None:
    text = "Cairo warned that it would respond, a Western diplomat in Cairo said."
    _, index = entities_of(nlp, text)
    assert key_at(index, text, "Cairo warned") == "country/egypt"
    diplomat = text.index("in Cairo") + 3
    assert {m.key for m in index.overlapping(diplomat, diplomat + 5)} == {"location/cairo"}


def test_bare_surname_of_a_single_known_person(nlp) -> None:
    text = "Lavrov said the talks would resume."
    _, index = entities_of(nlp, text)
    assert key_at(index, text, "Lavrov") == "actor/sergei-lavrov"


def test_demonym_and_role_noun_officials_index_the_country(nlp) -> None:
    text = "According to Jordanian security officials, the border crossing was closed."
    _, index = entities_of(nlp, text)
    assert key_at(index, text, "Jordanian security officials") == "country/jordan"


@pytest.mark.parametrize("text, parts", [
    ("GOMA, Congo - Congolese troops retook the town on Monday, the army said.", ["Congo"]),
    ("The Kenyan envoy - who arrived late - met officials in Nairobi.", ["Nairobi"]),
])
def test_a_spaced_dash_ends_a_name(nlp, text: str, parts: list[str]) -> None:
    """A dateline or an aside's dash separates names; the model sometimes tags one entity across it."""
    doc = nlp(text)
    assert not any(" - " in ent.text for ent in doc.ents), [ent.text for ent in doc.ents]
    assert all(any(ent.text == part for ent in doc.ents) for part in parts), [ent.text for ent in doc.ents]
    ents, _ = entities_of(nlp, text)
    assert not any(" - " in ent.label for ent in ents.values())


def test_a_hyphen_inside_a_name_still_joins_it(nlp) -> None:
    doc = nlp("Fighters besieged Al-Fashir and Guinea-Bissau sent envoys.")
    assert any("Al-Fashir" in ent.text for ent in doc.ents)
