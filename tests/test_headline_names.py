"""Title-case headlines: capitals say nothing there, so a name in one needs support (``kg.extract.entities.headlines``)."""

from __future__ import annotations

import pytest

from kg.extract.context import ArticleContext
from kg.extract.entities.actors import Candidate
from kg.extract.entities.extractor import extract_entities
from kg.extract.entities.headlines import vouched_for
from kg.extract.headline import title_cased
from kg.lexicons.gazetteer import gazetteer
from kg.nlp.pipeline import parse
from kg.reading.layouts import article_from_text


def _entities(text: str) -> tuple[dict, str]:
    ctx = _context(text)
    assert ctx.article.title_span is not None
    ents, _ = extract_entities(ctx)
    return ents, ctx.text


def _mentioned_in_title(ents: dict, text: str) -> dict[str, str]:
    title_end = text.index("\n")
    return {e.label: e.cls for e in ents.values() if any(m.end <= title_end for m in e.mentions)}


@pytest.mark.parametrize(("title", "expected"), [
    ("Gunmen Storm Bank In Northern Mexico, Seize Hostages", True),
    ("Drones Hit Odesa Grain Terminal, Port Official Says", True),
    ("Gunmen storm bank in northern Mexico, seize hostages", False),
    ("Sudan Bombs Refugee Camp", True),
    ("Sudan Bombs Camp", False),  # too few words after the first to tell
    ("Biden meets Chinese leader in California amid trade tensions", False),  # names, most words lower case
])
def test_title_case_is_most_words_after_the_first_capitalised(title: str, expected: bool) -> None:
    assert title_cased(title.split()) is expected


def test_runs_of_capitalised_words_in_a_title_case_headline_are_no_names(nlp) -> None:
    ents, text = _entities("Gunmen Storm Bank In Northern Mexico, Seize Hostages\n\nAna Ruiz\nJune 2, 2024\n\n"
                           "Armed men stormed a bank in the city on Monday and took six hostages, "
                           "the state prosecutor said.\n")
    in_title = _mentioned_in_title(ents, text)
    assert not any("Storm" in label or "Hostages" in label for label in in_title), in_title
    assert in_title.get("northern Mexico") == "Location"  # a region of a known country is vouched for


def _context(text: str) -> ArticleContext:
    (art, doc), = parse([article_from_text(text, "headline.txt")])
    return ArticleContext(art, doc)


def test_a_known_place_inside_a_rejected_run_stands_in_its_place(nlp) -> None:
    ctx = _context("Drones Hit Odesa Grain Terminal, Port Official Says\n\nIvan Petrenko\nAugust 3, 2024\n\n"
                   "Russian drones struck a grain terminal in Odesa overnight, a port official said.\n")
    run = "Drones Hit Odesa Grain Terminal"  # what the NER makes of such a headline
    junk = Candidate(0, len(run), "actor/drones-hit-odesa-grain-terminal", "Organization", run)
    kept = vouched_for([junk], ctx, gazetteer())
    # "Hit" is a GeoNames town (in Iraq) too, but the body never writes it as a name: only Odesa stands
    assert [(c.label, c.cls, ctx.text[c.start:c.end]) for c in kept] == [("Odesa", "Location", "Odesa")]
    assert kept[0].attrs["coordinates"]


def test_headline_rules_leave_a_sentence_case_title_alone(nlp) -> None:
    ctx = _context("Drones hit Odesa Grain Terminal, port official says\n\nIvan Petrenko\nAugust 3, 2024\n\n"
                   "Nothing else happened.\n")
    run = Candidate(0, 31, "actor/odesa-grain-terminal", "Organization", "Odesa Grain Terminal")
    assert vouched_for([run], ctx, gazetteer()) == [run]


def test_a_name_the_body_gives_too_stands_in_the_headline(nlp) -> None:
    ents, text = _entities("Philippine Coast Guard Accuses Chinese Vessels Of Ramming Supply Boat\n\nMaria Santos\n"
                           "July 1, 2024\n\nThe Philippine Coast Guard said Chinese vessels rammed a supply boat "
                           "near Second Thomas Shoal on Sunday.\n")
    assert _mentioned_in_title(ents, text).get("Philippine Coast Guard") == "Organization"
