"""The SPARQL 1.1 Service Description served at ``GET /sparql`` without a query.

Tells clients what this endpoint does: query (and update, when writes are on),
the result formats it can negotiate, and that the default graph is the union of
all article graphs.
"""

from __future__ import annotations

import pyoxigraph as ox

_TEMPLATE = """
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
@prefix dct: <http://purl.org/dc/terms/> .

<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    dct:title "newskg SPARQL endpoint" ;
    sd:supportedLanguage sd:SPARQL11Query {update} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
        fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML, fmt:N-Quads, fmt:TriG ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def describe(endpoint: str, fmt: ox.RdfFormat, writable: bool) -> bytes:
    """The description of the endpoint at ``endpoint``, serialised in ``fmt``."""
    text = _TEMPLATE.format(endpoint=endpoint, update=", sd:SPARQL11Update" if writable else "")
    triples = ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
    return ox.serialize(triples, format=fmt, prefixes={
        "sd": "http://www.w3.org/ns/sparql-service-description#", "fmt": "http://www.w3.org/ns/formats/",
        "dct": "http://purl.org/dc/terms/"})
