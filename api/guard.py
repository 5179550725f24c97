"""Lexical checks on SPARQL text that keep the endpoint from reaching out to the network.

pyoxigraph evaluates ``SERVICE`` and ``LOAD`` by making HTTP requests, and has no
switch to stop it, so both are refused before evaluation. The scan tokenises the
text (comments, IRIs, strings, language tags and prefixed names are single
tokens), so ``ex:service``, ``<http://x/LOAD>`` or ``"SERVICE"`` never trigger a
refusal and no spelling of the keyword slips through. ``FROM``/``FROM NAMED`` and
``GRAPH`` are safe: pyoxigraph resolves them against local graphs only.

The scan also bounds bracket nesting (``MAX_NESTING``): the SPARQL parser is
recursive, so ~3,000 nested groups overflow its stack and kill the worker, and
nested blank-node brackets take time exponential in their depth (150 levels: ~10 s);
no real query comes near the limit.

The same scan finds dataset clauses (FROM, WITH, USING) and the top-level
``WHERE`` of each update operation, which the protocol layer needs.
"""

from __future__ import annotations

from api.errors import ApiError
from kg.store import sparql_text
from kg.store.sparql_text import Token, has_keyword

MAX_NESTING = 64
_OPEN, _CLOSE = "{([", "})]"
_NETWORK_KEYWORDS = {"SERVICE": "SERVICE (federated query)", "LOAD": "LOAD"}


def tokens(text: str) -> list[Token]:
    """Significant tokens of a SPARQL query or update (no whitespace, no comments).

    Raises a 400 when brackets nest deeper than ``MAX_NESTING``.
    """
    out, depth = sparql_text.tokens(text), 0
    for tok in out:
        if tok.kind != "other":
            continue
        if tok.text in _OPEN:
            depth += 1
            if depth > MAX_NESTING:
                raise ApiError(400, f"brackets nest deeper than {MAX_NESTING} levels (at character "
                                    f"{tok.start}): flatten the query")
        elif tok.text in _CLOSE:
            depth -= 1
    return out


def refuse_network_access(toks: list[Token]) -> None:
    """Raise a 400 when the text asks the server to contact another server."""
    for tok in toks:
        if tok.keyword in _NETWORK_KEYWORDS:
            raise ApiError(400, f"{_NETWORK_KEYWORDS[tok.keyword]} is not allowed: this endpoint never "
                                "contacts other servers; query the local dataset only")


def add_using(update: str, toks: list[Token], using: list[str], using_named: list[str]) -> str:
    """Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to every update operation.

    The protocol dataset is written as ``USING`` clauses before the top-level ``WHERE`` of
    each DELETE/INSERT operation (a WHERE at brace depth 0 that follows the closing brace
    of a quad template). An update that names its own dataset (USING or WITH) conflicts
    with the parameters, which the protocol says is an error.
    """
    if not (using or using_named):
        return update
    if has_keyword(toks, "USING", "WITH"):
        raise ApiError(400, "the update names its dataset (USING or WITH) and the request also sends "
                            "using-graph-uri/using-named-graph-uri; send only one of them")
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    depth, cuts, previous = 0, [], None
    for tok in toks:
        if tok.text == "{":
            depth += 1
        elif tok.text == "}":
            depth -= 1
        elif tok.keyword == "WHERE" and depth == 0 and previous is not None and previous.text == "}":
            cuts.append(tok.start)
        previous = tok
    for cut in reversed(cuts):
        update = update[:cut] + clause + update[cut:]
    return update
