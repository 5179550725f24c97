"""Compile SHACL shapes into SPARQL that finds every violation of a data graph at once.

pySHACL evaluates shapes focus node by focus node, and each SPARQL-based
constraint once per focus node, on rdflib's slow SPARQL engine: seconds per
article. Here each constraint of each targeted shape becomes ONE graph pattern
whose solutions are all its validation results (focus node, value, ...) for the
whole data graph, evaluated by Oxigraph (see :mod:`kg.validation.fast`).

A constraint is compiled to a *violation pattern*: SPARQL text over a focus
variable that has a solution exactly when (and, for value-wise constraints,
for each value for which) the constraint fails. At the top level the pattern is
joined to the shape's targets and its solutions are the results; inside
sh:not / sh:and / sh:or / sh:xone / sh:node it becomes ``NOT EXISTS { ... }``,
a boolean "conforms" test on a value node.

Two checks are left to Python because SPARQL engines disagree with pySHACL on
them (and the results must be pySHACL's): sh:pattern (Python's ``re``, as
pySHACL) and the lexical well-formedness of typed literals for sh:datatype
(rdflib's parsing, as pySHACL). They are only allowed at the top level.

Any shape using a feature this module cannot compile faithfully raises
:class:`Unsupported` while compiling, and the shape is reported as such (never
skipped): :mod:`kg.validation.shacl` hands it to pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from itertools import combinations

from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node, XSDToPython

RDF_TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# the parameters compiled here; any other constraint parameter on a shape makes it unsupported
_HANDLED = {SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH["in"], SH.hasValue, SH.pattern,
            SH.flags, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
            SH.maxExclusive, SH.lessThan, SH.lessThanOrEquals, SH.disjoint, SH.equals, SH["or"], SH["and"],
            SH["not"], SH.xone, SH.node, SH.uniqueLang, SH.languageIn, SH.property, SH.sparql, SH.closed,
            SH.ignoredProperties}
_PARAMETERS = set(ALL_CONSTRAINT_PARAMETERS) | {SH.sparql, SH.expression, SH.rule, SH.target}
# SPARQL that cannot be rewritten from "once per pre-bound $this" to "joined to the targets" without
# changing its meaning (sub-selects and MINUS do not see the outer $this, aggregates would group across
# focus nodes), or that needs the shapes graph
_UNSAFE_SPARQL = re.compile(r"\$shapesGraph|\$currentShape|\?failure\b|\bMINUS\b|\bSERVICE\b|\bGROUP\s+BY\b"
                            r"|\bHAVING\b|\bLIMIT\b|\bOFFSET\b|\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(",
                            re.IGNORECASE)
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_MAX_COUNT_PAIRS = 5  # counts are tested by distinct-value patterns: n values need n(n-1)/2 inequalities


Verdict = Callable[[str | None], bool]  # True: the value (its IRI or lexical form; None: blank node) fails


class Unsupported(Exception):
    """A shape uses a SHACL feature that cannot be compiled faithfully."""


@dataclass(frozen=True)
class Test:
    """One constraint of a check, and how a solution of the check tells that it failed.

    ``flag`` names a boolean variable, false when the constraint fails (None: every solution is a failure);
    ``on_value`` says whether a failure is reported per value node (else once per focus node);
    ``violates`` is Python's further verdict on ``?value`` when the flag is true, given its IRI or lexical
    form (None for a blank node).
    """

    component: URIRef
    flag: str | None = None
    on_value: bool = True
    violates: Verdict | None = None


@dataclass(frozen=True)
class Check:
    """Compiled constraints of one shape, evaluated by one query: ``where`` has a solution per failure.

    Solutions bind ``?this`` (the focus node) and, where the result has one, ``?value`` and ``?path``.
    """

    shape: Node
    severity: URIRef
    messages: tuple[Literal, ...]
    where: str
    variables: tuple[str, ...]
    tests: tuple[Test, ...]
    path: Node | None = None  # the result path when ``?path`` is unbound
    value_is_focus: bool = False  # an unbound ``?value`` means the focus node (SPARQL constraints of node shapes)
    prefixes: tuple[tuple[str, str], ...] = ()
    sparql: SparqlSource | None = None


@dataclass(frozen=True)
class SparqlSource:
    """What a SPARQL-based constraint adds to its results: its own messages and bindings to substitute."""

    messages: tuple[Literal, ...]
    bound: tuple[str, ...]  # the projected variables other than this/path/value, substituted into messages
    projects_this: bool  # pySHACL substitutes {$this} only when the query projects it


@dataclass(frozen=True)
class Plan:
    """The compiled checks, and the targeted shapes that must be validated some other way (with why)."""

    checks: list[Check] = field(default_factory=list)
    unsupported: dict[Node, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Violation:
    """A violation pattern over focus ``f``: text, the variables that tell results apart, the value variable."""

    text: str
    keys: tuple[str, ...] = ()
    value: str | None = None


@dataclass(frozen=True)
class _Joined:
    """A focus-wise condition restated for rows that bind the value variable to each value node (or leave it
    unbound for none) by the shape's path: ``pattern``, joined after that binding, and ``expression``.

    Oxigraph evaluates an EXISTS row by row at several times the cost of a join.
    """

    pattern: str
    expression: str


@dataclass(frozen=True)
class _Condition:
    """A constraint as a boolean expression, true when it holds: on the value variable, or on the focus.

    Conditions of one shape share one query (a query's cost is mostly fixed: few queries, fast validation).
    """

    expression: str
    on_value: bool = True
    violates: Verdict | None = None  # decided in Python where the expression is true
    undecided: str = "true"  # where ``violates`` must be asked (elsewhere the value surely passes it)
    joined: _Joined | None = None  # the cheaper form for a property shape's own check


Constraint = _Violation | _Condition


def compile_shapes(shapes: Graph) -> Plan:
    """Every targeted shape of ``shapes``, compiled, or listed as unsupported."""
    return _Compiler(shapes).plan()


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self._count = 0
        # as pySHACL: rdfs:Class and its direct subclasses make a shape an implicit class target
        self._classes = {RDFS.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
        # parameters of constraint components declared in the shapes graph (SHACL-SPARQL custom components)
        self._custom = {p for component in shapes.subjects(RDF.type, SH.ConstraintComponent)
                        for parameter in shapes.objects(component, SH.parameter)
                        for p in shapes.objects(parameter, SH.path)}

    def plan(self) -> Plan:
        plan = Plan()
        for root in sorted(self._roots(), key=str):
            try:
                plan.checks.extend(self._checks(root, self._targets(root), ()))
            except Unsupported as exc:
                plan.unsupported[root] = str(exc)
        return plan

    # -- shapes, targets, value nodes -----------------------------------------------------------------

    def _roots(self) -> set[Node]:
        """Shapes with targets, and shapes that are also classes (implicit class targets)."""
        targeted = {s for t in (*_TARGETS, SH.target) for s in self.g.subjects(t, None)}
        shapes = {s for t in (SH.NodeShape, SH.PropertyShape) for s in self.g.subjects(RDF.type, t)}
        return targeted | {s for s in shapes if self._is_class(s)}

    def _targets(self, shape: Node) -> str:
        """A pattern binding ``?this`` to each focus node of ``shape`` once."""
        if (shape, SH.target, None) in self.g:
            raise Unsupported("SPARQL-based targets (sh:target)")
        branches = [f"?this {RDF_TYPE_PATH} {_sparql(c)} ." for c in self.g.objects(shape, SH.targetClass)]
        if self._is_class(shape):
            branches.append(f"?this {RDF_TYPE_PATH} {_sparql(shape)} .")
        branches += [f"VALUES ?this {{ {_sparql(n)} }}" for n in self.g.objects(shape, SH.targetNode)]
        branches += [f"?this {_sparql(p)} [] ." for p in self.g.objects(shape, SH.targetSubjectsOf)]
        branches += [f"[] {_sparql(p)} ?this ." for p in self.g.objects(shape, SH.targetObjectsOf)]
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {b} }}" for b in branches) + " } }"

    def _is_class(self, shape: Node) -> bool:
        return any(t in self._classes for t in self.g.objects(shape, RDF.type))

    def _var(self) -> str:
        self._count += 1
        return f"?_v{self._count}"

    def _path(self, shape: Node) -> Node | None:
        return self.g.value(shape, SH.path)

    def _bind_values(self, shape: Node, f: str, v: str) -> str:
        """A pattern binding ``v`` to each value node of ``shape`` for focus ``f``."""
        path = self._path(shape)
        return f"{f} {self._sparql_path(path)} {v} ." if path is not None else f"BIND ({f} AS {v})"

    def _has_value(self, shape: Node, f: str, v: str) -> str:
        """A pattern that holds when the bound ``v`` is a value node of ``shape`` for focus ``f``."""
        path = self._path(shape)
        return f"{f} {self._sparql_path(path)} {v} ." if path is not None else f"FILTER (sameTerm({f}, {v}))"

    def _sparql_path(self, path: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        if isinstance(path, URIRef):
            return _sparql(path)
        if (path, RDF.first, None) in self.g:
            return "(" + "/".join(self._sparql_path(p) for p in Collection(self.g, path)) + ")"
        alternatives = self.g.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self._sparql_path(p) for p in Collection(self.g, alternatives)) + ")"
        for predicate, template in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
                                    (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
            inner = self.g.value(path, predicate)
            if inner is not None:
                return template.format(self._sparql_path(inner))
        raise Unsupported(f"property path {path!r}")

    # -- shapes to checks -------------------------------------------------------------------------------

    def _checks(self, shape: Node, focus: str, stack: tuple[Node, ...]) -> list[Check]:
        """The checks of ``shape`` and of its property shapes, for the focus nodes bound by ``focus``."""
        if shape in stack:
            raise Unsupported("recursive shapes")
        if self._deactivated(shape):
            return []
        self._require_known_parameters(shape)
        self._count = 0  # each check is its own sub-select: reusing names keeps a batch's variables few
        severity = self.g.value(shape, SH.severity) or SH.Violation
        messages = tuple(m for m in self.g.objects(shape, SH.message) if isinstance(m, Literal))
        path = self._path(shape)
        checks, conditions = [], []
        for component, constraint in self._violations(shape, "?this", "?value"):
            if isinstance(constraint, _Condition):
                conditions.append((component, constraint))
                continue
            keys = ("?this", *((constraint.value,) if constraint.value else ()), *constraint.keys)
            checks.append(Check(shape, severity, messages, f"{focus} {constraint.text}", tuple(k[1:] for k in keys),
                                (Test(component),), path))
        if conditions:
            checks.append(self._merged(shape, focus, conditions, severity, messages))
        checks += [self._sparql_check(shape, c, focus, severity, messages) for c in self.g.objects(shape, SH.sparql)
                   if not self._deactivated(c)]
        child_focus = focus if path is None else (
            f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS ?_parent) WHERE {{ {focus} }} }} "
            f"?_parent {self._sparql_path(path)} ?this . }} }}")
        for child in self.g.objects(shape, SH.property):
            checks += self._checks(child, child_focus, (*stack, shape))
        return checks

    def _merged(self, shape: Node, focus: str, conditions: list[tuple[URIRef, _Condition]], severity: URIRef,
                messages: tuple[Literal, ...]) -> Check:
        """One check for all conditions of a shape: a solution per value node (or focus node) failing any."""
        path = self._path(shape)
        joined = [c.joined if path is not None else None for _, c in conditions]
        bound = any(c.on_value for _, c in conditions) or any(joined)
        values = self._bind_values(shape, "?this", "?value")
        if bound and path is not None:
            values = f"OPTIONAL {{ {values} }}"
        joins, binds, tests = [], [], []
        for i, ((component, condition), join) in enumerate(zip(conditions, joined, strict=False)):
            expression = f"COALESCE({condition.expression}, false)"
            if join is not None:
                joins.append(join.pattern)
                expression = join.expression
            elif condition.on_value:
                expression = f"IF(BOUND(?value), {expression}, true)"
            binds.append(f"BIND ({expression} AS ?_c{i})")
            tests.append(Test(component, f"_c{i}", condition.on_value, condition.violates))
        failing = [f"!?_c{i}" for i in range(len(conditions))]
        failing += dict.fromkeys(f"(BOUND(?value) && {c.undecided})" for _, c in conditions if c.violates)
        where = f"{focus} {values if bound else ''} {' '.join(joins)} {' '.join(binds)} " \
                f"FILTER ({' || '.join(failing)})"
        return Check(shape, severity, messages, where, ("this", "value", *(t.flag for t in tests)), tuple(tests),
                     self._path(shape))

    def _deactivated(self, node: Node) -> bool:
        flag = self.g.value(node, SH.deactivated)
        return isinstance(flag, Literal) and flag.value is True

    def _require_known_parameters(self, shape: Node) -> None:
        unknown = {p for p in self.g.predicates(shape, None)
                   if (p in _PARAMETERS and p not in _HANDLED) or p in self._custom}
        if unknown:
            raise Unsupported("unsupported parameters " + ", ".join(sorted(str(p) for p in unknown)))
        if (shape, SH.qualifiedValueShape, None) in self.g:
            raise Unsupported("sh:qualifiedValueShape")

    def _conforms(self, shape: Node, x: str, stack: tuple[Node, ...]) -> str:
        """A SPARQL expression: the node bound to ``x`` conforms to ``shape`` (used inside logical constraints)."""
        if shape in stack:
            raise Unsupported("recursive shapes")
        if self._deactivated(shape):
            return "true"
        self._require_known_parameters(shape)
        if (shape, SH.sparql, None) in self.g:
            raise Unsupported("SPARQL-based constraints inside sh:node or logical constraints")
        tests = []
        v = self._var()
        for _, constraint in self._violations(shape, x, v, (*stack, shape)):
            if isinstance(constraint, _Violation):
                tests.append(f"NOT EXISTS {{ {constraint.text} }}")
            elif constraint.violates is not None:
                raise Unsupported("sh:pattern or sh:datatype (checked in Python) inside sh:node or logical constraints")
            elif constraint.on_value:
                tests.append(f"NOT EXISTS {{ {self._bind_values(shape, x, v)} FILTER (!({constraint.expression})) }}")
            else:
                tests.append(f"({constraint.expression})")
        path = self._path(shape)
        for child in self.g.objects(shape, SH.property):
            if path is None:
                tests.append(self._conforms(child, x, (*stack, shape)))
            else:
                v = self._var()
                tests.append(f"NOT EXISTS {{ {x} {self._sparql_path(path)} {v} . "
                             f"FILTER (!({self._conforms(child, v, (*stack, shape))})) }}")
        return "(" + " && ".join(tests) + ")" if tests else "true"

    # -- constraint components ------------------------------------------------------------------------

    def _violations(self, shape: Node, f: str, v: str,
                    stack: tuple[Node, ...] = ()) -> list[tuple[URIRef, Constraint]]:
        """(component, constraint over focus ``f`` with value variable ``v``) for each constraint of ``shape``."""
        g, found = self.g, []

        def value_wise(component: str, condition: str, violates: Verdict | None = None,
                       undecided: str = "true") -> None:
            found.append((SH[component], _Condition(condition, violates=violates, undecided=undecided)))

        for cls in g.objects(shape, SH["class"]):
            value_wise("ClassConstraintComponent", f"EXISTS {{ {v} {RDF_TYPE_PATH} {_sparql(cls)} }}")
        for datatype in g.objects(shape, SH.datatype):
            value_wise("DatatypeConstraintComponent", _datatype(v, datatype), _ill_formed(datatype),
                       _undecided(v, datatype))
        for kind in g.objects(shape, SH.nodeKind):
            value_wise("NodeKindConstraintComponent", _NODE_KINDS.get(kind, "false").format(v=v))
        for components, op in (("Min", ">="), ("Max", "<=")):
            for bound in g.objects(shape, SH[components.lower() + "Inclusive"]):
                value_wise(f"{components}InclusiveConstraintComponent", _compare(v, op, _sparql(bound)))
            for bound in g.objects(shape, SH[components.lower() + "Exclusive"]):
                value_wise(f"{components}ExclusiveConstraintComponent", _compare(v, op[0], _sparql(bound)))
        for length in g.objects(shape, SH.minLength):
            value_wise("MinLengthConstraintComponent", f"!isBlank({v}) && STRLEN(STR({v})) >= {int(length)}")
        for length in g.objects(shape, SH.maxLength):
            value_wise("MaxLengthConstraintComponent", f"!isBlank({v}) && STRLEN(STR({v})) <= {int(length)}")
        for members in g.objects(shape, SH["in"]):
            value_wise("InConstraintComponent", _member_of(v, list(Collection(g, members))))
        for languages in g.objects(shape, SH.languageIn):
            value_wise("LanguageInConstraintComponent", _language_in(v, [str(t) for t in Collection(g, languages)]))
        for pattern in g.objects(shape, SH.pattern):
            value_wise("PatternConstraintComponent", "true", _pattern_test(str(pattern), g.value(shape, SH.flags)))
        for count in g.objects(shape, SH.minCount):
            found.append((SH.MinCountConstraintComponent, _Condition(
                f"EXISTS {{ {self._distinct_values(shape, f, int(count))} }}", on_value=False,
                joined=_Joined("", f"BOUND({v})") if int(count) == 1 else None)))
        for count in g.objects(shape, SH.maxCount):
            found.append((SH.MaxCountConstraintComponent, _Condition(
                f"NOT EXISTS {{ {self._distinct_values(shape, f, int(count) + 1)} }}", on_value=False,
                joined=self._at_most_one(shape, f, v) if int(count) == 1 else None)))
        for value in g.objects(shape, SH.hasValue):
            found.append((SH.HasValueConstraintComponent,
                          _Condition(f"EXISTS {{ {self._has_value(shape, f, _sparql(value))} }}", on_value=False)))
        for unique in g.objects(shape, SH.uniqueLang):
            if isinstance(unique, Literal) and unique.value is True:
                found.append((SH.UniqueLangConstraintComponent, self._unique_lang(shape, f)))
        found += self._pair_violations(shape, f, v)
        found += self._logical_violations(shape, f, v, stack)  # stack is () for a targeted shape
        if (shape, SH.closed, Literal(True)) in g:
            found.append((SH.ClosedConstraintComponent, self._closed(shape, f, v)))
        return found

    def _distinct_values(self, shape: Node, f: str, n: int) -> str:
        """A pattern with a solution when ``f`` has at least ``n`` distinct value nodes."""
        if self._path(shape) is None or n > _MAX_COUNT_PAIRS:
            raise Unsupported("sh:minCount/sh:maxCount on a node shape or above " + str(_MAX_COUNT_PAIRS))
        values = [self._var() for _ in range(n)]
        different = " && ".join(f"!sameTerm({a}, {b})" for a, b in combinations(values, 2))
        binds = " ".join(self._bind_values(shape, f, x) for x in values)
        return binds + (f" FILTER ({different})" if different else "")

    def _at_most_one(self, shape: Node, f: str, v: str) -> _Joined:
        """sh:maxCount 1 where ``v`` is bound to each value: no other value joins."""
        w = self._var()
        return _Joined(f"OPTIONAL {{ {self._bind_values(shape, f, w)} FILTER (!sameTerm({w}, {v})) }}", f"!BOUND({w})")

    def _unique_lang(self, shape: Node, f: str) -> _Violation:
        a, b, lang = self._var(), self._var(), self._var()
        return _Violation(f"{self._bind_values(shape, f, a)} {self._bind_values(shape, f, b)} "
                          f"FILTER (!sameTerm({a}, {b}) && LANG({a}) != \"\" && LCASE(LANG({a})) = LCASE(LANG({b}))) "
                          f"BIND (LCASE(LANG({a})) AS {lang})", keys=(lang,))

    def _pair_violations(self, shape: Node, f: str, v: str) -> list[tuple[URIRef, Constraint]]:
        found: list[tuple[URIRef, Constraint]] = []
        for other in self.g.objects(shape, SH.equals):
            p = _sparql(other)
            # two patterns, not a UNION: a UNION branch would not see the focus bound before it
            found.append((SH.EqualsConstraintComponent, _Violation(
                f"{self._bind_values(shape, f, v)} FILTER NOT EXISTS {{ {f} {p} {v} }}", value=v)))
            found.append((SH.EqualsConstraintComponent, _Violation(
                f"{f} {p} {v} . FILTER NOT EXISTS {{ {self._has_value(shape, f, v)} }}", value=v)))
        for other in self.g.objects(shape, SH.disjoint):
            found.append((SH.DisjointConstraintComponent,
                          _Violation(f"{self._bind_values(shape, f, v)} {f} {_sparql(other)} {v} .", value=v)))
        for predicate, component, op in ((SH.lessThan, SH.LessThanConstraintComponent, "<"),
                                         (SH.lessThanOrEquals, SH.LessThanOrEqualsConstraintComponent, "<=")):
            for other in self.g.objects(shape, predicate):
                w = self._var()
                found.append((component, _Violation(
                    f"{self._bind_values(shape, f, v)} {f} {_sparql(other)} {w} . FILTER (!({_ordered(v, op, w)}))",
                    keys=(w,), value=v)))
        return found

    def _logical_violations(self, shape: Node, f: str, v: str,
                            stack: tuple[Node, ...]) -> list[tuple[URIRef, Constraint]]:
        found: list[tuple[URIRef, Constraint]] = []
        g, inner = self.g, (*stack, shape)

        def value_wise(component: URIRef, condition: str) -> None:
            found.append((component, _Condition(condition)))

        for other in g.objects(shape, SH["not"]):
            value_wise(SH.NotConstraintComponent, f"!{self._conforms(other, v, inner)}")
        for other in g.objects(shape, SH.node):
            if not stack:
                raise Unsupported("sh:node of a targeted shape (pySHACL details its results with the nested ones)")
            value_wise(SH.NodeConstraintComponent, self._conforms(other, v, inner))
        for members in g.objects(shape, SH["and"]):
            value_wise(SH.AndConstraintComponent,
                       " && ".join(self._conforms(m, v, inner) for m in Collection(g, members)) or "true")
        for members in g.objects(shape, SH["or"]):
            value_wise(SH.OrConstraintComponent,
                       " || ".join(self._conforms(m, v, inner) for m in Collection(g, members)) or "false")
        for members in g.objects(shape, SH.xone):
            ones = " + ".join(f"IF({self._conforms(m, v, inner)}, 1, 0)" for m in Collection(g, members)) or "0"
            value_wise(SH.XoneConstraintComponent, f"({ones}) = 1")
        return found

    def _closed(self, shape: Node, f: str, v: str) -> _Violation:
        if self._path(shape) is not None:
            raise Unsupported("sh:closed on a property shape")
        allowed = [p for child in self.g.objects(shape, SH.property)
                   if isinstance(p := self._path(child), URIRef)]
        for ignored in self.g.objects(shape, SH.ignoredProperties):
            allowed += list(Collection(self.g, ignored))
        if f != "?this":
            raise Unsupported("sh:closed inside sh:node or logical constraints")
        condition = " || ".join(f"sameTerm(?path, {_sparql(p)})" for p in allowed) or "false"
        return _Violation(f"{f} ?path {v} . FILTER (!({condition}))", keys=("?path",), value=v)

    # -- SPARQL-based constraints ---------------------------------------------------------------------

    def _sparql_check(self, shape: Node, constraint: Node, focus: str, severity: URIRef,
                      messages: tuple[Literal, ...]) -> Check:
        select = self.g.value(constraint, SH.select)
        if not isinstance(select, Literal) or self.g.value(constraint, SH.ask) is not None:
            raise Unsupported("a SPARQL constraint without one sh:select")
        text = str(select)
        if _UNSAFE_SPARQL.search(text) or len(re.findall(r"\bSELECT\b", text, re.IGNORECASE)) != 1:
            raise Unsupported("a SPARQL query that is not equivalent when joined to its targets")
        path = self._path(shape)
        if "$PATH" in text:
            if path is None:
                raise Unsupported("$PATH in a node shape's query")
            text = text.replace("$PATH", self._sparql_path(path))
        query = _SelectQuery.parse(text)
        constraint_messages = tuple(m for m in self.g.objects(constraint, SH.message) if isinstance(m, Literal))
        return Check(shape, severity, messages, query.joined(focus), tuple(dict.fromkeys(["this", *query.variables])),
                     (Test(SH.SPARQLConstraintComponent),), path, value_is_focus=path is None,
                     prefixes=tuple(sorted({**self._prefixes(constraint), **query.prefixes}.items())),
                     sparql=SparqlSource(constraint_messages,
                                         tuple(x for x in query.variables if x not in ("this", "path", "value")),
                                         "this" in query.variables))

    def _prefixes(self, constraint: Node) -> dict[str, str]:
        found = {}
        for source in self.g.objects(constraint, SH.prefixes):
            for declaration in self.g.objects(source, SH.declare):
                prefix, namespace = self.g.value(declaration, SH.prefix), self.g.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    found[str(prefix)] = str(namespace)
        return found


@dataclass(frozen=True)
class _SelectQuery:
    """A constraint's SELECT query, cut where the target pattern is joined in (its first group)."""

    head: str  # from SELECT to the opening brace of the WHERE clause, projecting ?this
    body: str  # the rest of the query after that brace
    variables: tuple[str, ...]  # the variables the query projects, as the user wrote it
    prefixes: dict[str, str]  # PREFIX declarations written in the query itself

    @classmethod
    def parse(cls, text: str) -> _SelectQuery:
        prefixes = dict(_PREFIX.findall(text))
        head, _, body = _PREFIX.sub("", text).partition("{")
        select = re.search(r"\bSELECT\b(\s+(DISTINCT|REDUCED)\b)?", head, re.IGNORECASE)
        if select is None or re.search(r"\b(BASE)\b", head[:select.start()], re.IGNORECASE):
            raise Unsupported("a SPARQL query that is not a plain SELECT")
        projection = re.split(r"\bWHERE\b", head[select.end():], flags=re.IGNORECASE)[0]
        if projection.strip() == "*":
            variables = _VARIABLE.findall(body)
        else:  # `(expression AS ?x)` projects only ?x
            variables = re.findall(r"\bAS\s+[?$](\w+)", projection, re.IGNORECASE)
            variables += _VARIABLE.findall(re.sub(r"\([^()]*(\([^()]*\)[^()]*)*\)", " ", projection))
            if "this" not in variables:
                head = head[:select.end()] + " ?this" + head[select.end():]
        return cls(head, body, tuple(dict.fromkeys(variables)), prefixes)

    def joined(self, focus: str) -> str:
        """The query as a group pattern, with ``focus`` (binding ?this) first in its WHERE clause."""
        return f"{{ {self.head}{{ {focus} {self.body} }}"


_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^>]*)>", re.IGNORECASE)
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})", SH.IRIOrLiteral: "!isBlank({v})",
}


