"""Validate graphs against shapes, keeping parsed shapes between calls.

Parsing the shapes once per process matters at ingest, where every article's
graph is validated on its own before it is stored: the shapes graph is read
once and pySHACL's compiled view of it (``ShapesGraph``, which harvests the
shapes and prepares their SPARQL) is reused for every data graph.

Two engines make the same findings. ``engine="pyshacl"`` (the default, used by
``newskg validate`` and the W3C conformance tests) is pySHACL alone.
``engine="fast"`` (ingest) evaluates the shapes :mod:`kg.validation.fast` can
compile, all focus nodes at once, on Oxigraph, milliseconds instead of seconds
per article; pySHACL validates only the shapes it cannot compile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as Choice

from pyshacl import ShapesGraph
from pyshacl import Validator as PyshaclValidator
from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.errors import ReportableRuntimeError
from pyshacl.graph_abstraction import DataGraph
from pyshacl.monkey import apply_patches, rdflib_bool_patch, rdflib_bool_unpatch
from pyshacl.validator import assign_baked_in
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, NamespaceManager
from rdflib.term import Node

from kg.resources import shapes_dir
from kg.validation.fast import FastValidator, Result

SEVERITIES = ("Violation", "Warning", "Info")


class ShapesError(Exception):
    """The shapes themselves are unusable (pySHACL refused them)."""


@dataclass(frozen=True)
class Finding:
    """One validation result, in plain terms, with where its focus node is written."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str  # the focus node, compact (prefixed) where a prefix is known
    path: str | None  # the result path in SHACL property-path syntax
    value: str | None  # the offending value in Turtle syntax
    shape: str  # the source shape: its name, or ``Parent[path]`` for an anonymous property shape
    message: str
    component: str = ""  # the constraint component, e.g. "MinCountConstraintComponent"
    file: str | None = None
    line: int | None = None
    focus_node: Node | None = field(default=None, compare=False, repr=False)
    path_node: Node | None = field(default=None, compare=False, repr=False)
    value_node: Node | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ValidationOutcome:
    """Whether a graph conforms, and every finding."""

    conforms: bool
    findings: list[Finding] = field(default_factory=list)
    report: Graph | None = None

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def summary(self, limit: int = 5) -> str:
        """A short human-readable list of the first violations."""
        lines = [f"{f.focus}: {f.message}" + (f" (value {f.value})" if f.value else "")
                 for f in self.violations[:limit]]
        more = len(self.violations) - limit
        return "; ".join(lines) + (f"; and {more} more" if more > 0 else "")


def load_shapes(shapes: Path | None) -> Graph:
    """A shapes FILE or DIR (default: the bundled folder) as one graph; InputError if unusable."""
    from kg.validation.loading import InputError, load  # local: loading is only needed when reading files

    if shapes is None:
        try:
            shapes = shapes_dir()
        except FileNotFoundError as exc:
            raise InputError("shapes", str(exc)) from exc
    rdflib_bool_patch()  # as pySHACL reads shapes: only "true" is a true xsd:boolean (W3C uniqueLang-002)
    try:
        return load([shapes]).graph
    finally:
        rdflib_bool_unpatch()


Engine = Choice["pyshacl", "fast"]


class _SomeShapes(ShapesGraph):
    """pySHACL's compiled shapes, validating only the given top-level shapes (the others are checked elsewhere)."""

    def __init__(self, graph: Graph, only: Iterable[Node]) -> None:
        super().__init__(graph)
        self._only = set(only)

    @property
    def shapes(self):  # noqa: ANN201 - pySHACL's own return type
        return [shape for shape in super().shapes if shape.node in self._only]


