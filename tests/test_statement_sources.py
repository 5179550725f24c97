"""Who said what in any news: attribution cues, partial quotes and described speakers.

Sentences written for these tests (other names, other topics than the seeds or
any evaluation corpus). Named entities come from the stand-in index, so these
tests depend on statement extraction only; the last test runs the whole build
path (parse, extract, graph, SHACL) on one article.
"""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from kg.extract.context import ArticleContext
from kg.extract.statements.extractor import extract_statements
from kg.ingest import ArticleProcessor, Processed
from kg.lexicons.files import read
from kg.lexicons.speech_lexicon import speech_lexicon
from kg.model import Article, Entity, Statement
from kg.reading.layouts import article_from_text
from kg.reading.text import analysis_text
from kg.settings import Settings
from tests.entity_support import stand_in_index

NKG = Namespace("https://w3id.org/newskg/ontology#")

NAMES = {
    "Leila Haddad": ("actor/leila-haddad", "Person"),
    "Haddad": ("actor/leila-haddad", "Person"),
    "Tomas Varga": ("actor/tomas-varga", "Person"),
    "Varga": ("actor/tomas-varga", "Person"),
    "Ministry of Water": ("actor/ministry-of-water", "Organization"),
    "Farmers Union": ("actor/farmers-union", "Organization"),
    "Radio Delta": ("actor/radio-delta", "Organization"),
    "Chile": ("country/chile", "Country"),
    "Peru": ("country/peru", "Country"),
    "coastal brigade": ("unit/coastal-brigade", "Unit"),
    "Popular Liberation Army": ("actor/popular-liberation-army", "ArmedGroup"),
    "Peruvian army": ("unit/peruvian-army", "Unit"),
}


def run(nlp, text: str, ident: str = "e" * 64, author: str | None = None) -> tuple[list[Statement], dict[str, Entity]]:
    article = Article(text=text, source="t.txt", identifier=ident, published=date(2021, 3, 12), author=author)
    entities, index = stand_in_index(NAMES, text)
    return extract_statements(ArticleContext(article, nlp(analysis_text(text))), index, entities), entities


def only(statements: list[Statement]) -> Statement:
    assert len(statements) == 1, [s.quote for s in statements]
    return statements[0]


# ---- quotation marks -----------------------------------------------------------------------------

def test_two_apostrophes_are_a_quotation_mark(nlp) -> None:
    text = "''The dam will hold through the spring floods,'' Varga said on Tuesday."
    st = only(run(nlp, text)[0])
    assert st.direct and st.quote == "The dam will hold through the spring floods"
    assert st.speaker == "actor/tomas-varga"


def test_interrupted_quote_is_one_statement_with_a_mention_on_each_part(nlp) -> None:
    text = "\u201cThe harvest cannot wait for the negotiators,\u201d Haddad said. \u201cOur growers need the road open by Friday.\u201d"
    st = only(run(nlp, text)[0])
    assert st.direct and st.speaker == "actor/leila-haddad"
    assert [m.anchor for m in st.mentions] == ["The harvest cannot wait for the negotiators",
                                               "Our growers need the road open by Friday."]
    assert text[slice(*st.quote_span)] == st.quote


# ---- partly quoted content -----------------------------------------------------------------------

def test_partly_quoted_content_keeps_the_whole_content_as_indirect(nlp) -> None:
    text = "Varga said the new tariff was \u201ca gift to smugglers\u201d and would be reviewed in May."
    st = only(run(nlp, text)[0])
    assert st.quote == "the new tariff was \u201ca gift to smugglers\u201d and would be reviewed in May"
    assert not st.direct  # some words are the narrator's


def test_called_with_a_quoted_judgement_keeps_what_was_judged(nlp) -> None:
    text = "Haddad called the water cuts \u201can insult to every farmer\u201d in the valley."
    st = only(run(nlp, text)[0])
    assert st.quote.startswith("the water cuts \u201can insult to every farmer")
    assert not st.direct and st.speaker == "actor/leila-haddad"


