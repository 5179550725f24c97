"""The W3C SPARQL 1.1 query-evaluation tests, run through the HTTP endpoint.

Every ``mf:QueryEvaluationTest`` and ``mf:CSVResultFormatTest`` of the categories
in ``../shared/conformance/sparql11`` runs against one live server, as a client
would: the test's data is written with a SPARQL update (with the bearer token),
the query is sent over HTTP asking for the format of the expected results
(``.srx`` XML, ``.srj`` JSON, ``.tsv``, ``.csv``, or N-Triples for graphs), and the
answer is parsed and compared with the expected results: as multisets (sets for
graphs) up to a renaming of blank nodes, and in order when the query ends with
ORDER BY.

The test's default graph is stored as a named graph and named by the protocol's
``default-graph-uri`` (with ``named-graph-uri`` for its named graphs), since this
server's own default graph is the union of all graphs; a query with its own
``FROM`` gets no protocol dataset, as the protocol requires. Queries get the base
IRI of their file, as the manifests assume (``BASE`` is prepended).

Known failures, with the reason for each, are in ``sparql_conformance_known_failures.toml``
next to this file; a new failure, or a known one that passes, fails the test so
the list stays true. Skipped when ``../shared`` is absent.
"""

from __future__ import annotations

import csv
import io
import json
import time
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from api.guard import has_keyword, tokens
from tests.conftest import LiveServer, serve

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "sparql11" / "sparql" / "sparql11"
KNOWN_FAILURES = Path(__file__).with_name("sparql_conformance_known_failures.toml")
FLOOR = 0.95
TOKEN = "conformance-token"
DEFAULT_GRAPH = "urn:x-newskg-test:default-graph"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
EVALUATION_TYPES = (MF.QueryEvaluationTest, MF.CSVResultFormatTest)
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
INTEGER_TYPES = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                 "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
                 "unsignedByte"}
SRX = "{http://www.w3.org/2005/sparql-results#}"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}
# Expected results in RDF are a graph, or a result set in the rs: vocabulary: either answer is fine.
RDF_ACCEPT = "application/n-triples, application/sparql-results+json;q=0.9"
ACCEPT = {".srx": "application/sparql-results+xml", ".srj": "application/sparql-results+json",
          ".tsv": "text/tab-separated-values", ".csv": "text/csv", **dict.fromkeys(RDF_FORMATS, RDF_ACCEPT)}
SUFFIX_OF = {"application/sparql-results+xml": ".srx", "application/sparql-results+json": ".srj",
             "text/tab-separated-values": ".tsv", "text/csv": ".csv", "application/n-triples": ".nt"}

Term = tuple  # ("uri", iri) | ("bnode", label) | ("literal", value, datatype, lang) | ("csv", text)
Row = tuple  # terms (None when unbound), in the order of the sorted variable names; or a triple


@dataclass(frozen=True)
class Case:
    category: str
    name: str
    query: Path
    data: tuple[Path, ...]
    graph_data: tuple[Path, ...]
    result: Path


@dataclass(frozen=True)
class Answer:
    """Parsed results: a boolean (ASK), variables and rows (SELECT), or triples (a graph)."""

    boolean: bool | None = None
    variables: frozenset[str] = frozenset()
    rows: tuple[Row, ...] = ()


# -- the manifests -------------------------------------------------------------------------------------------

def _path(node: URIRef) -> Path:
    return Path(str(node).removeprefix("file://"))


def load_cases() -> list[Case]:
    cases = []
    for manifest in sorted(SUITE.glob("*/manifest.ttl")):
        g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        head = next(g.subjects(RDF.type, MF.Manifest))
        entries = g.value(head, MF.entries)
        for entry in Collection(g, entries) if entries is not None else ():
            if g.value(entry, RDF.type) not in EVALUATION_TYPES:
                continue
            action = g.value(entry, MF.action)
            cases.append(Case(
                category=manifest.parent.name,
                name=str(entry).rsplit("#", 1)[-1],
                query=_path(g.value(action, QT.query)),
                data=tuple(sorted(_path(d) for d in g.objects(action, QT.data))),
                graph_data=tuple(sorted(_path(d) for d in g.objects(action, QT.graphData))),
                result=_path(g.value(entry, MF.result)),
            ))
    return cases


