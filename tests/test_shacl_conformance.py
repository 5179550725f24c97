"""The W3C SHACL core and SPARQL test suites, run through ``newskg validate``'s entry point.

Each test's data and shapes go through :func:`kg.validation.run.check` (what the
command runs, minus the process). A test passes when an expected failure
raises an input or shapes error, or when the conformance verdict and the
multiset of (focus node, severity, constraint component) of the results match
the expected report. The pass rate is compared with pySHACL's own EARL report.
Skipped when ``../shared/conformance/shacl`` is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.validation.loading import InputError
from kg.validation.run import check
from kg.validation.shacl import ShapesError

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "shacl" / "data-shapes-test-suite"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
EARL = Namespace("http://www.w3.org/ns/earl#")
MARGIN = 0.03  # allowed shortfall against pySHACL's pass rate

pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason=f"W3C SHACL suite not found at {SUITE}")


def _path(iri: URIRef) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


def _tests(manifest: Path) -> list[tuple[str, Graph, URIRef]]:
    """(test id, manifest graph, test node) for every test reachable from ``manifest``."""
    g = Graph().parse(manifest, format="turtle")
    found = []
    for m in g.subjects(RDF.type, MF.Manifest):
        for include in g.objects(m, MF.include):
            found.extend(_tests(_path(include)))
        for entries in g.objects(m, MF.entries):
            for test in Collection(g, entries):
                if (test, RDF.type, SHT.Validate) in g:
                    rel = _path(test).relative_to(SUITE / "tests").as_posix()
                    found.append((f"urn:x-shacl-test:/{rel}", g, test))
    return found


def _local(node) -> str:
    return str(node).rsplit("#", 1)[-1]


def _expected(g: Graph, report) -> tuple[bool, Counter]:
    conforms = g.value(report, SH.conforms).toPython()
    results = Counter(
        (None if isinstance(focus := g.value(r, SH.focusNode), BNode) else str(focus),
         _local(g.value(r, SH.resultSeverity)), _local(g.value(r, SH.sourceConstraintComponent)))
        for r in g.objects(report, SH.result))
    return conforms, results


def run_case(g: Graph, test: URIRef) -> tuple[bool, str]:
    """(passed, why) for one test, run as ``newskg validate DATA --shapes SHAPES`` would."""
    action = g.value(test, MF.action)
    data, shapes = _path(g.value(action, SHT.dataGraph)), _path(g.value(action, SHT.shapesGraph))
    expected = g.value(test, MF.result)
    try:
        result = check([data], shapes)
    except (InputError, ShapesError) as exc:
        return expected == SHT.Failure, f"error: {exc}"
    if expected == SHT.Failure:
        return False, "expected a failure, validation ran"
    conforms, results = _expected(g, expected)
    ours = Counter((None if isinstance(f.focus_node, BNode) else str(f.focus_node), f.severity, f.component)
                   for f in result.findings)
    if (not result.findings) != conforms:
        return False, f"conforms expected {conforms}"
    return ours == results, f"results differ: expected {sorted(results.items(), key=str)}, got {sorted(ours.items(), key=str)}"


def pyshacl_rate() -> tuple[int, int]:
    earl = Graph().parse(SUITE / "reports" / "pyshacl-earl.ttl")
    outcomes = [earl.value(earl.value(a, EARL.result), EARL.outcome) for a in earl.subjects(EARL.test, None)]
    return sum(o == EARL.passed for o in outcomes), len(outcomes)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, tuple[bool, str]]:
    return {test_id: run_case(g, node) for test_id, g, node in _tests(SUITE / "tests" / "manifest.ttl")}


def test_the_suite_is_read_whole(outcomes) -> None:
    _, total = pyshacl_rate()
    assert len(outcomes) >= total - 2, "the manifests list fewer tests than pySHACL's report"


def test_pass_rate_is_close_to_pyshacls(outcomes) -> None:
    passed, total = pyshacl_rate()
    ours = sum(ok for ok, _ in outcomes.values()) / len(outcomes)
    theirs = passed / total
    failing = {k: why for k, (ok, why) in outcomes.items() if not ok}
    print(f"\nnewskg validate: {ours:.1%} of {len(outcomes)}; pySHACL EARL: {theirs:.1%} of {total}")
    for test_id, why in sorted(failing.items()):
        print(f"  FAIL {test_id}: {why}")
    assert ours >= theirs - MARGIN, failing


@pytest.mark.parametrize("area", ["core", "sparql"])
def test_each_suite_mostly_passes(outcomes, area: str) -> None:
    mine = [ok for test_id, (ok, _) in outcomes.items() if test_id.startswith(f"urn:x-shacl-test:/{area}/")]
    assert mine and sum(mine) / len(mine) >= 0.9