def test_clause_wholly_in_quotation_marks_is_direct(nlp) -> None:
    st = only(run(nlp, "Varga told reporters: \u201cThe border crossings will reopen on Monday.\u201d")[0])
    assert st.direct and st.quote == "The border crossings will reopen on Monday."


# ---- cues derived from the corpus ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "quote", "speaker"), [
    ("Haddad insisted that the canal would be finished on time.", "the canal would be finished on time",
     "actor/leila-haddad"),
    ("Varga denied that any water had been diverted to the mines.", "any water had been diverted to the mines",
     "actor/tomas-varga"),
    ("Haddad argued that the levy hurt small growers most.", "the levy hurt small growers most",
     "actor/leila-haddad"),
    ("Varga acknowledged that the pumps had failed twice in March.", "the pumps had failed twice in March",
     "actor/tomas-varga"),
    ("Haddad accused the Ministry of Water of hiding the drought figures.",
     "the Ministry of Water of hiding the drought figures", "actor/leila-haddad"),
    ("According to the Farmers Union, half of the wells in the north have run dry.",
     "half of the wells in the north have run dry", "actor/farmers-union"),
    ("In a statement, the Ministry of Water said the rationing would end in June.",
     "the rationing would end in June", "actor/ministry-of-water"),
    ("Varga told Radio Delta that the talks with Peru had stalled.", "the talks with Peru had stalled",
     "actor/tomas-varga"),
    ("Haddad believes that the reservoir can be saved.", "the reservoir can be saved", "actor/leila-haddad"),
    ("Varga vowed to rebuild the flooded bridges before winter.", "to rebuild the flooded bridges before winter",
     "actor/tomas-varga"),
])
def test_common_cues_report_speech_and_thought(nlp, text: str, quote: str, speaker: str) -> None:
    st = only(run(nlp, text)[0])
    assert st.quote == quote and not st.direct
    assert st.speaker == speaker


def test_addressee_of_told(nlp) -> None:
    st = only(run(nlp, "Varga told Radio Delta that the talks with Peru had stalled.")[0])
    assert st.addressees == ["actor/radio-delta"]


@pytest.mark.parametrize("text", [
    "Chile is seeking to expand its fishing grounds in the south.",  # what a state seeks is what it does
    "The coastal brigade refused to leave the harbour.",  # and so is what a force refuses
    "Satellite images suggest that the reservoir is half empty.",  # evidence, not speech
    "Varga did not say that the talks had failed.",  # no claim
])
def test_actions_and_evidence_are_no_statements(nlp, text: str) -> None:
    assert run(nlp, text)[0] == []


def test_cue_lexicon_records_counts_and_source() -> None:
    table = read("attribution_cues.json", lambda raw: raw)
    assert "PolNeAR" in table.source and "Counts only" in table.source
    annotated, seen = table.content["verbs"]["say"]["ccomp"]
    assert 0 < annotated <= seen
    lex = speech_lexicon()
    assert "ccomp" in lex.frames_of("say") and "dobj" in lex.frames_of("endorse")
    assert "prep:of" in lex.noun_frames_of("criticism")
    assert ("according", "to") in lex.cue_prepositions


# ---- speakers --------------------------------------------------------------------------------------

def test_spokeswoman_for_a_body_is_a_person_who_speaks_for_it(nlp) -> None:
    text = ("The Ministry of Water closed two canals on Monday. A spokeswoman for the ministry said the canals "
            "would reopen in the spring.")
    statements, entities = run(nlp, text)
    st = only(statements)
    assert st.speaker == "actor/ministry-of-water"
    person = entities[st.spokesperson]
    assert person.cls == "Person" and person.label == "spokeswoman"
    assert person.affiliation == ["actor/ministry-of-water"]
    assert person.mentions[0].anchor == "spokeswoman for the ministry"
    other = run(nlp, text, ident="f" * 64)[0][0]  # the same words in another article: not the same person
    assert other.spokesperson != st.spokesperson


def test_an_office_is_one_node_across_articles(nlp) -> None:
    text = "The president of Peru said the border would stay open."
    first = only(run(nlp, text)[0])
    second = only(run(nlp, text, ident="f" * 64)[0])
    assert first.speaker == "country/peru"
    assert first.spokesperson == second.spokesperson == "actor/office/president-peru"


