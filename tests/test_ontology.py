"""The OWL ontology: it parses cleanly, declares the whole public vocabulary, stays
inside OWL 2 DL as far as a structural check can tell, and its SKOS event types
form one tree under the seven core types and the CAMEO roots that fit none of them,
in step with the SHACL shapes."""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from kg.vocab import CAMEO_ROOT_TYPES, CORE_EVENT_TYPES, FOAF, GEO, NKG, PROV, SCHEMA, SEM, TOP_EVENT_TYPES


class XSD:
    """The XSD terms used here (rdflib's XSD namespace warns when pytest inspects module globals)."""

    NS = "http://www.w3.org/2001/XMLSchema#"
    string = URIRef(NS + "string")
    integer = URIRef(NS + "integer")
    date = URIRef(NS + "date")


ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "newskg.ttl"
SHAPES = ROOT / "shapes" / "newskg.shacl.ttl"
VOCABULARY_MD = Path(__file__).resolve().parents[1].parent / "shared" / "spec" / "vocabulary.md"
NKGSH = "https://w3id.org/newskg/shapes#"

# The terms of shared/spec/vocabulary.md, kept here for checkouts without shared/.
VOCABULARY_TERMS = {
    # classes
    "nkg:Article", "nkg:Actor", "nkg:Person", "nkg:Organization", "nkg:ArmedGroup", "nkg:Country",
    "nkg:Unit", "nkg:Location", "nkg:Event", "nkg:Statement", "nkg:Mention",
    # properties
    "nkg:mention", "nkg:article", "nkg:start", "nkg:end", "nkg:anchor", "nkg:text",
    "nkg:affiliation", "nkg:strength", "nkg:locatedIn", "nkg:eventType", "nkg:agent", "nkg:target",
    "nkg:place", "nkg:date", "nkg:earliest", "nkg:latest", "nkg:speaker", "nkg:quote",
    "nkg:quoteType", "nkg:addressee", "nkg:about",
    # individuals and the concept scheme
    "nkg:Direct", "nkg:Indirect", "nkg:EventTypes",
    "nkg:Attack", "nkg:Threat", "nkg:ForcePosture", "nkg:Movement", "nkg:Communication", "nkg:Aid",
    "nkg:Cooperation",
    # terms of other vocabularies that the data uses
    "rdfs:label", "skos:altLabel", "skos:Concept", "skos:broader", "skos:notation", "skos:closeMatch",
    "dct:title", "dct:creator", "dct:issued", "dct:publisher", "dct:source", "dct:identifier",
    "geo:hasGeometry", "geo:asWKT", "owl:sameAs",
}
# Extensions of this repository beyond vocabulary.md.
EXTENSION_TERMS = {"nkg:sentence", "nkg:QuoteType", "nkg:CAMEO", "nkg:modality", "nkg:Modality", "nkg:Attempted",
                   "nkg:Foiled", "nkg:reportedType"}

PREFIXES = {
    "nkg": str(NKG), "rdfs": str(RDFS), "skos": str(SKOS), "dct": str(DCTERMS),
    "geo": str(GEO), "owl": str(OWL), "xsd": XSD.NS,
}
# Built into RDF / OWL 2 (or in the OWL 2 datatype map): never redeclared.
BUILT_IN = {RDFS.label, RDFS.comment, OWL.sameAs, RDFS.Literal, XSD.string, XSD.integer}

# Alignments the spec names (vocabulary.md, "aligned to").
CLASS_ALIGNMENTS = {
    "Article": {SCHEMA.NewsArticle, PROV.Entity},
    "Actor": {SEM.Actor, PROV.Agent},
    "Person": {NKG.Actor, FOAF.Person, SCHEMA.Person},
    "Organization": {NKG.Actor, SCHEMA.Organization},
    "ArmedGroup": {NKG.Organization},
    "Country": {NKG.Actor, NKG.Location, SCHEMA.Country},
    "Unit": {SEM.Actor},
    "Location": {SEM.Place, SCHEMA.Place},
    "Event": {SEM.Event},
    "Statement": {SCHEMA.Quotation, PROV.Entity},
}
PROPERTY_ALIGNMENTS = {
    "agent": SEM.hasActor,
    "target": SEM.hasActor,
    "place": SEM.hasPlace,
}

OBJECT_PROPERTIES = {"mention", "article", "affiliation", "locatedIn", "eventType", "agent", "target",
                     "place", "speaker", "quoteType", "addressee", "about", "modality", "reportedType",
                     "spokesperson"}
