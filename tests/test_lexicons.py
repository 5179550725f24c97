"""The word-list layer: one reader for every data file, each file saying where its entries come from."""

from __future__ import annotations

from importlib import resources

import pytest

from kg.lexicons.files import read

ALL_FILES = sorted(p.name for p in resources.files("kg.lexicons").joinpath("data").iterdir() if p.is_file())
DATA_FILES = [name for name in ALL_FILES if not name.startswith("LICENSE.")]  # word lists, not licence notices


def test_data_files_are_found_as_package_resources() -> None:
    assert {"actors.json", "countries.json", "places.json", "lexicon.json", "speech_verbs.json",
            "event_triggers.json", "cameo_verbs.json", "force_nouns.txt", "furniture.txt", "nations.json", "phoenix_actors.json",
            "admin_areas.tsv", "force_agents.txt"} <= set(DATA_FILES)


@pytest.mark.parametrize("name", ["nations.json", "phoenix_actors.json", "force_agents.txt"])
def test_generated_lists_name_their_sources_and_carry_their_licences(name: str) -> None:
    note = read(name, lambda content: content).source
    assert "petrarch2" in note and "MIT" in note and "build_lexicons.py" in note
    assert "LICENSE.petrarch2" in ALL_FILES and "LICENSE.countryinfo" in ALL_FILES


def test_every_phoenix_entry_records_its_file_line_and_code() -> None:
    actors = read("phoenix_actors.json", lambda content: content["actors"]).content
    assert len(actors) > 1000
    assert all(a["source"].startswith("Phoenix.") and "[" in a["source"] for a in actors)


def test_cameo_dictionary_keeps_its_licence_notice() -> None:
    data = resources.files("kg.lexicons").joinpath("data")
    notice = data.joinpath("LICENSE.petrarch2").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Open Event Data" in notice
    source = read("cameo_verbs.json", lambda content: content).source
    assert "LICENSE.petrarch2" in source and "openeventdata/petrarch2" in source


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_list_records_its_source(name: str) -> None:
    listed = read(name, lambda content: content)
    assert listed.name == name
    assert len(listed.source.split()) >= 5, f"{name} does not say what it holds or where its entries come from"
    assert listed.content


def test_json_note_is_the_source_not_an_entry() -> None:
    listed = read("lexicon.json", dict)
    assert "_about" not in listed.content and "person_titles" in listed.content
    assert listed.source.startswith("Word lists")


def test_text_lists_drop_comments_and_blanks() -> None:
    lines = read("force_nouns.txt", list).content
    assert lines and all(line and not line.startswith("#") and line == line.strip() for line in lines)
    assert "troops ground regular" in lines
