"""rdflib terms to pyoxigraph terms (the builder speaks rdflib, the store pyoxigraph)."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node


def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"unsupported RDF term: {node!r}")


def quads(graph: Graph, graph_name: str) -> Iterator[ox.Quad]:
    """The graph's triples as quads in the named graph ``graph_name``."""
    g = ox.NamedNode(graph_name)
    for s, p, o in graph:
        yield ox.Quad(term(s), term(p), term(o), g)
