"""SPARQL text as tokens: what the store and the API need to know of an operation before evaluating it.

pyoxigraph parses and evaluates; it does not say what an operation reads or writes.
The few facts needed here — which graphs an update writes, whether a query names its
dataset, whether it asks for another server — are found on tokens, where comments, IRIs,
strings, language tags and prefixed names are single tokens, so ``ex:service``,
``<http://x/LOAD>`` or ``"GRAPH"`` are never taken for keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<var>[?$]\w+)
    | (?P<name>[A-Za-z_][\w.\-]*(?::[\w.\-%:]*)?|:[\w.\-%:]*)
    | (?P<space>\s+)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased keyword, when the token is a bare word (not a prefixed name)."""
        return self.text.upper() if self.kind == "name" and ":" not in self.text else None


def tokens(text: str) -> list[Token]:
    """Significant tokens of a SPARQL query or update (no whitespace, no comments)."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in ("space", "comment"):
            out.append(Token(kind, m.group(), m.start()))
    return out


def has_keyword(toks: list[Token], *keywords: str) -> bool:
    """True when any of ``keywords`` occurs as a bare keyword."""
    return any(tok.keyword in keywords for tok in toks)