def _sparql(node: Node) -> str:
    """A term in SPARQL syntax (blank nodes of the shapes graph cannot be referred to in a query)."""
    if isinstance(node, BNode):
        raise Unsupported("a blank node as a constraint parameter")
    return node.n3()


def _compare(v: str, op: str, bound: str) -> str:
    """``v op bound`` for sh:min/maxInclusive/Exclusive: incomparable values fail."""
    return f"COALESCE({v} {op} {bound}, false)"


def _ordered(v: str, op: str, w: str) -> str:
    """``v op w`` as pySHACL's sh:lessThan(OrEquals) decides: IRIs and strings compare as strings, never with others."""
    def textual(x: str) -> str:
        return f"(isIRI({x}) || (isLiteral({x}) && (DATATYPE({x}) = <{XSD.string}> || LANG({x}) != \"\")))"
    return (f"IF({textual(v)} && {textual(w)}, STR({v}) {op} STR({w}), "
            f"!{textual(v)} && !{textual(w)} && COALESCE({v} {op} {w}, false))")


def _member_of(v: str, members: list[Node]) -> str:
    """sh:in: ``v`` is one of ``members`` (the same term, not merely an equal value).

    For an IRI, ``=`` is ``sameTerm`` (it never errs or equates distinct terms), and one ``IN``
    list costs Oxigraph a tenth of a chain of ``||`` to plan (0.7 ms for the 55 event types).
    """
    iris = [m for m in members if isinstance(m, URIRef)]
    tests = [f"{v} IN ({', '.join(_sparql(m) for m in iris)})"] if iris else []
    tests += [f"sameTerm({v}, {_sparql(m)})" for m in members if not isinstance(m, URIRef)]
    return " || ".join(tests) or "false"


