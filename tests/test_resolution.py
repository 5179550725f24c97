"""Identity across articles: the same thing gets the same key (and label) whatever its surface form."""

from __future__ import annotations

from kg.lexicons.gazetteer import core_name, gazetteer, norm_name
from tests.entity_support import entities_of, key_at


def test_name_normalisation() -> None:
    assert norm_name("The  Pentagon's") == "pentagon"
    assert core_name("al-Qamishli") == core_name("Qamishli") == "qamishli"


def test_gazetteer_lookup_by_alias_acronym_and_transliteration() -> None:
    gaz = gazetteer()
    assert gaz.lookup("Defense Department") == gaz.lookup("DoD") == "actor/us-department-of-defense"
    assert gaz.lookup("Deir al-Zour") == gaz.lookup("Deir ez-Zor")
    assert gaz.lookup("is") is None  # acronyms are case-sensitive: "IS" is a group, "is" is not


def test_country_spellings_share_a_key(nlp) -> None:
    a, _ = entities_of(nlp, "The USA warned Tehran.")
    b, _ = entities_of(nlp, "The United States of America warned Iran.")
    c, _ = entities_of(nlp, "U.S. officials warned the Islamic Republic of Iran.")
    for ents in (a, b, c):
        assert "country/united-states" in ents
    assert a["country/united-states"].label == b["country/united-states"].label == "United States"


def test_persons_with_one_surname_in_two_articles_are_different(nlp) -> None:
    a, _ = entities_of(nlp, "Navy Capt. Helen Brandt said the ship had docked. Brandt added nothing.")
    b, _ = entities_of(nlp, "Senator Oscar Brandt said the vote would be delayed.")
    assert "actor/helen-brandt" in a and "actor/oscar-brandt" in b
    assert not any(k == "actor/brandt" for k in (*a, *b))


def test_title_is_not_part_of_the_person_key(nlp) -> None:
    a, _ = entities_of(nlp, "Defense Minister Hulusi Akar visited the border.")
    b, _ = entities_of(nlp, "Hulusi Akar said the operation would continue.")
    assert "actor/hulusi-akar" in a and "actor/hulusi-akar" in b


def test_bare_coalition_is_the_named_coalition(nlp) -> None:
    text = "The Saudi-led coalition struck Sanaa. The coalition said it targeted drone sites."
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "coalition said") == "actor/saudi-led-coalition"
    assert "coalition" in ents["actor/saudi-led-coalition"].alt_labels


def test_regime_is_the_government_of_the_article_country(nlp) -> None:
    text = "Shelling hit towns in Syria's Hama province. The regime denied targeting civilians in Hama."
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "regime") == "actor/syria-government"
    assert ents["actor/syria-government"].label == "Syrian government"


def test_pentagon_gets_the_gazetteer_label(nlp) -> None:
    text = "The Pentagon said the review was complete."
    ents, _ = entities_of(nlp, text)
    dod = ents["actor/us-department-of-defense"]
    assert dod.label == "U.S. Department of Defense" and "Pentagon" in dod.alt_labels


def test_links_point_only_at_entities_of_the_article(nlp) -> None:
    text = "Israeli jets struck a depot in Homs on Sunday."
    ents, _ = entities_of(nlp, text)
    for e in ents.values():
        assert all(k in ents for k in (*e.affiliation, *e.located_in))