DATATYPE_PROPERTIES = {
    "start": XSD.integer, "end": XSD.integer, "anchor": XSD.string, "sentence": XSD.string,
    "text": XSD.string, "strength": XSD.string, "date": XSD.date, "earliest": XSD.date,
    "latest": XSD.date, "quote": XSD.string,
}
# Domains and ranges of object properties: a class, or the members of an owl:unionOf.
ACTOR_OR_UNIT = frozenset({NKG.Actor, NKG.Unit})
OBJECT_RANGES = {
    "mention": {NKG.Mention},
    "article": {NKG.Article},
    "affiliation": {NKG.Actor},
    "locatedIn": {NKG.Location},
    "eventType": {SKOS.Concept},
    "agent": ACTOR_OR_UNIT,
    "target": ACTOR_OR_UNIT,
    "place": {NKG.Location},
    "speaker": ACTOR_OR_UNIT,
    "quoteType": {NKG.QuoteType},
    "addressee": {NKG.Actor, NKG.Unit},
    "about": {NKG.Event, NKG.Actor, NKG.Unit, NKG.Location},
    "modality": {NKG.Modality},
    "reportedType": {SKOS.Concept},
    "spokesperson": {NKG.Actor},
}
DOMAINS = {
    "mention": {NKG.Actor, NKG.Unit, NKG.Location, NKG.Event, NKG.Statement},
    "article": {NKG.Mention}, "start": {NKG.Mention}, "end": {NKG.Mention}, "anchor": {NKG.Mention},
    "sentence": {NKG.Mention}, "text": {NKG.Article}, "affiliation": {NKG.Unit, NKG.Actor},
    "strength": {NKG.Unit}, "locatedIn": {NKG.Location}, "eventType": {NKG.Event},
    "agent": {NKG.Event}, "target": {NKG.Event}, "place": {NKG.Event},
    "date": {NKG.Event, NKG.Statement}, "earliest": {NKG.Event}, "latest": {NKG.Event},
    "speaker": {NKG.Statement}, "quote": {NKG.Statement}, "quoteType": {NKG.Statement},
    "addressee": {NKG.Statement}, "about": {NKG.Statement}, "modality": {NKG.Event}, "reportedType": {NKG.Event},
    "spokesperson": {NKG.Statement},
}

