"""Validate graphs against shapes, keeping parsed shapes between calls.

Parsing the shapes once per process matters at ingest, where every article's
graph is validated on its own before it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from kg.resources import shapes_path


@dataclass(frozen=True)
class Finding:
    """One validation result, in plain terms."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str | None
    value: str | None
    shape: str
    message: str


@dataclass(frozen=True)
class ValidationOutcome:
    """Whether a graph conforms, and every finding."""

    conforms: bool
    findings: list[Finding] = field(default_factory=list)
    report: Graph | None = None

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def summary(self, limit: int = 5) -> str:
        """A short human-readable list of the first violations."""
        lines = [f"{f.focus}: {f.message}" + (f" (value {f.value})" if f.value else "") for f in self.violations[:limit]]
        more = len(self.violations) - limit
        return "; ".join(lines) + (f"; and {more} more" if more > 0 else "")


def _text(node: object) -> str | None:
    return None if node is None else str(node)


class Validator:
    """A shapes graph, parsed once, that validates data graphs."""

    def __init__(self, shapes: Path | Graph | None = None) -> None:
        if isinstance(shapes, Graph):
            self.shapes = shapes
        else:
            self.shapes = Graph().parse(shapes or shapes_path(), format="turtle")

    def validate(self, data: Graph) -> ValidationOutcome:
        """Validate ``data``; conforms is False only when a Violation is found."""
        _, report, _ = validate(data, shacl_graph=self.shapes, inference="none", advanced=True,
                                allow_warnings=True)
        findings = []
        for result in report.subjects(SH.resultSeverity, None):
            sev = report.value(result, SH.resultSeverity)
            findings.append(Finding(
                severity=str(sev).rsplit("#", 1)[-1],
                focus=_text(report.value(result, SH.focusNode)) or "",
                path=_text(report.value(result, SH.resultPath)),
                value=_text(report.value(result, SH.value)),
                shape=_text(report.value(result, SH.sourceShape)) or "",
                message=_text(report.value(result, SH.resultMessage)) or "constraint not met",
            ))
        findings.sort(key=lambda f: (f.severity != "Violation", f.focus, f.shape))
        conforms = not any(f.severity == "Violation" for f in findings)
        return ValidationOutcome(conforms=conforms, findings=findings, report=report)