class Validator:
    """A shapes graph, parsed and compiled once, that validates data graphs."""

    def __init__(self, shapes: Path | Graph | None = None, engine: Engine = "pyshacl") -> None:
        self.shapes = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
        apply_patches()
        assign_baked_in()
        self._fast = FastValidator(self.shapes) if engine == "fast" else None
        self._compiled = (ShapesGraph(self.shapes) if self._fast is None
                          else _SomeShapes(self.shapes, self._fast.unsupported))
        # SHACL rules would write into the data graph; without any, validating in place is safe and saves a copy
        self._inplace = (None, SH.rule, None) not in self.shapes
        self._names = NamespaceManager(Graph(), bind_namespaces="none")
        for prefix, namespace in self.shapes.namespaces():
            self._names.bind(prefix, namespace, override=False)

    @property
    def unsupported(self) -> dict[Node, str]:
        """With the fast engine: the targeted shapes it leaves to pySHACL, and why."""
        return dict(self._fast.unsupported) if self._fast is not None else {}

    def validate(self, data: Graph, ntriples: bytes | None = None) -> ValidationOutcome:
        """Validate ``data``; conforms is False only when a Violation is found (warnings and infos pass).

        ``ntriples``, the same graph as N-Triples, saves the fast engine converting ``data`` itself.
        """
        names = self._namespaces(data)
        findings, report = [], None
        if self._fast is not None:
            findings = [self._fast_finding(result, data, names) for result in self._fast.results(
                ntriples if ntriples is not None else data)]
        if self._fast is None or self._fast.unsupported:
            report = self._pyshacl(data)
            # top-level results only: pySHACL also types the nested sh:detail results as ValidationResult
            findings += [self._finding(report, result, names)
                         for rep in report.subjects(RDF.type, SH.ValidationReport)
                         for result in report.objects(rep, SH.result)]
        findings.sort(key=lambda f: (SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 3,
                                     f.focus, f.shape, f.path or "", f.value or ""))
        conforms = not any(f.severity == "Violation" for f in findings)
        return ValidationOutcome(conforms=conforms, findings=findings, report=report)

    def check(self, ntriples: bytes) -> ValidationOutcome:
        """Whether an article graph (N-Triples) may be stored: its violations only.

        Ingest reports violations and stores everything else, so warnings and infos are
        not built into findings here, and the graph is parsed into rdflib only when a
        violation must be described (or when some shapes need pySHACL).
        """
        if self._fast is None or self._fast.unsupported:
            outcome = self.validate(Graph().parse(data=ntriples, format="nt"), ntriples)
            return ValidationOutcome(conforms=outcome.conforms, findings=outcome.violations, report=outcome.report)
        violations = self._fast.results(ntriples, SH.Violation)
        if not violations:
            return ValidationOutcome(conforms=True)
        data = Graph().parse(data=ntriples, format="nt")
        names = self._namespaces(data)
        return ValidationOutcome(conforms=False, findings=[self._fast_finding(r, data, names) for r in violations])

    def _pyshacl(self, data: Graph) -> Graph:
        """pySHACL's report on ``data`` for the shapes it validates here."""
        runner = PyshaclValidator(DataGraph.from_rdflib(data), shacl_graph=self.shapes,
                                  options={"advanced": True, "inplace": self._inplace})
        runner.shacl_graph = self._compiled
        try:
            _, report, _ = runner.run()
        except (ReportableRuntimeError, NotImplementedError) as exc:  # pySHACL's refusals of the shapes
            raise ShapesError(getattr(exc, "message", str(exc))) from exc
        return report

    def _namespaces(self, data: Graph) -> NamespaceManager:
        names = NamespaceManager(Graph(), bind_namespaces="none")
        for prefix, namespace in (*self._names.namespaces(), *data.namespaces()):
            names.bind(prefix, namespace, override=False)
        return names

    def _finding(self, report: Graph, result: Node, names: NamespaceManager) -> Finding:
        component = report.value(result, SH.sourceConstraintComponent)
        message = _message(report.objects(result, SH.resultMessage)) or _default_message(component)
        details = [f"{_show(report.value(d, SH.focusNode), names)}: {_message(report.objects(d, SH.resultMessage))}"
                   for d in report.objects(result, SH.detail) if _message(report.objects(d, SH.resultMessage))]
        if details:
            message += " (" + "; ".join(sorted(details)) + ")"
        return self._make_finding(report, report.value(result, SH.resultSeverity), report.value(result, SH.focusNode),
                                  report.value(result, SH.resultPath), report.value(result, SH.value),
                                  report.value(result, SH.sourceShape), component, message, names)

    def _fast_finding(self, result: Result, data: Graph, names: NamespaceManager) -> Finding:
        message = _message(result.messages) or self._generic_message(result, data)
        return self._make_finding(self.shapes, result.severity, result.focus, result.path, _as_written(data, result),
                                  result.shape, result.component, message, names)

    def _generic_message(self, result: Result, data: Graph) -> str:
        """pySHACL's own message for a result of a shape without sh:message (made by its constraint component)."""
        _ = self._compiled.shapes  # harvests pySHACL's shapes, which the lookup needs
        shape = self._compiled.lookup_shape_from_node(result.shape)
        made = [cls(shape).make_generic_messages(data, result.focus, result.value)
                for cls in set(CONSTRAINT_PARAMETERS_MAP.values())
                if getattr(cls, "shacl_constraint_component", None) == result.component]
        return _message(made[0]) if made and made[0] else _default_message(result.component)

    def _make_finding(self, graph: Graph, severity: Node | None, focus: Node | None, path: Node | None,
                      value: Node | None, shape: Node | None, component: Node | None, message: str,
                      names: NamespaceManager) -> Finding:
        """A finding from a result's parts; ``graph`` holds the structure of a blank-node ``path``."""
        return Finding(
            severity=_local(severity) if severity is not None else "Violation",
            focus=_show(focus, names),
            path=_path(graph, path, names) if path is not None else None,
            value=_show(value, names) if value is not None else None,
            shape=self.shape_name(shape, names),
            message=message,
            component=_local(component) if component is not None else "",
            focus_node=focus,
            path_node=path,
            value_node=value,
        )

    def shape_name(self, shape: Node | None, names: NamespaceManager | None = None) -> str:
        """A readable name: the shape's IRI, or its parent's name with the path for a blank property shape."""
        names = names or self._names
        if shape is None:
            return "(unknown shape)"
        if not isinstance(shape, BNode):
            return _show(shape, names)
        parent = self.shapes.value(None, SH.property, shape)
        path = self.shapes.value(shape, SH.path)
        if parent is not None and path is not None:
            return f"{self.shape_name(parent, names)}[{_path(self.shapes, path, names)}]"
        return "(anonymous shape)"


