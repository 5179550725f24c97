"""``newskg validate`` as CI uses it: exit codes, located messages, report formats.

The defect fixtures in ``tests/fixtures/validate`` are copies of a conforming
fictional article graph (``article.ttl``) with one thing broken; each must be
caught with exit 1 at the line where its focus node is written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "validate"
QUALITY = FIXTURES / "quality"
SHAPES = ROOT / "shapes"
NEWSKG = Path(sys.executable).with_name("newskg")
runner = CliRunner()

contract = pytest.mark.skipif(not (SHAPES / "newskg.shacl.ttl").is_file(),
                              reason="shapes/newskg.shacl.ttl (the vocabulary contract shapes) is not written yet")

# defect fixture → (focus node as reported, a word the finding's path or message must contain)
DEFECTS = {
    "broken-offset.ttl": ("men:m-90-94", "anchor"),
    "missing-label.ttl": ("loc:qaim", "label"),
    "malformed-date.ttl": ("event:2019-03-12-attack-qaim", "date"),
    "untyped-date.ttl": ("event:2019-03-12-attack-qaim", "date"),
    "no-quote.ttl": ("stmt:dana-whitfield-depot", "quote"),
    "event-after-article.ttl": ("event:2019-03-12-attack-qaim", "date"),
}
DONE_WHEN = ["broken-offset.ttl", "missing-label.ttl", "malformed-date.ttl", "no-quote.ttl", "event-after-article.ttl"]


def run(*args: str | Path):
    return runner.invoke(app, ["validate", *map(str, args)])


def subject_line(path: Path, node: str) -> int:
    """The line where ``node`` starts a statement: what the validator must report."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(node + " "):
            return number
    raise AssertionError(f"{node} is never a subject in {path}")


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


@contract
def test_the_conforming_article_passes() -> None:
    result = run(FIXTURES / "article.ttl")
    assert result.exit_code == 0, result.stdout
    assert "1 file conforms: 0 violations, 0 warnings" in result.stdout


@contract
@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_a_defect_fails_at_the_line_of_its_focus_node(name: str) -> None:
    focus, word = DEFECTS[name]
    path = FIXTURES / name
    result = run(path, "--format", "json")
    assert result.exit_code == 1, result.stdout
    violations = [f for f in findings(result) if f["severity"] == "Violation"]
    assert violations, result.stdout
    # The defective node is the focus, or (for a check run once per article) the value.
    hit = [f for f in violations if focus in (f["focus"], f["value"])]
    assert hit, f"no violation on {focus}: {violations}"
    assert {f["line"] for f in hit} == {subject_line(path, focus)}
    assert all(f["file"] == str(path) for f in hit)
    assert any(word in f"{f['path']} {f['value']} {f['message']}".lower() for f in hit), hit


@contract
def test_the_text_report_names_file_line_focus_shape_and_message() -> None:
    path = FIXTURES / "missing-label.ttl"
    result = run(path)
    line = subject_line(path, "loc:qaim")
    [message] = [m for m in result.stdout.splitlines() if m.startswith(f"{path}:{line}: violation: loc:qaim")]
    assert "path rdfs:label" in message and re.search(r"\[\S+\]$", message)


