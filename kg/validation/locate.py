"""Find the line where each IRI first appears in an RDF text.

Parsers hand back triples without positions, and pySHACL reports none, so the
line of a focus node is recovered by a light lexer over the source text: it
skips comments and string literals, follows ``@prefix``/``PREFIX`` and
``@base``/``BASE`` directives, and expands every IRI reference and prefixed
name it meets. The first occurrence in subject position (at the start of a
statement) wins; failing that, the first occurrence anywhere.

Limits, by design of a lexer that is not a parser: blank nodes are not located
(parsers rename them); for JSON-LD and RDF/XML only the first verbatim
occurrence of the full IRI is found (compact IRIs and relative ``@id``/
``rdf:about`` values are not expanded); relative IRIs are resolved with
``urllib.parse.urljoin``, which agrees with RFC 3986 on every ordinary case.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from urllib.parse import urljoin

_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<bnode>_:[\w.-]*)
    | (?P<directive>@prefix|@base|(?i:\bPREFIX\b|\bBASE\b))
    | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w\u00B7\u00C0-\uFFFF.-]*)?:
                (?:[\w\u00C0-\uFFFF:%\-]|\\.|\.(?=[\w\u00C0-\uFFFF:%\-\\]))*)
    | (?P<punct>[.{}\[\];,()])
    """,
    re.VERBOSE,
)
_STATEMENT_START = {None, ".", "{", "}"}
_LOCAL_ESCAPE = re.compile(r"\\(.)")


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def turtle_lines(text: str, base: str | None) -> dict[str, int]:
    """IRI → 1-based line for Turtle, TriG, N-Triples and N-Quads text."""
    starts = _line_starts(text)
    prefixes: dict[str, str] = {}
    subject_line: dict[str, int] = {}
    any_line: dict[str, int] = {}
    previous: str | None = None  # the last significant punctuation or token kind
    pending: str | None = None  # the directive whose arguments come next
    pending_prefix: str | None = None
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup
        token = m.group()
        if kind == "comment":
            continue
        if kind == "directive":
            pending, pending_prefix = token.lower().lstrip("@"), None
            previous = "directive"
            continue
        if kind == "pname" and pending == "prefix" and pending_prefix is None:
            pending_prefix = token[:-1] if token.endswith(":") else token.split(":", 1)[0]
            continue
        iri = None
        if kind == "iri":
            iri = urljoin(base, token[1:-1]) if base else token[1:-1]
            if pending == "prefix" and pending_prefix is not None:
                prefixes[pending_prefix] = iri
                pending = None
                continue
            if pending == "base":
                base = iri
                pending = None
                continue
        elif kind == "pname":
            prefix, local = token.split(":", 1)
            if prefix in prefixes:
                iri = prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
        if iri is not None:
            line = bisect_right(starts, m.start())
            any_line.setdefault(iri, line)
            if previous in _STATEMENT_START:
                subject_line.setdefault(iri, line)
        if kind in ("iri", "pname", "bnode"):
            previous = "term"
            continue
        previous = token if kind == "punct" else kind
        if kind == "punct" and token == ".":
            pending = None
    return {**any_line, **subject_line}


def verbatim_line(text: str, iri: str) -> int | None:
    """The line of the first verbatim occurrence of ``iri`` (for formats the lexer does not read)."""
    at = text.find(iri)
    return None if at < 0 else text.count("\n", 0, at) + 1
