"""Read RDF input files into one graph, remembering where each node appears.

Turtle, TriG, N-Triples, N-Quads and RDF/XML are parsed with pyoxigraph, whose
syntax errors carry a line and column (so CI can point at the broken line);
JSON-LD goes through rdflib, which can fetch remote ``@context`` documents.
Everything lands in one rdflib graph (named graphs are merged: shapes apply to
the union), because pySHACL validates rdflib graphs.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.validation.locate import turtle_lines, verbatim_line

# extension → (format name, pyoxigraph format or None for rdflib)
FORMATS: dict[str, str] = {
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".ntriples": "nt",
    ".nq": "nquads", ".nquads": "nquads", ".jsonld": "json-ld", ".json": "json-ld",
    ".rdf": "xml", ".owl": "xml", ".xml": "xml",
}
_OX = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
       "nquads": ox.RdfFormat.N_QUADS, "xml": ox.RdfFormat.RDF_XML}
_ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads", "n-quads": "nquads",
            "jsonld": "json-ld", "rdfxml": "xml", "rdf/xml": "xml", "rdf": "xml", "owl": "xml"}
INPUT_FORMATS = sorted({*FORMATS.values()})
_LEXED = {"turtle", "trig", "nt", "nquads"}
# rdflib logs a traceback for every ill-typed literal ("2019-02-30"^^xsd:date); SHACL reports them properly
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
_POSITION = re.compile(r"line (\d+)(?: between columns (\d+))?")


class InputError(Exception):
    """Unusable input: a file that cannot be read or parsed, located as ``file:line:column``."""

    def __init__(self, file: str, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.file, self.message, self.line, self.column = file, message, line, column

    def __str__(self) -> str:
        where = ":".join(str(x) for x in (self.file, self.line, self.column) if x is not None)
        return f"{where}: {self.message}"


@dataclass
class Source:
    """One input file and, built on first use, the line of each IRI in it."""

    path: Path
    format: str
    text: str
    base: str
    triples: set[tuple[Node, Node, Node]] = field(default_factory=set, repr=False)
    _lines: dict[str, int] | None = field(default=None, repr=False)

    def states(self, s: Node, p: Node | None = None, o: Node | None = None) -> bool:
        """Whether this file itself has a triple matching the pattern (None is a wildcard)."""
        if p is not None and o is not None:
            return (s, p, o) in self.triples
        return any(t[0] == s and (p is None or t[1] == p) and (o is None or t[2] == o) for t in self.triples)

    def line_of(self, node: Node) -> int | None:
        """Where ``node`` first appears (as a subject if it ever is one), or None."""
        if not isinstance(node, URIRef):
            return None
        if self.format not in _LEXED:
            return verbatim_line(self.text, str(node))
        if self._lines is None:
            self._lines = turtle_lines(self.text, self.base)
        return self._lines.get(str(node))


@dataclass
class Loaded:
    """The merged graph of every input, and the inputs to locate nodes in."""

    graph: Graph
    sources: list[Source]

    def locate(self, focus: Node, path: Node | None = None, value: Node | None = None) -> tuple[str | None, int | None]:
        """(file, line) of the focus node, in the input most likely to hold the defect.

        With several inputs sharing a node, the file that states the offending
        triple wins; for a missing value, the file describing the node without it.
        """
        if len(self.sources) == 1:
            return str(self.sources[0].path), self.sources[0].line_of(focus)
        simple = path if isinstance(path, URIRef) else None
        preferences = [
            lambda s: simple is not None and value is not None and s.states(focus, simple, value),
            lambda s: simple is not None and value is None and s.states(focus) and not s.states(focus, simple),
            lambda s: simple is None and value is not None and s.states(focus, None, value),
            lambda s: s.states(focus),
            lambda s: s.line_of(focus) is not None,
        ]
        for prefer in preferences:
            for source in self.sources:
                if prefer(source):
                    return str(source.path), source.line_of(focus)
        return None, None


def format_of(path: Path, override: str | None = None) -> str:
    """The format name for ``path``: the override if given, else by extension."""
    if override:
        name = _ALIASES.get(override.lower(), override.lower())
        if name not in INPUT_FORMATS:
            raise InputError(str(path), f"unknown input format {override!r} (known: {', '.join(INPUT_FORMATS)})")
        return name
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"cannot tell the RDF format from the extension {path.suffix!r}; "
                                    "use --input-format")
    return fmt


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, plus RDF files (by extension) found under directories, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(str(path), "no such file or directory")
    return files


def _term(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    # rdflib parsers give xsd:string literals no datatype; match them so shapes compare equal
    return Literal(term.value) if datatype == str(XSD.string) else Literal(term.value, datatype=URIRef(datatype))


def _parse_ox(source: Source, graph: Graph) -> None:
    try:
        parser = ox.parse(source.text.encode("utf-8"), _OX[source.format], base_iri=source.base,
                          rename_blank_nodes=True)
        for quad in parser:
            if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
                raise InputError(str(source.path), "RDF-star quoted triples are not supported")
            triple = (_term(quad.subject), _term(quad.predicate), _term(quad.object))
            graph.add(triple)
            source.triples.add(triple)
        for prefix, namespace in (parser.prefixes or {}).items():
            graph.bind(prefix, namespace, replace=True)
    except SyntaxError as exc:
        message = str(exc.msg)
        line, column = exc.lineno, exc.offset
        match = _POSITION.search(message)
        if match:  # pyoxigraph says "Parser error at line L between columns C1 and C2: what"
            line, column = int(match.group(1)), int(match.group(2)) if match.group(2) else column
            message = message.split(": ", 1)[-1]
        raise InputError(str(source.path), message, line, column) from exc


def _parse_jsonld(source: Source, graph: Graph) -> None:
    try:
        json.loads(source.text)
    except json.JSONDecodeError as exc:
        raise InputError(str(source.path), exc.msg, exc.lineno, exc.colno) from exc
    try:
        own = Graph().parse(data=source.text, format="json-ld", publicID=source.base)
    except Exception as exc:  # rdflib raises many types; all mean the JSON-LD is unusable
        raise InputError(str(source.path), f"invalid JSON-LD: {exc}") from exc
    for triple in own:
        graph.add(triple)
        source.triples.add(triple)


def load(paths: Iterable[Path], input_format: str | None = None) -> Loaded:
    """Parse every input file (directories: their RDF files) into one graph.

    Raises InputError for the first unusable file.
    """
    files = expand(paths)
    if not files:
        raise InputError(", ".join(str(p) for p in paths) or ".", "no RDF files to read")
    graph = Graph(bind_namespaces="core")  # prefixes for reports come from the inputs, not rdflib's defaults
    sources = []
    for path in files:
        fmt = format_of(path, input_format)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"cannot read: {exc}") from exc
        source = Source(path, fmt, text, path.resolve().as_uri())
        if fmt == "json-ld":
            _parse_jsonld(source, graph)
        else:
            _parse_ox(source, graph)
        sources.append(source)
    graph.bind("rdf", RDF)
    return Loaded(graph, sources)