def _as_written(data: Graph, result: Result) -> Node | None:
    """The result's value as ``data`` writes it: Oxigraph keeps typed literals in canonical form ("91.0" -> "91")."""
    value = result.value
    if not isinstance(value, Literal) or value.datatype is None or value.value is None:
        return value  # only parsed literals (numbers, dates...) are written canonically
    candidates = data.objects(result.focus, result.path) if isinstance(result.path, URIRef) else data.objects()
    return next((o for o in candidates if isinstance(o, Literal) and o.datatype == value.datatype
                 and (o == value or o.eq(value))), value)


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _message(messages: Iterable[Node]) -> str | None:
    """The message to show of a result's messages, English or untagged preferred."""
    ranked = sorted(messages, key=lambda m: (not isinstance(m, Literal) or m.language not in (None, "en"), str(m)))
    return str(ranked[0]) if ranked else None


def _default_message(component: Node | None) -> str:
    return f"{_local(component)} not satisfied" if component is not None else "constraint not satisfied"


def _show(node: Node | None, names: NamespaceManager) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            prefix, _, local = names.compute_qname(str(node), generate=False)
            return f"{prefix}:{local}" if prefix else f":{local}"
        except (ValueError, KeyError):
            return f"<{node}>"
    if isinstance(node, Literal):
        if node.datatype is not None:
            return f"{node.n3().split('^^', 1)[0]}^^{_show(node.datatype, names)}"
        return node.n3()
    return f"_:{node}"


def _path(graph: Graph, path: Node, names: NamespaceManager) -> str:
    """A SHACL property path in SPARQL property-path syntax."""
    if isinstance(path, URIRef):
        return _show(path, names)
    if (path, RDF.first, None) in graph:
        return "/".join(_path(graph, p, names) for p in Collection(graph, path))
    for predicate, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                                (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            text = _path(graph, inner, names)
            return template.format(text if isinstance(inner, URIRef) else f"({text})")
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path(graph, p, names) for p in Collection(graph, alternatives))
    return _show(path, names)
