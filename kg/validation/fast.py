"""Set-at-a-time SHACL validation on Oxigraph, for the shapes :mod:`kg.validation.compile` supports.

Ingest validates every article's graph (hundreds of triples) before storing
it; pySHACL needs seconds per graph, this needs milliseconds: the shapes are
compiled once, and each validation loads the graph into an in-memory Oxigraph
store and runs a handful of queries (one per set of compatible prefixes) whose
solutions are all the validation results. Results carry exactly what pySHACL's
report would (focus, path, value, source shape, component, severity,
messages), so :mod:`kg.validation.shacl` makes the same findings from either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from kg.validation.compile import RDF_TYPE_PATH, Check, Test, compile_shapes

_SUBCLASS_OF = ox.NamedNode(str(RDFS.subClassOf))


@dataclass(frozen=True)
class Result:
    """One validation result, with rdflib terms; ``messages`` empty means "no sh:message, use the default"."""

    shape: Node
    component: URIRef
    severity: URIRef
    focus: Node
    path: Node | None
    value: Node | None
    messages: tuple[Literal, ...]


class FastValidator:
    """Shapes compiled once to SPARQL; validates graphs given as rdflib graphs or N-Triples bytes."""

    def __init__(self, shapes: Graph) -> None:
        plan = compile_shapes(shapes)
        self.unsupported = plan.unsupported  # targeted shape -> why it cannot be compiled: validate it elsewhere
        self._queries = [(_query(check), check) for check in plan.checks]
        # Without rdfs:subClassOf triples in the data, ``rdf:type/rdfs:subClassOf*`` matches what ``rdf:type``
        # does (its only path is the empty one), and Oxigraph evaluates ``rdf:type`` faster: about 9% of the
        # queries' time on article graphs, which never hold class hierarchies.
        self._flat_queries = [(query.replace(RDF_TYPE_PATH, f"<{RDF.type}>"), check) for query, check in self._queries]

    def results(self, data: Graph | bytes, severity: URIRef | None = None) -> list[Result]:
        """Every result of the supported shapes on ``data`` (N-Triples bytes keep blank node labels).

        ``severity`` keeps only the checks of that severity: a caller that acts on violations alone
        need not run the queries of warnings and infos (6 of the 49 for newskg's shapes).
        """
        store = ox.Store()
        if isinstance(data, bytes) and b"_:" not in data:
            # no blank node to keep the label of: Store.load parses in Rust, without the GIL
            store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        elif isinstance(data, bytes):  # Store.load would rename blank nodes
            store.extend(ox.parse(data, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False, lenient=True))
        else:
            store.extend(_quads(data))
        queries = self._queries if next(store.quads_for_pattern(None, _SUBCLASS_OF, None), None) else self._flat_queries
        return [result for query, check in queries if severity in (None, check.severity)
                for result in _run(store, query, check)]


def _query(check: Check) -> str:
    """The check as a query of its own (a UNION of many checks costs Oxigraph more than separate queries)."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in check.prefixes)
    return f"{prologue}SELECT DISTINCT {' '.join('?' + v for v in check.variables)} WHERE {{ {check.where} }}"


def _run(store: ox.Store, query: str, check: Check) -> Iterator[Result]:
    """The check's results; only reported terms are converted to rdflib (conversion costs more than the query)."""
    reported: set[tuple[int, ox.Term]] = set()  # focus-wise failures come once per value row: report them once
    for solution in store.query(query):
        focus = solution["this"]
        value = solution["value"] if "value" in check.variables else None
        failed = []
        for i, test in enumerate(check.tests):
            if test.flag is None or solution[test.flag].value == "false":
                if not test.on_value:
                    if (i, focus) in reported:
                        continue
                    reported.add((i, focus))
            elif test.violates is None or value is None or not test.violates(_text(value)):
                continue
            failed.append(test)
        if failed:
            yield from _results(check, failed, {v: _rdflib(t) for v in check.variables
                                                if (t := solution[v]) is not None})


def _results(check: Check, failed: list[Test], row: dict[str, Node]) -> Iterator[Result]:
    focus = row["this"]
    value = row.get("value", focus if check.value_is_focus else None)
    messages = _messages(check, row, value) if check.sparql else check.messages
    for test in failed:
        yield Result(check.shape, test.component, check.severity, focus, row.get("path", check.path),
                     value if test.on_value else None, messages)


def _text(term: ox.Term) -> str | None:
    """What sh:pattern and the datatype checks read: the IRI or lexical form; None for a blank node."""
    return None if isinstance(term, ox.BlankNode) else term.value


def _messages(check: Check, row: dict[str, Node], value: Node | None) -> tuple[Literal, ...]:
    """A SPARQL constraint's messages as pySHACL makes them: its own and its shape's, with {?var} substituted."""
    assert check.sparql is not None
    bound = {name: row[name] for name in check.sparql.bound if name in row}
    if check.sparql.projects_this:
        bound["this"] = row["this"]
    if "path" in row:
        bound["path"] = row["path"]
    if value is not None:
        bound["value"] = value
    own = [m for m in check.sparql.messages if m not in check.messages]
    return tuple(Literal(_substitute(str(m), bound)) for m in (*own, *check.messages))


def _substitute(message: str, bound: dict[str, Node]) -> str:
    """``{?var}`` and ``{$var}`` in a message replaced by the bound values, as pySHACL writes them."""
    for var, val in bound.items():
        message = re.sub(f"{{[?$]{var}}}", str(val), message)
    return message


def _quads(graph: Graph) -> Iterable[ox.Quad]:
    """The graph's triples as Oxigraph quads, IRIs converted once each."""
    iris: dict[URIRef, ox.NamedNode] = {}

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, URIRef):
            found = iris.get(node)
            if found is None:
                found = iris[node] = ox.NamedNode(node)
            return found
        if isinstance(node, BNode):
            return ox.BlankNode(node)
        if node.language is not None:
            return ox.Literal(node, language=node.language)
        return ox.Literal(node, datatype=term(node.datatype) if node.datatype is not None else None)

    return (ox.Quad(term(s), term(p), term(o)) for s, p, o in graph)


_XSD_STRING = str(XSD.string)


def _rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