# CAMEO families (2-digit roots) a finer type of each core type may carry.
CAMEO_ROOTS = {
    "Attack": {"19", "18", "20"},  # fight; assault (bombings, assassinations, abductions); mass violence
    "Threat": {"13"},
    "ForcePosture": {"15"},
    "Movement": {"08"},  # no family of its own; 0874 "retreat militarily" fits a withdrawal
    "Communication": {"04", "02", "10"},  # consult; appeals and demands are messages to a party
    "Aid": {"07"},
    "Cooperation": {"06", "05", "08", "03"},  # material and diplomatic cooperation; 0871 ceasefire; intents
    # the roots that are top concepts of their own: their own family only
    "PublicStatement": {"01"}, "Yield": {"08"}, "Investigation": {"09"}, "Disapproval": {"11"},
    "Rejection": {"12"}, "Protest": {"14"}, "ReducedRelations": {"16"}, "Coercion": {"17"},
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def iri(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def types(g: Graph, node: URIRef) -> set:
    return set(g.objects(node, RDF.type))


def class_members(g: Graph, node) -> set:
    """A named class as {itself}; an owl:unionOf expression as the set of its members."""
    if isinstance(node, BNode):
        union = g.value(node, OWL.unionOf)
        assert union is not None, f"anonymous class {node} is not an owl:unionOf"
        return set(Collection(g, union))
    return {node}


def concepts(g: Graph) -> set:
    return set(g.subjects(RDF.type, SKOS.Concept))


def core(g: Graph) -> set:
    return {NKG[name] for name in CORE_EVENT_TYPES}


def tops(g: Graph) -> set:
    """The top concepts: the core types and the CAMEO roots that fit none of them."""
    return {NKG[name] for name in TOP_EVENT_TYPES}


# ---- parsing and the header ----------------------------------------------------------------

def test_ontology_parses_without_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.WARNING):
            g = Graph().parse(ONTOLOGY, format="turtle")
    assert len(g) > 500
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    # every literal of a known datatype is well-formed (rdflib keeps ill-typed ones with value None)
    bad = [o for o in g.objects() if isinstance(o, Literal) and o.datatype in (XSD.integer, XSD.date)
           and o.value is None]
    assert bad == []


def test_ontology_header(onto: Graph) -> None:
    ontologies = list(onto.subjects(RDF.type, OWL.Ontology))
    assert ontologies == [URIRef("https://w3id.org/newskg/ontology")]
    o = ontologies[0]
    for prop in (OWL.versionInfo, OWL.versionIRI, DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert onto.value(o, prop) is not None, f"the ontology header lacks {prop}"


# ---- the public vocabulary is declared -----------------------------------------------------

def is_built_in(term: URIRef) -> bool:
    """RDF, RDFS and OWL terms (rdfs:label, rdfs:subClassOf, owl:sameAs ...) are never redeclared."""
    return term in BUILT_IN or any(term.startswith(str(ns)) for ns in (RDF, RDFS, OWL))


def assert_declared(g: Graph, curie: str) -> None:
    term = iri(curie)
    if is_built_in(term):
        return
    kinds = types(g, term)
    assert kinds, f"{curie} is not declared in the ontology"
    if curie.startswith("nkg:"):
        assert g.value(term, RDFS.label) is not None, f"{curie} has no rdfs:label"
        assert (g.value(term, RDFS.comment) or g.value(term, SKOS.definition)) is not None, \
            f"{curie} has neither rdfs:comment nor skos:definition"
        if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            assert g.value(term, RDFS.domain) is not None, f"{curie} has no rdfs:domain"
            assert g.value(term, RDFS.range) is not None, f"{curie} has no rdfs:range"


def vocabulary_md_terms() -> set[str]:
    text = VOCABULARY_MD.read_text(encoding="utf-8")
    found = set(re.findall(r"`((?:nkg|dct|skos|geo|owl|rdfs):[A-Za-z]+)`", text))
    # the Turtle example uses the same vocabulary outside backticks
    found |= {m for m in re.findall(r"\b(nkg:[A-Za-z]+)\b", text)}
    return found


@pytest.mark.skipif(not VOCABULARY_MD.is_file(),
                    reason=f"{VOCABULARY_MD} is absent (no shared/ beside the repository); "
                           "test_hard_coded_vocabulary_is_declared covers the same terms")
def test_every_term_of_vocabulary_md_is_declared(onto: Graph) -> None:
    terms = vocabulary_md_terms()
    assert {"nkg:Article", "nkg:eventType", "nkg:Attack"} <= terms, "could not read the term names"
    for curie in sorted(terms):
        assert_declared(onto, curie)
    # the hard-coded list below stays a faithful copy of the spec
    missing = {t for t in terms - VOCABULARY_TERMS if not is_built_in(iri(t))}
    assert missing == set(), "vocabulary.md has terms the hard-coded list lacks"


def test_hard_coded_vocabulary_is_declared(onto: Graph) -> None:
    for curie in sorted(VOCABULARY_TERMS | EXTENSION_TERMS):
        assert_declared(onto, curie)


def test_every_nkg_term_used_is_declared(onto: Graph) -> None:
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and t.startswith(str(NKG))}
    undeclared = {t for t in used if not types(onto, t)}
    assert undeclared == set()


# ---- classes and properties ----------------------------------------------------------------

def test_classes_and_alignments(onto: Graph) -> None:
    for name, parents in CLASS_ALIGNMENTS.items():
        cls = NKG[name]
        assert OWL.Class in types(onto, cls), f"nkg:{name} is not an owl:Class"
        missing = parents - set(onto.objects(cls, RDFS.subClassOf))
        assert not missing, f"nkg:{name} is not a subclass of {missing}"
    assert (NKG.Mention, SKOS.closeMatch, None) in onto, "nkg:Mention is not aligned (NIF / Web Annotation)"
    assert (NKG.QuoteType, RDF.type, OWL.Class) in onto


def test_property_kinds_domains_and_ranges(onto: Graph) -> None:
    for name in OBJECT_PROPERTIES:
        assert OWL.ObjectProperty in types(onto, NKG[name]), f"nkg:{name} is not an owl:ObjectProperty"
        ranges = [class_members(onto, r) for r in onto.objects(NKG[name], RDFS.range)]
        assert ranges == [set(OBJECT_RANGES[name])], f"nkg:{name} has range {ranges}"
    for name, datatype in DATATYPE_PROPERTIES.items():
        assert OWL.DatatypeProperty in types(onto, NKG[name]), f"nkg:{name} is not an owl:DatatypeProperty"
        assert list(onto.objects(NKG[name], RDFS.range)) == [datatype], f"nkg:{name} range"
    for name, domain in DOMAINS.items():
        domains = [class_members(onto, d) for d in onto.objects(NKG[name], RDFS.domain)]
        assert domains == [domain], f"nkg:{name} has domain {domains}"
    for name, parent in PROPERTY_ALIGNMENTS.items():
        assert (NKG[name], RDFS.subPropertyOf, parent) in onto, f"nkg:{name} is not under {parent}"


def test_no_punning_between_property_kinds(onto: Graph) -> None:
    """OWL 2 DL: a property is exactly one of object, datatype or annotation property."""
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    props = {s for k in kinds for s in onto.subjects(RDF.type, k)}
    for p in props:
        assert len(types(onto, p) & set(kinds)) == 1, f"{p} is declared as several kinds of property"
    for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel):
        assert not types(onto, p) & {OWL.ObjectProperty, OWL.DatatypeProperty}
    # article metadata with literal values: annotation properties, used consistently
    for p in (DCTERMS.title, DCTERMS.creator, DCTERMS.issued, DCTERMS.publisher, DCTERMS.source,
              DCTERMS.identifier):
        assert types(onto, p) == {OWL.AnnotationProperty}, f"{p} must be an annotation property"


