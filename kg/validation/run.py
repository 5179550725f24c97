"""One validation run over input files: load, validate, locate, decide the exit code.

The ``newskg validate`` command and the W3C conformance tests both call
:func:`check`, so what the tests measure is exactly what users run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.validation.loading import load
from kg.validation.shacl import Finding, ValidationOutcome, Validator

EXIT_CONFORMS, EXIT_VIOLATIONS, EXIT_UNUSABLE = 0, 1, 2
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@dataclass(frozen=True)
class Check:
    """The located findings of one run, and what they mean for the exit code."""

    outcome: ValidationOutcome
    files: list[str]
    shapes: list[str]  # the named, targeted shapes (and their property shapes): JUnit's test cases
    strict: bool = False

    @property
    def findings(self) -> list[Finding]:
        return self.outcome.findings

    def fails(self, finding: Finding) -> bool:
        """Violations fail; warnings fail only when strict; infos never do."""
        return finding.severity == "Violation" or (self.strict and finding.severity == "Warning")

    @property
    def exit_code(self) -> int:
        return EXIT_VIOLATIONS if any(self.fails(f) for f in self.findings) else EXIT_CONFORMS


def targeted_shapes(validator: Validator) -> list[str]:
    """Names of shapes that select focus nodes themselves, each followed by its property shapes."""
    shapes = validator.shapes
    roots = {s for t in _TARGETS for s in shapes.subjects(t, None)}
    roots |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, RDF.type, RDFS.Class) in shapes}
    names: list[str] = []
    for root in roots:
        names.append(validator.shape_name(root))
        names.extend(validator.shape_name(p) for p in shapes.objects(root, SH.property))
    return sorted(set(names))


def _defect_node(finding: Finding, data: Graph) -> Node | None:
    """The node whose line a finding points at.

    Usually the focus node. A node-level SPARQL constraint that checks many nodes in
    one query reports each offending node as its value (an article's mention whose
    anchor is wrong): that node is where the defect is written, so point there.
    """
    value = finding.value_node
    if finding.path_node is None and isinstance(value, (URIRef, BNode)) and (value, None, None) in data:
        return value
    return finding.focus_node


def check(paths: Iterable[Path], shapes: Path | Graph | None = None, input_format: str | None = None,
          strict: bool = False, validator: Validator | None = None) -> Check:
    """Validate the RDF in ``paths`` (files or folders) against ``shapes`` (default: newskg's).

    Raises ``InputError`` for unusable data or shapes, ``ShapesError`` when pySHACL rejects the shapes.
    """
    validator = validator or Validator(shapes)
    loaded = load(paths, input_format)
    outcome = validator.validate(loaded.graph)
    located = []
    for finding in outcome.findings:
        node = _defect_node(finding, loaded.graph)
        file, line = (loaded.locate(node, finding.path_node, finding.value_node)
                      if node is not None else (None, None))
        located.append(replace(finding, file=file, line=line))
    located.sort(key=lambda f: (f.file or "", f.line or 0, f.severity, f.shape, f.path or "", f.value or ""))
    return Check(replace(outcome, findings=located), [str(s.path) for s in loaded.sources],
                 targeted_shapes(validator), strict)
