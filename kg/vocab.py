"""Namespaces of the public vocabulary and the rules for minting instance IRIs.

IRIs are minted from what a thing is (its resolution key), never from where it
was read, so the same actor or event in two articles is one node.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

NKG = Namespace("https://w3id.org/newskg/ontology#")
DCT = DCTERMS
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "nkg": str(NKG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCT),
    "sem": str(SEM),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "geo": str(GEO),
    "foaf": str(FOAF),
    "wd": str(WD),
}

# Superclasses stated explicitly on every instance, so that analysts can ask for
# ``?x a nkg:Actor`` or ``?x a nkg:Location`` without a reasoner.
SUPERCLASSES: dict[str, tuple[str, ...]] = {
    "Person": ("Actor",),
    "Organization": ("Actor",),
    "ArmedGroup": ("Organization", "Actor"),
    "Country": ("Actor", "Location"),
    "Unit": (),
    "Location": (),
}

# The seven core event types; finer types point at one of them with skos:broader.
CORE_EVENT_TYPES = ("Attack", "Threat", "ForcePosture", "Movement", "Communication", "Aid", "Cooperation")

# --- issue 13: the CAMEO roots that fit no core type are top concepts of their own (ontology section 7);
# every other event type has one of these or a core type as its top ancestor.
CAMEO_ROOT_TYPES = (
    "PublicStatement", "Yield", "Investigation", "Disapproval", "Rejection", "Protest", "ReducedRelations", "Coercion",
)
TOP_EVENT_TYPES = CORE_EVENT_TYPES + CAMEO_ROOT_TYPES


def slug(text: str, max_len: int = 80) -> str:
    """A lowercase ASCII slug: stable, readable, safe inside an IRI path segment."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:max_len].rstrip("-") or "x"