def _language_in(v: str, tags: list[str]) -> str:
    """pySHACL's sh:languageIn: the tag, or its first subtag, equals a listed one (any tag for "*")."""
    if "*" in tags:
        return f"isLiteral({v}) && LANG({v}) != \"\""
    listed = ", ".join(f"\"{t.lower()}\"" for t in tags) or "\"\""
    return (f"isLiteral({v}) && LANG({v}) != \"\" && (LCASE(LANG({v})) IN ({listed}) "
            f"|| LCASE(STRBEFORE(CONCAT(LANG({v}), \"-\"), \"-\")) IN ({listed}))")


def _datatype(v: str, datatype: Node) -> str:
    """sh:datatype as pySHACL decides it from the literal's datatype (its lexical form: :func:`_ill_formed`)."""
    if datatype == RDFS.Literal:
        return f"isLiteral({v})"
    if datatype == RDFS.Datatype:
        return f"isLiteral({v}) && LANG({v}) = \"\" && DATATYPE({v}) != <{XSD.string}>"
    return f"isLiteral({v}) && DATATYPE({v}) = {_sparql(datatype)}"


def _ill_formed(datatype: Node) -> Verdict | None:
    """For datatypes rdflib parses: whether a literal of that datatype is ill-formed, as pySHACL decides."""
    if datatype not in XSDToPython or datatype == XSD.string:
        return None
    return lambda lexical: not _well_formed(lexical, datatype)