@pytest.mark.parametrize(("text", "label"), [
    ("Officials said the water rationing would last until June.", "Officials"),
    ("Analysts said the drought would cut exports by a third.", "Analysts"),
])
def test_unnamed_groups_are_group_actors(nlp, text: str, label: str) -> None:
    statements, entities = run(nlp, text)
    group = entities[only(statements).speaker]
    assert group.cls == "Actor" and group.label == label
    assert group.key.startswith("actor/" + "e" * 16 + "/")  # scoped to the article


def test_sources_name_no_one(nlp) -> None:
    assert only(run(nlp, "Sources said the pumps had been sabotaged.")[0]).speaker is None


def test_pronoun_speaker_gets_a_mention_at_the_pronoun(nlp) -> None:
    text = "Haddad arrived in the valley on Monday. She said the canal would be finished on time."
    statements, entities = run(nlp, text)
    assert only(statements).speaker == "actor/leila-haddad"
    assert "She" in [m.anchor for m in entities["actor/leila-haddad"].mentions]


def test_first_person_of_the_narration_is_the_author(nlp) -> None:
    statements, entities = run(nlp, "I believe the reservoir can still be saved.", author="Ana Morales")
    st = only(statements)
    assert st.speaker == "actor/ana-morales" and entities[st.speaker].cls == "Person"
    assert [m.anchor for m in entities[st.speaker].mentions] == ["I"]


def test_graph_of_described_speakers_conforms(nlp) -> None:
    text = ("Water cuts widen\n\nJane Roe\nMarch 12, 2021\n\nThe Ministry of Water closed two canals on Monday. "
            "A spokeswoman for the ministry said the canals would reopen in the spring. Officials said the "
            "rationing would last until June. \u201cWe are doing what we can,\u201d the spokeswoman said. "
            "\u201cThe rain will decide.\u201d\n")
    outcomes = list(ArticleProcessor(Settings()).process([article_from_text(text, "cuts.txt")]))
    assert len(outcomes) == 1 and isinstance(outcomes[0], Processed), outcomes
    assert outcomes[0].conforms, outcomes[0].problems
    g = Graph().parse(data=outcomes[0].ntriples, format="nt")
    spoken = {(s, o) for s, o in g.subject_objects(NKG.spokesperson)}
    assert spoken, "a statement names its spokesperson"
    for _, person in spoken:
        assert (person, RDF.type, NKG.Person) in g
        assert g.value(person, NKG.affiliation) is not None
        assert str(g.value(person, RDFS.label)) == "spokeswoman"
    assert any(isinstance(o, URIRef) for o in g.objects(None, NKG.speaker))


# ---- coordinated and described sources ------------------------------------------------------------

def test_a_named_conjunct_speaks_when_the_first_source_names_no_one(nlp) -> None:
    text = "Floods cut the coastal road on Monday, witnesses and the Farmers Union said."
    st = only(run(nlp, text)[0])
    assert st.speaker == "actor/farmers-union"


def test_the_army_is_not_a_rebel_group_that_calls_itself_one(nlp) -> None:
    text = ("Fighters of the Popular Liberation Army attacked a checkpoint on Sunday. "
            "Two soldiers were wounded, the army said.")
    statements, _ = run(nlp, text)
    said = next(st for st in statements if st.quote.startswith("Two soldiers"))
    assert said.speaker != "actor/popular-liberation-army"


def test_the_army_refers_back_to_a_state_army(nlp) -> None:
    text = "The Peruvian army moved into the valley on Friday. Two soldiers were wounded, the army said."
    statements, _ = run(nlp, text)
    said = next(st for st in statements if st.quote.startswith("Two soldiers"))
    assert said.speaker == "unit/peruvian-army"


def test_a_described_office_keeps_its_possessor_in_its_label(nlp) -> None:
    text = "Police arrested three suspects in the port on Monday, the attorney general's office said."
    statements, entities = run(nlp, text)
    st = only(statements)
    assert entities[st.speaker].label == "attorney general's office"
