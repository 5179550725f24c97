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


def slug(text: str, max_len: int = 80) -> str:
    """A lowercase ASCII slug: stable, readable, safe inside an IRI path segment."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out[:max_len].rstrip("-") or "x"