def _undecided(v: str, datatype: Node) -> str:
    """Where the datatype's Python verdict must be asked: everywhere, but for xsd:integer values Oxigraph parsed.

    Oxigraph writes those as ``-?[0-9]+``, an int to rdflib too, so they pass; leaving them out spares
    Python a row per mention offset.
    """
    return f"!isNumeric({v})" if datatype == XSD.integer else "true"


@lru_cache(maxsize=65536)
def _well_formed(lexical: str, datatype: URIRef) -> bool:
    """Whether pySHACL accepts the lexical form for the datatype (cached: the same dates and offsets recur)."""
    value = Literal(lexical, datatype=datatype)
    python_type = _PYTHON_TYPES.get(datatype)
    return value.ill_typed is not True and (python_type is None or isinstance(value.value, python_type))


# The datatypes whose values pySHACL's sh:datatype checks by the Python value rdflib parsed (others pass)
_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


def _pattern_test(pattern: str, flags: Node | None) -> Verdict:
    """sh:pattern with Python's ``re`` and the flags pySHACL honours (i, m): blank nodes never match."""
    text = str(flags).lower() if flags is not None else ""
    compiled = re.compile(pattern, (re.I if "i" in text else 0) | (re.M if "m" in text else 0))
    return lambda value: value is None or compiled.search(value) is None
