"""Units: force phrases keyed by (side, force family), with affiliation, strength and coreference."""

from __future__ import annotations

from tests.entity_support import entities_of, key_at


def test_same_side_same_family_is_one_unit(nlp) -> None:
    text = ("Saudi-led coalition warplanes bombed Hodeidah port. Coalition jets returned on Friday, "
            "while coalition troops held the airport.")
    ents, index = entities_of(nlp, text)
    air = key_at(index, text, "Saudi-led coalition warplanes")
    assert air == key_at(index, text, "Coalition jets")
    ground = key_at(index, text, "coalition troops")
    assert ground != air
    assert "actor/saudi-led-coalition" in ents[air].affiliation
    assert ents[air].cls == ents[ground].cls == "Unit"


def test_backed_fighters_join_the_pro_government_side(nlp) -> None:
    text = ("Pro-government forces advanced on Idlib. Iran-backed militias joined the assault near Saraqib, "
            "and the fighters shelled the town.")
    ents, index = entities_of(nlp, text)
    pro = key_at(index, text, "Pro-government forces")
    assert key_at(index, text, "Iran-backed militias") == pro
    assert key_at(index, text, "the fighters") == pro
    assert {"actor/syria-government", "country/iran"} <= set(ents[pro].affiliation)
    assert "Iran-backed militias" in ents[pro].alt_labels


def test_backed_fighters_alone_keep_their_backer(nlp) -> None:
    text = "Turkish-backed fighters entered Afrin on Sunday."
    ents, index = entities_of(nlp, text)
    unit = ents[key_at(index, text, "Turkish-backed fighters")]
    assert unit.affiliation == ["country/turkey"]
    assert unit.label == "Turkey-backed forces"


def test_strength_is_read_from_numbers(nlp) -> None:
    text = "Roughly 300 Hezbollah fighters crossed the border, and thousands of Israeli troops massed in the north."
    ents, index = entities_of(nlp, text)
    assert ents[key_at(index, text, "Hezbollah fighters")].strength == "Roughly 300"
    assert ents[key_at(index, text, "Israeli troops")].strength == "thousands"


def test_demonym_troops_are_the_national_army(nlp) -> None:
    text = "Lebanese troops deployed south of the Litani. Lebanese army units set up checkpoints."
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "Lebanese troops") == "actor/lebanese-armed-forces"
    assert key_at(index, text, "Lebanese army units") == "actor/lebanese-armed-forces"


def test_anti_modifier_is_not_an_affiliation(nlp) -> None:
    text = "Hezbollah fighters held the ridge. The anti-Hezbollah fighters retreated."
    ents, index = entities_of(nlp, text)
    key = key_at(index, text, "anti-Hezbollah fighters")
    assert key is None or "actor/hezbollah" not in ents[key].affiliation or key == key_at(index, text, "Hezbollah fighters")


def test_possessive_forces_belong_to_the_possessor(nlp) -> None:
    text = "Egyptian jets patrolled Sinai. NATO said its warplanes would stay in Turkey."
    ents, index = entities_of(nlp, text)
    assert "actor/nato" in ents[key_at(index, text, "warplanes")].affiliation


def test_force_noun_inside_a_name_is_not_a_unit(nlp) -> None:
    text = "The Syrian Democratic Forces said the Quds Force had sent advisers."
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "Syrian Democratic Forces") == "actor/syrian-democratic-forces"
    assert not any(k.startswith("unit/syrian-democratic") for k in ents)


def test_mass_noun_force_is_not_a_unit(nlp) -> None:
    text = "Israeli forces raided Jenin. The UN condemned the use of force."
    ents, index = entities_of(nlp, text)
    assert key_at(index, text, "force.") is None


def test_unit_label_is_a_function_of_its_key(nlp) -> None:
    a, _ = entities_of(nlp, "Russian warplanes struck Idlib.")
    b, _ = entities_of(nlp, "Russian jets hit targets near Hama on Monday.")
    ka = next(k for k, e in a.items() if e.cls == "Unit")
    kb = next(k for k, e in b.items() if e.cls == "Unit")
    assert ka == kb and a[ka].label == b[kb].label


def test_a_groups_own_name_beats_its_backer(nlp) -> None:
    text = "Iran-aligned Kataib Hezbollah fighters fired rockets at the base near Balad."
    ents, index = entities_of(nlp, text)
    unit = ents[key_at(index, text, "Kataib Hezbollah fighters")]
    assert unit.key == "unit/kataib-hezbollah-fighters"
    assert {"actor/kataib-hezbollah", "country/iran"} <= set(unit.affiliation)


def test_foreign_aligned_forces_without_a_name_are_the_backers_proxies(nlp) -> None:
    text = "Iran-aligned militias shelled the airport."
    ents, index = entities_of(nlp, text)
    unit = ents[key_at(index, text, "Iran-aligned militias")]
    assert unit.key.startswith("unit/iran-backed")
    assert unit.affiliation == ["country/iran"]


def test_alignment_never_absorbs_a_named_group(nlp) -> None:
    text = "Pro-government forces advanced on Idlib. Iran-backed Fatemiyoun fighters joined the assault."
    _, index = entities_of(nlp, text)
    assert key_at(index, text, "Fatemiyoun fighters") != key_at(index, text, "Pro-government forces")


def test_an_aside_adds_an_affiliation_but_not_an_identity(nlp) -> None:
    text = "Lebanese troops, supported by the United Nations, took over the checkpoints."
    ents, index = entities_of(nlp, text)
    key = key_at(index, text, "Lebanese troops")
    assert key == "actor/lebanese-armed-forces"
    assert "actor/united-nations" in ents[key].affiliation
    assert all(m.anchor == "Lebanese troops" for m in ents[key].mentions)


def test_a_relative_clause_holder_is_its_antecedent(nlp) -> None:
    text = "The Saudi-led coalition against the rebels, which has 2,000 soldiers in Marib, denied the report."
    ents, index = entities_of(nlp, text)
    unit = ents[key_at(index, text, "soldiers")]
    assert "actor/saudi-led-coalition" in unit.affiliation
    assert unit.strength == "2,000"
