"""The SHACL shapes: valid SHACL, every shape named and explained, and for every
top-level shape a minimal graph that conforms and one that breaks that shape and
nothing else (tests/fixtures/shapes/<Shape>-ok.ttl and <Shape>-bad.ttl)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from kg.model import Article, Entity, Event, Extraction, Mention, Statement
from kg.rdf.build import GraphBuilder
from kg.vocab import NKG

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "shapes" / "newskg.shacl.ttl"
ONTOLOGY = ROOT / "ontology" / "newskg.ttl"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
NKGSH = "https://w3id.org/newskg/shapes#"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
WARNING_SHAPES = {"EventWithoutAgentShape", "EventAgentIsTargetShape", "ActorLabelClashShape",
                  "MentionSentenceShape"}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def local(node: URIRef) -> str:
    return str(node)[len(NKGSH):] if str(node).startswith(NKGSH) else str(node)


def top_level_shapes(g: Graph) -> list[URIRef]:
    """Shapes with a target: the ones validation starts from."""
    return sorted({s for t in TARGETS for s in g.subjects(t, None)})


def family(g: Graph, shape: URIRef) -> set:
    """A shape and its property shapes: every sh:sourceShape that a result of it can carry."""
    return {shape, *g.objects(shape, SH.property)}


def all_named_shapes(g: Graph) -> set:
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    return shapes | set(g.objects(None, SH.property))


def anonymous_operands(g: Graph) -> set:
    """Blank-node shapes inside sh:or / sh:and / sh:xone lists (they report through their parent)."""
    out = set()
    for op in (SH["or"], SH["and"], SH.xone):
        for head in g.objects(None, op):
            out |= set(Collection(g, head))
    return out


def validate(data: Graph, shapes: Graph) -> Graph:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return report


def results(report: Graph) -> list[tuple[URIRef, str, str]]:
    """(source shape, severity, focus node) of every result."""
    return [(report.value(r, SH.sourceShape), local(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
             str(report.value(r, SH.focusNode)))
            for r in report.subjects(RDF.type, SH.ValidationResult)]


SHAPE_NAMES = [local(s) for s in top_level_shapes(Graph().parse(SHAPES, format="turtle"))]


# ---- the shapes graph itself ---------------------------------------------------------------

def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    """pySHACL validates the shapes graph against the SHACL-SHACL meta-shapes first (meta_shacl=True)."""
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True, inference="none",
                                         advanced=True)
    assert conforms, text


def test_shapes_conform_to_shacl_shacl_directly(shapes: Graph) -> None:
    meta = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    if not meta.is_file():
        pytest.skip(f"{meta} is not shipped by this pySHACL")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=Graph().parse(meta), inference="none")
    assert conforms, text


def test_every_shape_is_named_labelled_and_has_a_message(shapes: Graph) -> None:
    anonymous = anonymous_operands(shapes)
    named = all_named_shapes(shapes)
    assert len(named) > 30
    for shape in named:
        assert not isinstance(shape, BNode) or shape in anonymous, f"anonymous shape {shape}"
        assert str(shape).startswith(NKGSH), f"{shape} is not under {NKGSH}"
        for prop in (RDFS.label, RDFS.comment, SH.message):
            assert shapes.value(shape, prop) is not None, f"{local(shape)} has no {prop}"
    # SPARQL-based constraints carry their message on the shape, with {?var} filled in
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.message) is None, "put the message on the shape, not the constraint"


def test_property_shapes_are_named_after_their_node_shape(shapes: Graph) -> None:
    for node_shape, prop_shape in shapes.subject_objects(SH.property):
        path = shapes.value(prop_shape, SH.path)
        assert local(prop_shape) == f"{local(node_shape)}-{str(path).rsplit('#', 1)[-1].rsplit('/', 1)[-1]}"


def test_warnings_are_warnings(shapes: Graph) -> None:
    warning = {local(s) for s in shapes.subjects(SH.severity, SH.Warning)}
    assert warning == WARNING_SHAPES
    assert set(shapes.objects(None, SH.severity)) == {SH.Warning}, "violations use the default severity"


def test_sparql_constraints_declare_their_prefixes(shapes: Graph) -> None:
    declared = {str(p) for decl in shapes.objects(None, SH.declare) for p in shapes.objects(decl, SH.prefix)}
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.prefixes) is not None
        query = str(shapes.value(constraint, SH.select))
        used = set(re.findall(r"\b([a-z]+):[A-Za-z]", query))
        assert used <= declared, f"undeclared prefixes {used - declared}"


def test_shapes_use_only_terms_of_the_ontology(shapes: Graph) -> None:
    onto = Graph().parse(ONTOLOGY, format="turtle")
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(NKG))}
    for head in shapes.objects(None, SH["in"]):
        used |= set(Collection(shapes, head))
    for constraint in shapes.objects(None, SH.sparql):
        used |= {NKG[n] for n in re.findall(r"\bnkg:([A-Za-z]+)", str(shapes.value(constraint, SH.select)))}
    undeclared = {t for t in used if (t, RDF.type, None) not in onto}
    assert undeclared == set()


# ---- fixtures: one conforming and one violating graph per top-level shape --------------------

def test_every_top_level_shape_has_its_fixtures() -> None:
    expected = {f"{name}-{kind}.ttl" for name in SHAPE_NAMES for kind in ("ok", "bad")}
    present = {p.name for p in FIXTURES.glob("*.ttl")}
    assert expected - present == set(), "missing fixtures"
    assert present - expected == set(), "fixtures for shapes that do not exist"


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_ok_fixture_conforms(name: str, shapes: Graph) -> None:
    data = Graph().parse(FIXTURES / f"{name}-ok.ttl", format="turtle")
    report = validate(data, shapes)
    assert results(report) == [], report.serialize(format="turtle")


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_bad_fixture_breaks_its_shape_and_only_it(name: str, shapes: Graph) -> None:
    shape = URIRef(NKGSH + name)
    data = Graph().parse(FIXTURES / f"{name}-bad.ttl", format="turtle")
    found = results(validate(data, shapes))
    own = family(shapes, shape)
    assert any(src in own for src, _, _ in found), f"nkgsh:{name} reported nothing"
    strangers = {local(src) for src, _, _ in found if src not in own}
    assert strangers == set(), f"the fixture also breaks {strangers}"
    severity = "Warning" if name in WARNING_SHAPES else "Violation"
    assert {sev for _, sev, _ in found} == {severity}


def test_every_constraint_fires_in_some_bad_fixture(shapes: Graph) -> None:
    """Shapes that hold constraints (not only sh:property links) each report in a bad fixture."""
    reporting = {s for s in all_named_shapes(shapes)
                 if set(shapes.predicates(s, None)) - {RDF.type, RDFS.label, RDFS.comment, SH.message,
                                                         SH.property, SH.severity, *TARGETS}}
    fired = set()
    for name in SHAPE_NAMES:
        data = Graph().parse(FIXTURES / f"{name}-bad.ttl", format="turtle")
        fired |= {src for src, _, _ in results(validate(data, shapes))}
    assert {local(s) for s in reporting - fired} == set(), "constraints no bad fixture exercises"


def test_messages_name_the_problem(shapes: Graph) -> None:
    data = Graph().parse(FIXTURES / "MentionAnchorShape-bad.ttl", format="turtle")
    report = validate(data, shapes)
    messages = {str(m) for m in report.objects(None, SH.resultMessage)}
    assert ('The mention https://w3id.org/newskg/id/mention/wrong-anchor has the anchor "Coalitio", but the '
            'article\'s text between its offsets reads "Coalition" (offsets are 0-based code points, end '
            'exclusive, and must lie inside the text).') in messages
    assert all("{?" not in m for m in messages), "a message template was left unfilled"


# ---- what the graph builder writes conforms --------------------------------------------------

def test_graph_builder_output_conforms(shapes: Graph) -> None:
    text = ('Coalition jets struck a convoy near al-Tanf \u2014 the garrison \u2014 on Thursday. '
            '"We will defend our forces," Col. Ryan Dillon said.')

    def mention(anchor: str) -> Mention:
        start = text.index(anchor)
        return Mention(start, start + len(anchor), anchor, sentence=(0, len(text)))

    article = Article(text=text, source="a.txt", identifier="0123456789abcdef", title="Strike",
                      author="Jane Doe", published=date(2017, 6, 5), publisher="Example News")
    entities = {
        "organization/us-led-coalition": Entity("organization/us-led-coalition", "Organization",
                                                "US-led coalition", {"Coalition"}, [mention("Coalition")]),
        "unit/coalition-jets": Entity("unit/coalition-jets", "Unit", "coalition jets",
                                      mentions=[mention("Coalition jets")],
                                      affiliation=["organization/us-led-coalition"], strength="two"),
        "unit/convoy": Entity("unit/convoy", "Unit", "convoy", mentions=[mention("a convoy")]),
        "location/at-tanf": Entity("location/at-tanf", "Location", "At Tanf", {"al-Tanf"},
                                   [mention("al-Tanf")], wikidata="Q3240455", coordinates=(33.4967, 38.6336),
                                   located_in=["country/syria"]),
        "country/syria": Entity("country/syria", "Country", "Syria", mentions=[mention("al-Tanf")]),
        "person/ryan-dillon": Entity("person/ryan-dillon", "Person", "Ryan Dillon",
                                     mentions=[mention("Ryan Dillon")]),
    }
    event = Event("event/2017-06-01-airstrike-at-tanf", "Airstrike", "coalition strike on convoy",
                  [mention("struck")], agents=["unit/coalition-jets"], targets=["unit/convoy"],
                  places=["location/at-tanf"], date=date(2017, 6, 1))
    quote = "We will defend our forces,"
    statement = Statement("statement/dillon-defend", quote, (text.index(quote), text.index(quote) + len(quote)),
                          True, [mention(quote)], speaker="person/ryan-dillon",
                          addressees=["organization/us-led-coalition"], date=date(2017, 6, 5),
                          about=["event/2017-06-01-airstrike-at-tanf"])
    graph = GraphBuilder().build(Extraction(article, entities, [event], [statement])).to_rdflib()
    report = validate(graph, shapes)
    assert results(report) == [], report.serialize(format="turtle")
