"""Render a validation run in the formats people and CI systems read.

- ``text``: one ``file:line: severity: ...`` line per finding (editors and
  compilers' convention, so terminals and IDEs make them clickable);
- ``json``: every field of every finding, for scripts;
- ``junit``: one test case per input file × shape, a failure carrying the
  messages of that shape's violations in that file (CI test dashboards);
- ``github``: GitHub Actions workflow commands that annotate the diff.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from xml.etree import ElementTree as ET

from kg.validation.loading import InputError
from kg.validation.run import Check
from kg.validation.shacl import Finding
from kg.wording import counted

UNLOCATED = "(input)"


def describe(finding: Finding) -> str:
    """The finding in one sentence: focus node, path, value, message and shape."""
    parts = [finding.focus]
    if finding.path:
        parts.append(f"path {finding.path}")
    if finding.value is not None:
        parts.append(f"value {finding.value}")
    return f"{' '.join(parts)}: {finding.message} [{finding.shape}]"


def where(finding: Finding) -> str:
    if finding.file is None:
        return UNLOCATED
    return f"{finding.file}:{finding.line}" if finding.line else finding.file


def counts(check: Check) -> dict[str, int]:
    tally = {"Violation": 0, "Warning": 0, "Info": 0}
    for f in check.findings:
        tally[f.severity] = tally.get(f.severity, 0) + 1
    return tally


def summary(check: Check) -> str:
    """One closing line: the verdict and the counts."""
    tally = counts(check)
    verdict = "fails" if check.exit_code else "conforms"
    return (f"{counted(len(check.files), 'file')} {verdict if len(check.files) == 1 else verdict[:-1]}: "
            f"{counted(tally['Violation'], 'violation')}, {counted(tally['Warning'], 'warning')}, "
            f"{counted(tally['Info'], 'info')}" + (" (strict)" if check.strict else ""))


def text(check: Check) -> str:
    lines = [f"{where(f)}: {f.severity.lower()}: {describe(f)}" for f in check.findings]
    return "\n".join([*lines, summary(check)]) + "\n"


def as_json(check: Check) -> str:
    fields = ("severity", "file", "line", "focus", "path", "value", "shape", "component", "message")
    document = {
        "conforms": check.exit_code == 0,
        "exit_code": check.exit_code,
        "strict": check.strict,
        "files": check.files,
        "counts": counts(check),
        "findings": [{**{k: getattr(f, k) for k in fields}, "focus_iri": str(f.focus_node or "")}
                     for f in check.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def junit(check: Check) -> str:
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in check.findings:
        by_case[(f.file or UNLOCATED, f.shape)].append(f)
    files = check.files + ([UNLOCATED] if any(f.file is None for f in check.findings) else [])
    root = ET.Element("testsuites", name="newskg validate")
    total_tests = total_failures = 0
    for file in files:
        shapes = sorted({*check.shapes, *(shape for (f, shape) in by_case if f == file)})
        suite = ET.SubElement(root, "testsuite", name=file)
        failures = 0
        for shape in shapes:
            case = ET.SubElement(suite, "testcase", name=shape, classname=file)
            found = by_case.get((file, shape), [])
            failing = [f for f in found if check.fails(f)]
            if failing:
                failures += 1
                failure = ET.SubElement(case, "failure", type=failing[0].component or "SHACL",
                                        message=f"{len(failing)} finding(s) for {shape}")
                failure.text = "\n".join(f"{where(f)}: {describe(f)}" for f in failing)
            passing = [f for f in found if not check.fails(f)]
            if passing:
                ET.SubElement(case, "system-out").text = "\n".join(
                    f"{where(f)}: {f.severity.lower()}: {describe(f)}" for f in passing)
        suite.set("tests", str(len(shapes)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_tests += len(shapes)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "notice"}


def github(check: Check) -> str:
    lines = []
    for f in check.findings:
        level = "error" if check.fails(f) else _GITHUB_LEVEL.get(f.severity, "notice")
        props = [f"file={_escape_property(f.file)}"] if f.file else []
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f'SHACL {f.severity}: {f.shape}')}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(describe(f))}")
    lines.append(summary(check))
    return "\n".join(lines) + "\n"


def github_input_error(error: InputError) -> str:
    """An unusable input as a GitHub annotation, so the broken line is marked too."""
    props = [f"file={_escape_property(error.file)}"]
    if error.line:
        props.append(f"line={error.line}")
    if error.column:
        props.append(f"col={error.column}")
    return f"::error {','.join(props)},title=Unusable RDF::{_escape_data(error.message)}\n"


REPORTERS: dict[str, Callable[[Check], str]] = {"text": text, "json": as_json, "junit": junit, "github": github}