# -- terms and result formats --------------------------------------------------------------------------------

def literal(value: str, datatype: str | None, lang: str | None) -> Term:
    """Simple literals and xsd:string are one thing (RDF 1.1); language tags are case-insensitive.

    Numbers and booleans compare by value: the store keeps literals in canonical form
    (Oxigraph), so ``"1.0"^^xsd:decimal`` in a test's data comes back as ``"1"^^xsd:decimal``.
    """
    if lang:
        return ("literal", value, None, lang.lower())
    if datatype in (None, XSD_STRING):
        return ("literal", value, None, None)
    return ("literal", _canonical(value, datatype), datatype, None)


def _canonical(value: str, datatype: str) -> object:
    """The value of a well-formed number or boolean; any other lexical form as it is."""
    kind = datatype.removeprefix(XSD)
    try:
        if kind in INTEGER_TYPES:
            return int(value)
        if kind == "decimal" and "e" not in value.lower():
            return Decimal(value).normalize()
        if kind in ("double", "float") and value.strip() not in ("", "+", "-"):
            number = float(value.replace("INF", "inf"))
            return number if number == number else "NaN"  # NaN equals nothing, itself included
    except (ValueError, ArithmeticError):
        return value
    if kind == "boolean" and value in ("true", "false", "1", "0"):
        return value in ("true", "1")
    return value


def ox_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    return literal(term.value, term.datatype.value, term.language)


def parse_srx(data: bytes) -> Answer:
    root = ET.fromstring(data)
    boolean = root.find(f"{SRX}boolean")
    if boolean is not None:
        return Answer(boolean=boolean.text.strip() == "true")
    variables = [v.get("name") for v in root.iter(f"{SRX}variable")]
    rows = []
    for result in root.iter(f"{SRX}result"):
        row: dict[str, Term] = {}
        for binding in result.findall(f"{SRX}binding"):
            term = binding[0]
            kind = term.tag.removeprefix(SRX)
            row[binding.get("name")] = (
                ("uri", term.text or "") if kind == "uri" else ("bnode", term.text or "") if kind == "bnode"
                else literal(term.text or "", term.get("datatype"),
                             term.get("{http://www.w3.org/XML/1998/namespace}lang")))
        rows.append(row)
    return _answer(variables, rows)


def parse_srj(data: bytes) -> Answer:
    doc = json.loads(data)
    if "boolean" in doc:
        return Answer(boolean=doc["boolean"])
    rows = [{name: ("uri", t["value"]) if t["type"] == "uri" else ("bnode", t["value"]) if t["type"] == "bnode"
             else literal(t["value"], t.get("datatype"), t.get("xml:lang"))
             for name, t in binding.items()} for binding in doc["results"]["bindings"]]
    return _answer(doc["head"].get("vars", []), rows)


def parse_tsv(data: bytes) -> Answer:
    lines = data.decode("utf-8").rstrip("\n").split("\n")
    variables = [v.strip().removeprefix("?") for v in lines[0].split("\t")]
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        rows.append({v: _tsv_term(c) for v, c in zip(variables, cells, strict=False) if c.strip()})
    return _answer(variables, rows)


def _tsv_term(cell: str) -> Term:
    """A TSV cell is a term in Turtle syntax: parse it as the object of a triple."""
    triple = next(iter(ox.parse(f"<urn:s> <urn:p> {cell.strip()} .".encode(), format=ox.RdfFormat.TURTLE)))
    if isinstance(triple.object, ox.BlankNode):
        return ("bnode", cell.strip().removeprefix("_:"))
    return ox_term(triple.object)


def parse_csv(data: bytes) -> Answer:
    """CSV keeps only lexical forms; blank nodes are the cells that start with ``_:``."""
    records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    variables = records[0]
    rows = [{v: ("bnode", c[2:]) if c.startswith("_:") else ("csv", c) for v, c in zip(variables, r, strict=False) if c}
            for r in records[1:]]
    return _answer(variables, rows)