def test_external_terms_in_axioms_are_declared(onto: Graph) -> None:
    """Every class or property named in an axiom is declared with its kind (Protégé needs it)."""
    expected = {
        RDFS.subClassOf: {OWL.Class}, RDFS.domain: {OWL.Class}, RDFS.range: {OWL.Class, RDFS.Datatype},
    }
    for prop, kinds in expected.items():
        for s, o in onto.subject_objects(prop):
            for member in class_members(onto, o):
                assert types(onto, member) & kinds or member in BUILT_IN, \
                    f"{member} (in {prop} of {s}) is not declared as {kinds}"
    for s, parent in onto.subject_objects(RDFS.subPropertyOf):
        assert types(onto, parent) & types(onto, s) & {OWL.ObjectProperty, OWL.DatatypeProperty}, \
            f"{s} and its super-property {parent} are not declared as the same kind"
    # every predicate used on a term of the ontology is an annotation property, RDF/OWL built-in,
    # or a declared object / datatype property
    structural = {str(RDF), str(RDFS), str(OWL), XSD.NS}
    for p in set(onto.predicates()):
        if any(p.startswith(ns) for ns in structural) or p in BUILT_IN:
            continue
        assert types(onto, p), f"{p} is used but not declared"


# ---- quote types ---------------------------------------------------------------------------

def test_quote_types(onto: Graph, shapes: Graph) -> None:
    individuals = set(onto.subjects(RDF.type, NKG.QuoteType))
    assert individuals == {NKG.Direct, NKG.Indirect}
    for ind in individuals:
        assert onto.value(ind, RDFS.label) is not None
    in_list = set(Collection(shapes, shapes.value(URIRef(NKGSH + "StatementShape-quoteType"), SH["in"])))
    assert in_list == individuals


# ---- the event-type scheme -----------------------------------------------------------------

def test_core_event_types_are_the_top_concepts(onto: Graph) -> None:
    scheme = NKG.EventTypes
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    assert set(onto.subjects(SKOS.topConceptOf, scheme)) == tops(onto)
    assert set(onto.objects(scheme, SKOS.hasTopConcept)) == tops(onto)
    for c in tops(onto):
        assert onto.value(c, SKOS.broader) is None, f"core type {c} has a broader concept"


def test_every_concept_is_well_described(onto: Graph) -> None:
    for c in concepts(onto):
        assert (c, SKOS.inScheme, NKG.EventTypes) in onto, f"{c} is not in nkg:EventTypes"
        assert onto.value(c, SKOS.prefLabel) is not None, f"{c} has no skos:prefLabel"
        assert onto.value(c, RDFS.label) is not None, f"{c} has no rdfs:label"
        assert onto.value(c, SKOS.definition) is not None, f"{c} has no skos:definition"
        labels = [str(label) for label in onto.objects(c, SKOS.prefLabel)]
        assert len(labels) == 1


def test_every_concept_has_a_core_ancestor(onto: Graph) -> None:
    cores = tops(onto)
    for c in concepts(onto) - cores:
        parents = list(onto.objects(c, SKOS.broader))
        assert len(parents) == 1, f"{c} must have exactly one skos:broader, has {parents}"
        seen, node = set(), c
        while node not in cores:
            assert node not in seen, f"skos:broader cycle at {node}"
            seen.add(node)
            node = onto.value(node, SKOS.broader)
            assert node is not None, f"{c} does not reach a core type"


