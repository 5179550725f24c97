"""Statement extraction on sentences written for these tests (not taken from the seeds)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.context import ArticleContext
from kg.extract.statements.extractor import extract_statements
from kg.model import Article, Statement
from kg.reading.layouts import article_from_text
from kg.reading.text import analysis_text
from tests.entity_support import stand_in_index

# Names the stand-in entity index recognises: surface form -> (key, class).
NAMES = {
    "Hassan Karimi": ("actor/hassan-karimi", "Person"),
    "Karimi": ("actor/hassan-karimi", "Person"),
    "Maria Santos": ("actor/maria-santos", "Person"),
    "Santos": ("actor/maria-santos", "Person"),
    "Al Jazeera": ("actor/al-jazeera", "Organization"),
    "Turkish": ("country/turkey", "Country"),
    "Turkey": ("country/turkey", "Country"),
    "SDF": ("actor/sdf", "ArmedGroup"),
    "Iraqi Defense Ministry": ("actor/iraqi-defense-ministry", "Organization"),
    "Jordanian army": ("unit/jordanian-army", "Unit"),
    "Qamishli": ("location/qamishli", "Location"),
    "Erbil": ("location/erbil", "Location"),
    "Mosul": ("location/mosul", "Location"),
    "Kirkuk": ("location/kirkuk", "Location"),
    "Hezbollah": ("actor/hezbollah", "ArmedGroup"),
    "Israeli army": ("unit/israeli-army", "Unit"),
    "Kataib Hezbollah": ("actor/kataib-hezbollah", "ArmedGroup"),
    "Israel": ("country/israel", "Country"),
    "Iraq": ("country/iraq", "Country"),
    "Al Sumaria": ("actor/al-sumaria", "Organization"),
    "Kirkuk Provincial Council": ("actor/kirkuk-provincial-council", "Organization"),
    "Iraqi Counter-Terrorism Service": ("actor/iraqi-counter-terrorism-service", "Organization"),
}



def _statements(nlp, article: Article) -> list[Statement]:
    ctx = ArticleContext(article, nlp(analysis_text(article.text)))
    entities, index = stand_in_index(NAMES, article.text)
    return extract_statements(ctx, index, entities)


def run(nlp, text: str, published: date = date(2019, 3, 8)) -> list[Statement]:
    return _statements(nlp, Article(text=text, source="t.txt", identifier="f" * 64, published=published))


def only(statements: list[Statement]) -> Statement:
    assert len(statements) == 1, [s.quote for s in statements]
    return statements[0]


def test_direct_quote_with_speaker_and_outlet_after_it(nlp) -> None:
    text = "\u201cWe will not tolerate any attack on our positions,\u201d Hassan Karimi told Al Jazeera."
    st = only(run(nlp, text))
    assert st.direct
    assert st.quote == "We will not tolerate any attack on our positions"
    assert st.speaker == "actor/hassan-karimi"
    assert st.addressees == ["actor/al-jazeera"]
    s, e = st.quote_span
    assert text[s:e] == st.quote
    assert st.key == f"statement/{'f' * 16}-{s}-{e}"
    assert st.mentions[0].anchor == st.quote


def test_indirect_speech_with_demonym_officials_and_date(nlp) -> None:
    st = only(run(nlp, "Turkish officials said Tuesday that the drones had struck a depot near Qamishli."))
    assert not st.direct
    assert st.quote == "the drones had struck a depot near Qamishli"
    assert st.speaker == "country/turkey"
    assert st.date == date(2019, 3, 5)  # the Tuesday before Friday 8 March 2019


def test_according_to_a_spokeswoman_for_a_group(nlp) -> None:
    st = only(run(nlp, "The convoy was hit near Qamishli late on Sunday, according to a spokeswoman for the SDF."))
    assert not st.direct
    assert st.quote == "The convoy was hit near Qamishli late on Sunday"
    assert st.speaker == "actor/sdf"


def test_according_to_at_the_start(nlp) -> None:
    st = only(run(nlp, "According to Santos, the militants have withdrawn from two villages near Erbil."))
    assert st.quote == "the militants have withdrawn from two villages near Erbil"
    assert st.speaker == "actor/maria-santos"


def test_scare_quote_alone_is_no_statement(nlp) -> None:
    text = "The ruins near Mosul are now a \u201cno man's land\u201d for the farmers of the plain."
    assert run(nlp, text) == []


def test_described_as_with_a_scare_quote_is_one_indirect_statement(nlp) -> None:
    text = "The ministry described the raid near Mosul as a \u201csurgical operation\u201d in its weekly briefing."
    st = only(run(nlp, text))
    assert not st.direct  # partly quoted: the whole description is the quote, and it is indirect
    assert st.quote.startswith("the raid near Mosul as a \u201csurgical operation\u201d")


def test_scare_quote_inside_reported_clause_is_kept_in_indirect_statement(nlp) -> None:
    st = only(run(nlp, "Karimi said the so-called \u201cbuffer zone\u201d around Kirkuk had no legal basis."))
    assert not st.direct
    assert st.quote == "the so-called \u201cbuffer zone\u201d around Kirkuk had no legal basis"


def test_clause_before_speaker_and_pronoun_resolution(nlp) -> None:
    text = (
        "Colonel Maria Santos arrived in Erbil on Friday.\n\n"
        "The strikes will continue until the militants withdraw from the city, she said."
    )
    st = only(run(nlp, text))
    assert st.quote == "The strikes will continue until the militants withdraw from the city"
    assert st.speaker == "actor/maria-santos"
    assert not st.direct


def test_quote_over_two_sentences_is_one_direct_statement(nlp) -> None:
    text = "\u201cThe border is closed. Nobody crosses without our permission,\u201d the Jordanian army said in a statement."
    st = only(run(nlp, text))
    assert st.direct
    assert st.quote == "The border is closed. Nobody crosses without our permission"
    assert st.speaker == "unit/jordanian-army"


def test_quote_interrupted_by_its_attribution_is_one_statement(nlp) -> None:
    text = "\u201cOur patience is running out,\u201d Karimi said. \u201cThe next response will be far stronger.\u201d"
    st = only(run(nlp, text))
    assert st.direct and st.speaker == "actor/hassan-karimi"
    assert [m.anchor for m in st.mentions] == ["Our patience is running out", "The next response will be far stronger."]
    assert st.quote == text[st.quote_span[0]:st.quote_span[1]]  # an exact substring, from the first word to the last
    assert st.quote.startswith("Our patience") and st.quote.endswith("far stronger.")


def test_quote_after_a_narrated_sentence_is_a_statement_of_its_own(nlp) -> None:
    text = "It was \u201ctoo early to say,\u201d Karimi said. \u201cThe next response will be far stronger.\u201d"
    first, second = run(nlp, text)
    assert second.quote == "The next response will be far stronger."
    assert first.speaker == second.speaker == "actor/hassan-karimi"


def test_colon_introduces_quote_paragraph(nlp) -> None:
    text = "Santos told reporters in Erbil:\n\n\"We have moved two battalions closer to the front line.\""
    st = only(run(nlp, text))
    assert st.direct
    assert st.speaker == "actor/maria-santos"
    assert st.addressees == []  # "reporters" names no entity


def test_document_speaks_for_the_body_that_issued_it(nlp) -> None:
    st = only(run(nlp, "A statement released by the Iraqi Defense Ministry said three soldiers were killed in the ambush."))
    assert st.quote == "three soldiers were killed in the ambush"
    assert st.speaker == "actor/iraqi-defense-ministry"


def test_negated_report_is_no_statement(nlp) -> None:
    assert run(nlp, "The ministry has not said whether the base near Mosul was evacuated.") == []


def test_participle_elaborates_instead_of_adding_a_statement(nlp) -> None:
    text = "The Israeli army announced that it had destroyed a Hezbollah depot, warning that further strikes would follow."
    st = only(run(nlp, text))
    assert st.quote == "it had destroyed a Hezbollah depot"
    assert st.speaker == "unit/israeli-army"


def test_mostly_quoted_complement_is_direct(nlp) -> None:
    text = "Karimi said the militia was \u201ca serious threat to civilians and to our forces in the north\u201d."
    st = only(run(nlp, text))
    assert st.direct
    assert st.quote == "a serious threat to civilians and to our forces in the north"


def test_unnamed_sources_leave_the_speaker_empty(nlp) -> None:
    st = only(run(nlp, "Local sources said that Kataib Hezbollah fighters had left their positions near the border."))
    assert st.speaker is None
    assert st.quote == "Kataib Hezbollah fighters had left their positions near the border"


def test_it_refers_to_the_last_organisation(nlp) -> None:
    text = (
        "Hezbollah fired rockets at an Israeli post on Monday.\n\n"
        "It said the attack was a response to the killing of two of its fighters."
    )
    st = only(run(nlp, text))
    assert st.speaker == "actor/hezbollah"


def test_nested_report_is_not_a_second_statement(nlp) -> None:
    text = "Santos said Turkey has used a hotline to inform the SDF that it would not cross the river."
    st = only(run(nlp, text))
    assert st.speaker == "actor/maria-santos"
    assert st.quote.startswith("Turkey has used a hotline")


def test_title_and_byline_are_never_statements(nlp) -> None:
    text = (
        "Karimi says talks with Turkey have failed\n\n"
        "By Jo Rivera\n"
        "March 8, 2019\n\n"
        "Karimi said on Thursday that the negotiations over Kirkuk had collapsed.\n"
    )
    sts = _statements(nlp, article_from_text(text, "x.txt"))
    st = only(sts)
    assert st.quote == "the negotiations over Kirkuk had collapsed"
    assert st.date == date(2019, 3, 7)


def test_quotes_on_both_sides_of_the_attribution(nlp) -> None:
    text = "\u201cWe have been patient,\u201d Santos said, \u201cbut any attack on our bases will be answered.\u201d"
    st = only(run(nlp, text))
    assert [m.anchor for m in st.mentions] == ["We have been patient", "but any attack on our bases will be answered."]
    assert st.direct and st.speaker == "actor/maria-santos"


def test_quote_running_over_paragraphs_takes_the_speaker_of_its_last_paragraph(nlp) -> None:
    text = (
        "\u201cThe first phase of the operation near Mosul is complete.\n\n"
        "\u201cThe second phase will begin when the weather improves,\u201d Karimi said."
    )
    st = only(run(nlp, text))  # one quotation over two paragraphs
    assert st.mentions[0].anchor == "The first phase of the operation near Mosul is complete."
    assert st.direct and st.speaker == "actor/hassan-karimi"


def test_participle_of_saying_reports_for_the_subject_of_its_verb(nlp) -> None:
    denial, claim = run(nlp, "Hezbollah denied any role in the blast, saying its fighters had left the area weeks ago.")
    assert denial.quote == "any role" and denial.speaker == "actor/hezbollah"  # what was denied
    assert claim.quote == "its fighters had left the area weeks ago" and claim.speaker == "actor/hezbollah"


def test_evidence_is_not_a_speaker(nlp) -> None:
    assert run(nlp, "Satellite images suggest that the runway near Mosul was badly damaged.") == []


def test_attribution_between_commas_leaves_the_rest_to_the_narrator(nlp) -> None:
    st = only(run(nlp, "The strike killed four fighters, the SDF said, but the toll could not be verified."))
    assert st.quote == "The strike killed four fighters"
    assert st.speaker == "actor/sdf"


def test_named_person_in_apposition_speaks_for_the_role(nlp) -> None:
    st = only(run(nlp, "The Iraqi Defense Ministry's spokesman, Maria Santos, said two drones were downed."))
    assert st.speaker == "actor/maria-santos"


def test_quote_attributed_by_the_next_sentence(nlp) -> None:
    text = (
        "Santos arrived on Monday.\n\n"
        "\"The enemy has been pushed back from the river.\"\n\n"
        "Karimi said so in a televised address."
    )
    st = only(run(nlp, text))
    assert st.direct and st.speaker == "actor/hassan-karimi"


def test_contradiction_does_not_attribute_the_quote_before_it(nlp) -> None:
    text = "\"We have never attacked civilians near Erbil.\" Santos later disputed this."
    assert only(run(nlp, text)).speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "If the SDF says it will withdraw from Qamishli, the talks could resume.",
        "The ministry could announce that the base near Mosul will close.",
        "Santos never said that the strikes near Erbil had stopped.",
    ],
)
def test_unasserted_reports_are_no_statements(nlp, text: str) -> None:
    assert run(nlp, text) == []


def test_quoted_as_saying(nlp) -> None:
    st = only(run(nlp, "Karimi was quoted by local media as saying that the crossing near Qamishli would reopen on Sunday."))
    assert st.speaker == "actor/hassan-karimi"
    assert st.quote == "the crossing near Qamishli would reopen on Sunday"


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "Turkish drones struck a vehicle near the town of Derik late on Monday, hours after a bomb exploded "
            "near a base in Hasakah, the Syrian Democratic Forces (SDF) said.",
            "Turkish drones struck a vehicle near the town of Derik late on Monday, hours after a bomb exploded "
            "near a base in Hasakah",
            "actor/sdf",
        ),
        (
            "Gunmen stormed a police post in the desert west of Erbil late on Friday, killing four officers, "
            "the Iraqi Defense Ministry said.",
            "Gunmen stormed a police post in the desert west of Erbil late on Friday, killing four officers",
            "actor/iraqi-defense-ministry",
        ),
    ],
)
def test_attribution_after_a_trailing_clause(nlp, text: str, quote: str, speaker: str) -> None:
    st = only(run(nlp, text))
    assert not st.direct
    assert st.quote == quote
    assert st.speaker == speaker


def test_sentence_opening_with_a_participle_and_an_added_claim(nlp) -> None:
    text = (
        "Jordanian army units deployed along the border near Erbil on Tuesday, a security source said, "
        "adding that more troops would arrive within days."
    )
    first, second = run(nlp, text)
    assert first.quote == "Jordanian army units deployed along the border near Erbil on Tuesday"
    assert second.quote == "more troops would arrive within days"
    assert first.speaker is None and second.speaker is None


def test_fronted_according_to_takes_the_whole_clause(nlp) -> None:
    st = only(run(nlp, "According to Kurdish officials, IS militants also burned three farms near Kirkuk on Sunday."))
    assert st.quote == "IS militants also burned three farms near Kirkuk on Sunday"


def test_according_to_an_outlet_owned_by_a_country(nlp) -> None:
    st = only(run(nlp, "Nobody was hurt in the blast near Mosul, according to Iraq's Al Sumaria television."))
    assert st.speaker == "actor/al-sumaria"


def test_unnamed_spokesman_speaks_for_the_ministry_named_before(nlp) -> None:
    text = (
        "The Iraqi Defense Ministry rejected the report. An unnamed ministry spokesman told Al Jazeera "
        "that no soldiers had crossed into Syria."
    )
    st = next(s for s in run(nlp, text) if s.quote == "no soldiers had crossed into Syria")
    assert st.speaker == "actor/iraqi-defense-ministry"
    assert st.addressees == ["actor/al-jazeera"]


def test_according_to_the_council_keeps_both_conjuncts(nlp) -> None:
    text = (
        "The Kirkuk Provincial Council held an emergency session. The blast damaged two houses and cut power "
        "to the market, according to the council."
    )
    st = only(run(nlp, text))
    assert st.quote == "The blast damaged two houses and cut power to the market"
    assert st.speaker == "actor/kirkuk-provincial-council"


def test_partial_quotes_inside_reported_speech_are_one_indirect_statement(nlp) -> None:
    text = (
        'The SDF said in a statement that it "will hold the Syrian government fully responsible for every attack '
        'launched from its territory" and would "not tolerate" raids on its posts.'
    )
    st = only(run(nlp, text))
    assert not st.direct
    assert st.quote == (
        'it "will hold the Syrian government fully responsible for every attack launched from its territory" '
        'and would "not tolerate" raids on its posts'
    )
    assert st.speaker == "actor/sdf"


@pytest.mark.parametrize(
    ("text", "first_quote", "second_quote"),
    [
        (
            "Kataib Hezbollah said its fighters had seized two trucks near Mosul and warned that they would "
            "target any convoy in the province.",
            "its fighters had seized two trucks near Mosul",
            "they would target any convoy in the province",
        ),
        (
            "The Kataib Hezbollah militants said they had downed a surveillance drone over the Baiji district "
            "and warned that they would strike any intruder in the area.",
            "they had downed a surveillance drone over the Baiji district",
            "they would strike any intruder in the area",
        ),
    ],
)
def test_coordinated_reporting_verbs_give_two_statements(nlp, text: str, first_quote: str, second_quote: str) -> None:
    first, second = run(nlp, text)
    assert (first.quote, second.quote) == (first_quote, second_quote)
    assert first.speaker == second.speaker == "actor/kataib-hezbollah"


def test_two_speakers_coordinated(nlp) -> None:
    text = "Santos said the talks had stalled, and the SDF said it would keep its positions near Qamishli."
    first, second = run(nlp, text)
    assert (first.quote, first.speaker) == ("the talks had stalled", "actor/maria-santos")
    assert (second.quote, second.speaker) == ("it would keep its positions near Qamishli", "actor/sdf")


def test_a_unit_can_be_told(nlp) -> None:
    st = only(run(nlp, "Santos told the Jordanian army that the crossing near Erbil would stay open."))
    assert st.addressees == ["unit/jordanian-army"]


def test_residents_do_not_speak_for_the_place_they_live_in(nlp) -> None:
    st = only(run(nlp, "Residents of SDF-held villages said the shelling near Qamishli lasted two hours."))
    assert st.speaker is not None and st.speaker != "actor/sdf"  # a group of their own