def parse_rdf(data: bytes, fmt: ox.RdfFormat, base: str | None = None) -> Answer:
    """A graph (its set of triples), or the result set it encodes in the rs: vocabulary."""
    quads = list(ox.parse(data, format=fmt, base_iri=base))
    result_set = next((q.subject for q in quads
                       if q.predicate.value == RDF_TYPE and q.object.value == RS + "ResultSet"), None)
    if result_set is None:
        return Answer(rows=tuple({tuple(ox_term(t) for t in (q.subject, q.predicate, q.object)) for q in quads}))
    properties: dict[object, list[tuple[str, object]]] = defaultdict(list)
    for q in quads:
        properties[q.subject].append((q.predicate.value, q.object))

    def values(node: object, name: str) -> list:
        return [o for p, o in properties[node] if p == RS + name]

    if values(result_set, "boolean"):
        return Answer(boolean=values(result_set, "boolean")[0].value == "true")
    rows = [{values(b, "variable")[0].value: ox_term(values(b, "value")[0]) for b in values(solution, "binding")}
            for solution in values(result_set, "solution")]
    return _answer([v.value for v in values(result_set, "resultVariable")], rows)


def _answer(variables: list[str], rows: list[dict[str, Term]]) -> Answer:
    names = sorted(set(variables))
    return Answer(variables=frozenset(names), rows=tuple(tuple(row.get(n) for n in names) for row in rows))


def parse(data: bytes, suffix: str, base: str | None = None) -> Answer:
    if suffix in RDF_FORMATS:
        return parse_rdf(data, RDF_FORMATS[suffix], base)
    return {".srx": parse_srx, ".srj": parse_srj, ".tsv": parse_tsv, ".csv": parse_csv}[suffix](data)


# -- comparison up to blank-node renaming --------------------------------------------------------------------

def _has_bnode(row: Row) -> bool:
    return any(t is not None and t[0] == "bnode" for t in row)


def _unify(a: Row, b: Row, mapping: dict[str, str], used: set[str]) -> tuple[dict, set] | None:
    """Extend the bijection ``mapping`` so that row ``a`` becomes row ``b``; None when impossible."""
    mapping, used = dict(mapping), set(used)
    for x, y in zip(a, b, strict=False):
        if x is None or y is None or x[0] != "bnode" or y[0] != "bnode":
            if x != y:
                return None
        elif x[1] in mapping:
            if mapping[x[1]] != y[1]:
                return None
        elif y[1] in used:
            return None
        else:
            mapping[x[1]] = y[1]
            used.add(y[1])
    return mapping, used


def _match(a: list[Row], b: list[Row], mapping: dict, used: set) -> bool:
    if not a:
        return True
    first, rest = a[0], a[1:]
    for i, candidate in enumerate(b):
        extended = _unify(first, candidate, mapping, used)
        if extended is not None and _match(rest, b[:i] + b[i + 1:], *extended):
            return True
    return False


def same_rows(expected: tuple[Row, ...], actual: tuple[Row, ...], ordered: bool) -> bool:
    if len(expected) != len(actual):
        return False
    if ordered:
        state: tuple[dict, set] | None = ({}, set())
        for x, y in zip(expected, actual, strict=False):
            state = _unify(x, y, *state)
            if state is None:
                return False
        return True
    if Counter(r for r in expected if not _has_bnode(r)) != Counter(r for r in actual if not _has_bnode(r)):
        return False
    return _match([r for r in expected if _has_bnode(r)], [r for r in actual if _has_bnode(r)], {}, set())


def ends_with_order_by(query: str) -> bool:
    """True when the outermost query is ordered (ORDER BY after the top-level group)."""
    depth, seen = 0, []
    for tok in tokens(query):
        depth += tok.text == "{"
        depth -= tok.text == "}"
        if depth == 0:
            seen.append(tok)
    return any(a.keyword == "ORDER" and b.keyword == "BY" for a, b in zip(seen, seen[1:], strict=False))


# -- running a case through the endpoint ---------------------------------------------------------------------

