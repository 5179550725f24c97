"""Media types the endpoint speaks, in the server's order of preference.

Each table maps an acceptable media type to a format key; aliases (``application/json``,
``application/xml``) let generic clients get the natural answer. Responses are always
labelled with the format's canonical media type (``CANONICAL``).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.store.embedded import EXPORT_FORMATS

# SELECT results.
SOLUTIONS: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}

# ASK results: CSV and TSV define no boolean form.
BOOLEAN: dict[str, str] = {k: v for k, v in SOLUTIONS.items() if v in ("json", "xml")}

# RDF graphs and datasets (CONSTRUCT, DESCRIBE, exports, Graph Store Protocol, service description).
RDF: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/plain": "nt",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
}

CANONICAL: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    **{key: fmt.media_type for key, fmt in EXPORT_FORMATS.items()},
}


RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}


def rdf_format(key: str) -> ox.RdfFormat:
    """The pyoxigraph syntax of an RDF format key."""
    return EXPORT_FORMATS[key]


def file_name(key: str, stem: str = "newskg") -> str:
    """A download name with the syntax's usual extension (``newskg.ttl``, ``newskg.nq``...)."""
    return f"{stem}.{EXPORT_FORMATS[key].file_extension}"