@contract
@pytest.mark.parametrize("name", DONE_WHEN)
def test_junit_has_one_failure_per_defect(name: str) -> None:
    """Each defect file alone (they share nodes, so together they would also clash with each other)."""
    path = FIXTURES / name
    focus, _ = DEFECTS[name]
    result = run(path, "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    [suite] = root.iter("testsuite")
    assert suite.get("name") == str(path)
    [failure] = suite.findall("testcase/failure")
    assert f"{path}:{subject_line(path, focus)}: " in failure.text and focus in failure.text
    assert root.get("failures") == "1" and int(root.get("tests")) > 1


@contract
def test_junit_has_a_suite_per_file() -> None:
    files = [FIXTURES / "no-quote.ttl", QUALITY / "Wgs84Shape.ttl"]
    root = ET.fromstring(run(*files, "--format", "junit").stdout)
    failures = {suite.get("name"): len(suite.findall("testcase/failure")) for suite in root.iter("testsuite")}
    assert failures == {str(files[0]): 1, str(files[1]): 2}  # Wgs84Shape: its latitude and longitude shapes


@contract
def test_github_format_annotates_file_and_line() -> None:
    path = FIXTURES / "no-quote.ttl"
    result = run(path, "--format", "github")
    assert result.exit_code == 1
    line = subject_line(path, "stmt:dana-whitfield-depot")
    errors = [m for m in result.stdout.splitlines() if m.startswith("::error ")]
    assert errors and all(m.startswith(f"::error file={path},line=") for m in errors)
    assert any(f",line={line}," in m and "stmt:dana-whitfield-depot" in m for m in errors)


def test_an_unparsable_file_exits_2_with_file_line_and_column() -> None:
    path = FIXTURES / "unparsable.ttl"
    result = run(path, "--shapes", SHAPES / "newskg-quality.shacl.ttl")
    assert result.exit_code == 2
    assert re.match(rf"{re.escape(str(path))}:5:1: \S", result.stderr), result.stderr
    github = run(path, "--shapes", SHAPES / "newskg-quality.shacl.ttl", "--format", "github")
    assert github.stdout.startswith(f"::error file={path},line=5,col=1,")


def test_unusable_shapes_and_missing_files_exit_2(tmp_path: Path) -> None:
    assert run(tmp_path / "absent.ttl", "--shapes", SHAPES / "newskg-quality.shacl.ttl").exit_code == 2
    assert run(FIXTURES / "article.ttl", "--shapes", FIXTURES / "unparsable.ttl").exit_code == 2
    unknown = tmp_path / "data.txt"
    unknown.write_text("<http://e/a> <http://e/b> <http://e/c> .\n")
    assert run(unknown, "--shapes", SHAPES / "newskg-quality.shacl.ttl").exit_code == 2


@contract
def test_warnings_pass_unless_strict() -> None:
    path = FIXTURES / "warning-only.ttl"
    lenient = run(path, "--format", "json")
    assert lenient.exit_code == 0
    document = json.loads(lenient.stdout)
    assert document["counts"] == {"Violation": 0, "Warning": 1, "Info": 0}
    strict = run(path, "--strict", "--format", "junit")
    assert strict.exit_code == 1
    assert ET.fromstring(strict.stdout).get("failures") == "1"


@pytest.mark.parametrize("fixture", sorted(QUALITY.glob("*.ttl")), ids=lambda p: p.stem)
def test_each_quality_shape_flags_bad_nodes_only(fixture: Path) -> None:
    """Each quality fixture is named after its shape; ex:bad* nodes violate it, ex:good* nodes do not."""
    result = run(fixture, "--shapes", SHAPES / "newskg-quality.shacl.ttl", "--format", "json")
    found = findings(result)
    assert found and all(f["shape"].startswith(f"nkgq:{fixture.stem}") for f in found)
    assert all(f["focus"].startswith("ex:bad") for f in found)
    bad = {m for m in re.findall(r"^(ex:bad\w*)", fixture.read_text(), re.M)}
    assert {f["focus"] for f in found} == bad
    assert {f["line"] for f in found} == {subject_line(fixture, node) for node in bad}
    assert result.exit_code == (1 if any(f["severity"] == "Violation" for f in found) else 0)


@pytest.mark.parametrize("fmt,ext", [("nt", "nt"), ("nquads", "nq"), ("trig", "trig"), ("json-ld", "jsonld"),
                                     ("xml", "rdf")])
def test_every_input_format_is_read_and_located(tmp_path: Path, fmt: str, ext: str) -> None:
    source = QUALITY / "Wgs84Shape.ttl"
    data = Dataset() if fmt in ("nquads", "trig") else Graph()
    (data.graph(data.default_graph.identifier) if isinstance(data, Dataset) else data).parse(source)
    if isinstance(data, Dataset):  # put the triples in a named graph: shapes apply to the union
        named = data.graph("http://example.org/graph")
        for triple in data.default_graph:
            named.add(triple)
        data.default_graph.remove((None, None, None))
    path = tmp_path / f"data.{ext}"
    data.serialize(path, format=fmt)
    result = run(path, "--shapes", SHAPES / "newskg-quality.shacl.ttl", "--format", "json")
    assert result.exit_code == 1
    found = findings(result)
    assert {f["focus_iri"] for f in found} == {"http://example.org/badLat", "http://example.org/badLong"}
    assert all(f["file"] == str(path) for f in found)
    lines = path.read_text(encoding="utf-8").splitlines()
    for f in found:  # the reported line names the focus node (in full or prefixed)
        assert f["line"] and f["focus_iri"].rsplit("/", 1)[-1] in lines[f["line"] - 1], (f, lines)


def test_input_format_overrides_the_extension_and_folders_are_searched(tmp_path: Path) -> None:
    copy = tmp_path / "nested" / "graph.data"
    copy.parent.mkdir()
    shutil.copy(QUALITY / "EventBoundsShape.ttl", copy)
    result = run(copy, "--input-format", "turtle", "--shapes", SHAPES / "newskg-quality.shacl.ttl", "--strict")
    assert result.exit_code == 1 and f"{copy}:10: warning: ex:bad" in result.stdout
    shutil.copy(QUALITY / "Wgs84Shape.ttl", tmp_path / "nested" / "more.ttl")
    folder = run(tmp_path, "--shapes", SHAPES / "newskg-quality.shacl.ttl", "--format", "json")
    assert json.loads(folder.stdout)["files"] == [str(tmp_path / "nested" / "more.ttl")]


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Path:
    """The seeds built and exported by the real command line, once for the module."""
    work = tmp_path_factory.mktemp("seedgraph")
    store, out = work / "store", work / "g.ttl"
    for args in (["build", str(ROOT / "seeds"), "--store", str(store)],
                 ["export", "--store", str(store), "--format", "turtle", "-o", str(out)]):
        done = subprocess.run([str(NEWSKG), *args], capture_output=True, text=True, cwd=ROOT, timeout=600)
        assert done.returncode == 0, done.stderr
    return out


@contract
def test_the_seed_graph_conforms(seed_graph: Path) -> None:
    done = subprocess.run([str(NEWSKG), "validate", str(seed_graph)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