def _ntriples(path: Path) -> str:
    quads = ox.parse(path.read_bytes(), format=RDF_FORMATS[path.suffix], base_iri=path.as_uri())
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def load(client: httpx.Client, case: Case, own_dataset: bool) -> None:
    """Replace the store's content with the case's data, in one update."""
    graphs = [(p.as_uri(), p) for p in case.graph_data]
    graphs += [(p.as_uri() if own_dataset else DEFAULT_GRAPH, p) for p in case.data]
    blocks = " ".join(f"GRAPH <{name}> {{ {_ntriples(path)} }}" for name, path in graphs)
    update = "DROP ALL" + (f" ; INSERT DATA {{ {blocks} }}" if blocks else "")
    response = client.post("/sparql", content=update.encode(), headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204, response.text


def run(client: httpx.Client, case: Case) -> str | None:
    """None when the endpoint's answer matches the expected results; else what went wrong."""
    text = case.query.read_text(encoding="utf-8")
    own_dataset = has_keyword(tokens(text), "FROM")
    load(client, case, own_dataset)
    params = [] if own_dataset else [("default-graph-uri", DEFAULT_GRAPH),
                                     *[("named-graph-uri", p.as_uri()) for p in case.graph_data]]
    response = client.post("/sparql", params=params, content=f"BASE <{case.query.as_uri()}>\n{text}".encode(),
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": ACCEPT[case.result.suffix]})
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text.strip()[:200]}"
    actual = parse(response.content, SUFFIX_OF[response.headers["content-type"].split(";")[0].strip()])
    expected = parse(case.result.read_bytes(), case.result.suffix, case.result.as_uri())
    if expected.boolean is not None or actual.boolean is not None:
        return None if expected.boolean == actual.boolean else f"ASK: expected {expected.boolean}, got {actual.boolean}"
    if expected.variables != actual.variables:
        return f"variables: expected {sorted(expected.variables)}, got {sorted(actual.variables)}"
    if not same_rows(expected.rows, actual.rows, ends_with_order_by(text)):
        return f"results differ: expected {len(expected.rows)} rows, got {len(actual.rows)}"
    return None


# -- the test ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if not SUITE.is_dir():
        pytest.skip(f"the W3C SPARQL 1.1 test suite is absent ({SUITE}); ../shared is not checked out")
    with serve(tmp_path_factory.mktemp("sparql-conformance") / "store", api_token=TOKEN, query_timeout=10.0) as live:
        yield live


def known_failures() -> dict[str, str]:
    """``category/name`` → the reason it fails."""
    table = tomllib.loads(KNOWN_FAILURES.read_text(encoding="utf-8"))
    return {f"{category}/{name}": reason for category, tests in table.items() for name, reason in tests.items()}


def test_query_evaluation_suite_through_the_endpoint(server: LiveServer, capsys: pytest.CaptureFixture) -> None:
    cases = load_cases()
    assert len(cases) > 200, "the suite's manifests were not found or read"
    started = time.monotonic()
    failures: dict[str, str] = {}
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for case in cases:
            problem = run(client, case)
            per_category[case.category][1] += 1
            if problem is None:
                per_category[case.category][0] += 1
            else:
                failures[f"{case.category}/{case.name}"] = problem
    elapsed = time.monotonic() - started
    passed = sum(p for p, _ in per_category.values())
    with capsys.disabled():
        print(f"\nW3C SPARQL 1.1 query evaluation through the endpoint ({elapsed:.1f} s):")
        for category, (p, n) in sorted(per_category.items()):
            print(f"  {category:20} {p:3}/{n:<3} {p / n:7.1%}")
        print(f"  {'overall':20} {passed:3}/{len(cases):<3} {passed / len(cases):7.1%}")
    known = known_failures()
    unexpected = {k: v for k, v in failures.items() if k not in known}
    fixed = sorted(k for k in known if k not in failures)
    assert not unexpected, "new failures (fix them, or list them with a reason in " \
                           f"{KNOWN_FAILURES.name}):\n" + "\n".join(f"{k}: {v}" for k, v in unexpected.items())
    assert not fixed, f"these now pass; remove them from {KNOWN_FAILURES.name}: {fixed}"
    assert passed / len(cases) >= FLOOR
