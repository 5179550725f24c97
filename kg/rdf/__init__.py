"""RDF: turn extractions into graphs of the public vocabulary."""

from kg.rdf.build import GraphBuilder
from kg.rdf.iris import Minter

__all__ = ["GraphBuilder", "Minter"]
