"""Bounded walks up a dependency parse.

spaCy makes a new ``Token`` object on every ``.head`` access, so a loop that
climbs until ``node.head is node`` never sees the root and never ends; and a
parse whose heads were set by hand need not be a tree. Every conditional climb
of the extraction rules goes through ``climb`` (a climb to the root through
spaCy's ``Token.ancestors``, which has the same guard): tokens are compared by
index, and a climb takes at most one step per token of the sentence, whatever
the parse.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token


def _head(tok: Token) -> Token:
    return tok.head


def climb(tok: Token, go_on: Callable[[Token], bool], step: Callable[[Token], Token] = _head) -> Token:
    """The token reached from ``tok`` by taking ``step`` (its head, by default) while ``go_on`` holds.

    Stops at the root (a token that is its own head), and after as many steps as the sentence has tokens.
    """
    node = tok
    sent = tok.sent
    for _ in range(sent.end - sent.start):
        if not go_on(node):
            break
        up = step(node)
        if up.i == node.i:
            break
        node = up
    return node