def test_cameo_notations(onto: Graph) -> None:
    cores = tops(onto)
    for c in concepts(onto):
        notations = list(onto.objects(c, SKOS.notation))
        if not notations:
            assert onto.value(c, SKOS.scopeNote) is not None, f"{c} has no CAMEO code and no note why"
            continue
        assert len(notations) == 1, f"{c} has several notations"
        code = notations[0]
        assert code.datatype == NKG.CAMEO, f"{c}: notation {code!r} is not typed nkg:CAMEO"
        assert re.fullmatch(r"[0-9]{2,4}", str(code)), f"{c}: {code} is not a CAMEO code"
        top = c
        while top not in cores:
            top = onto.value(top, SKOS.broader)
        name = str(top)[len(str(NKG)):]
        allowed = CAMEO_ROOTS[name] if c != top else {str(code)}
        assert str(code)[:2] in allowed, f"{c}: CAMEO {code} is outside the families of nkg:{name}"
    # the core types that have a CAMEO root
    expected = {"Attack": "19", "Threat": "13", "ForcePosture": "15", "Communication": "04",
                "Aid": "07", "Cooperation": "06"}
    for name, code in expected.items():
        assert str(onto.value(NKG[name], SKOS.notation)) == code
    assert onto.value(NKG.Movement, SKOS.notation) is None


def test_known_cameo_codes(onto: Graph) -> None:
    """Spot checks against the CAMEO 1.1b3 codebook."""
    expected = {
        "Airstrike": "195", "Shelling": "194", "Fighting": "190", "Bombing": "183",
        "Warning": "130", "Ultimatum": "139", "ShowOfForce": "150", "Reinforcement": "154",
        "Deployment": "154", "Patrol": "150", "PhoneCall": "041", "MilitaryAid": "072",
        "EconomicAid": "071", "Agreement": "057", "MilitaryCooperation": "062",
    }
    for name, code in expected.items():
        assert str(onto.value(NKG[name], SKOS.notation)) == code, f"nkg:{name}"
    broader = {"LeafletDrop": "Threat", "ShowOfForce": "ForcePosture", "Incursion": "Movement",
               "Advance": "Movement", "Withdrawal": "Movement", "Arrival": "Movement",
               "PhoneCall": "Communication", "Meeting": "Communication", "Fortification": "ForcePosture",
               "Alliance": "Cooperation"}
    for name, parent in broader.items():
        assert onto.value(NKG[name], SKOS.broader) == NKG[parent], f"nkg:{name}"


def test_every_cameo_root_has_a_concept(onto: Graph) -> None:
    """All twenty CAMEO roots are in the scheme, each as one concept carrying the 2-digit code."""
    roots = {}
    for c in concepts(onto):
        code = onto.value(c, SKOS.notation)
        if code is not None and len(str(code)) == 2:
            roots.setdefault(str(code), set()).add(c)
    assert sorted(roots) == [f"{n:02d}" for n in range(1, 21)]
    # a root is either a top concept or hangs under the core type it fits (issue 13)
    expected_parent = {"02": "Communication", "10": "Communication", "03": "Cooperation", "05": "Cooperation",
                       "18": "Attack", "20": "Attack"}
    for code, parent in expected_parent.items():
        assert {onto.value(c, SKOS.broader) for c in roots[code]} == {NKG[parent]}, code
    for name in CAMEO_ROOT_TYPES:
        assert onto.value(NKG[name], SKOS.broader) is None
        assert (NKG[name], SKOS.topConceptOf, NKG.EventTypes) in onto


def test_modality_individuals(onto: Graph, shapes: Graph) -> None:
    members = set(Collection(onto, onto.value(onto.value(NKG.Modality, OWL.equivalentClass), OWL.oneOf)))
    assert members == {NKG.Attempted, NKG.Foiled}
    shape = URIRef(NKGSH + "EventShape-modality")
    assert set(Collection(shapes, shapes.value(shape, SH["in"]))) == members
    assert (URIRef(NKGSH + "EventShape"), SH.property, shape) in shapes


def test_event_types_in_shapes_match_the_scheme(onto: Graph, shapes: Graph) -> None:
    shape = URIRef(NKGSH + "EventShape-eventType")
    head = shapes.value(shape, SH["in"])
    assert head is not None, "nkgsh:EventShape-eventType has no sh:in"
    listed = list(Collection(shapes, head))
    assert len(listed) == len(set(listed)), "the sh:in list of event types has duplicates"
    assert set(listed) == concepts(onto), (
        f"only in the shapes: {set(listed) - concepts(onto)}; only in the ontology: {concepts(onto) - set(listed)}")


def test_cameo_datatype_is_defined(onto: Graph) -> None:
    assert (NKG.CAMEO, RDF.type, RDFS.Datatype) in onto
    definition = onto.value(NKG.CAMEO, OWL.equivalentClass)
    assert onto.value(definition, OWL.onDatatype) == XSD.string
