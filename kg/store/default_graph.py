"""The default graph: the set-union of the named graphs, stored, and kept in step with every write.

Why stored. SPARQL's default graph is a set of triples (the RDF merge of the graphs it
is made of). Evaluating queries over the union of the graphs *as quads* — pyoxigraph's
``use_default_graph_as_union``, Oxigraph server's ``union-default-graph``, Virtuoso's
default — repeats a triple once per graph that states it: a person named by two articles
came back twice, and every count and every query without ``DISTINCT`` was wrong. So each
store keeps the union itself, and queries read it as their default graph: one row per
fact, while ``GRAPH ?g`` still sees each article's own graph, for provenance.

The rule, for every write, in every store:

- Storing a named graph (an article, the ontology, a Graph Store ``PUT``/``POST``) adds its
  triples to the default graph.
- Dropping or replacing a named graph (``remove``, a changed article, ``DELETE``) takes out
  of the default graph the triples that no other named graph still states.
- A SPARQL Update's operations run as written; afterwards the default graph is re-derived
  from the named graphs the update wrote (each triple it deleted leaves the default graph
  unless another named graph still states it; each triple of those graphs is in it). When
  the written graphs cannot be known before running it (a ``GRAPH ?g`` template,
  ``CLEAR ALL``), the whole default graph is re-derived, at a cost linear in the store.
- A write addressed to the default graph itself (``INSERT DATA { <s> <p> <o> }``,
  ``CLEAR DEFAULT``, ``... TO DEFAULT``, Graph Store writes to ``?default``) is refused
  (:class:`DefaultGraphWrite`): it is derived data, and such a write would either be undone by
  the next re-derivation or leave the default graph stating what no graph states. Write into a
  named graph (``GRAPH <g> { ... }``, or ``WITH <g>``) instead.

Each of these is one SPARQL update together with the write itself, so one transaction
in the embedded store and one request to a SPARQL server: readers never see a default
graph out of step with its graphs, and a crash leaves both or neither.

Where the union is kept (:class:`UnionGraph`): in the store's own default graph (the
embedded store, Oxigraph server, Fuseki), or, on a server whose default graph *is* the union
of its graphs as quads (Virtuoso, GraphDB), in the named graph ``UNION_GRAPH``, which queries
then name as their default graph (``default-graph-uri``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from kg.store.base import StoreError
from kg.store.sparql_text import Token, tokens
from kg.vocab import PREFIXES

UNION_GRAPH = "https://w3id.org/newskg/default-graph"
SCRATCH_GRAPH = "urn:x-newskg:default-graph-scratch"  # the triples an update removes, for the length of the update
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


class DefaultGraphWrite(StoreError):
    """An update or Graph Store write addressed the default graph, which is derived from the named graphs."""


@dataclass(frozen=True)
class UpdateScope:
    """What an update writes: named graphs (None: cannot be known before running it) and whether it deletes."""

    graphs: frozenset[str] | None
    deletes: bool


class _Reader:
    """The operations of one update, read token by token, with its prefixes and base for naming graphs."""

    def __init__(self, text: str, base_iri: str | None) -> None:
        self.toks = tokens(text)
        self.prefixes = dict(PREFIXES)
        self.base = base_iri
        self.graphs: set[str] | None = set()
        self.deletes = False

    def iri(self, tok: Token) -> str | None:
        """The absolute IRI a token names; None for a variable or what cannot be resolved here."""
        if tok.kind == "iri":
            value = tok.text[1:-1]
            if _ABSOLUTE.match(value):
                return value
            return urljoin(self.base, value) if self.base else None
        if tok.kind == "name" and ":" in tok.text:
            prefix, local = tok.text.split(":", 1)
            return self.prefixes[prefix] + local if prefix in self.prefixes and "\\" not in local else None
        return None

    def written(self, tok: Token | None, what: str) -> None:
        """``tok`` names a graph the update writes (None: the default graph)."""
        if tok is None or tok.keyword == "DEFAULT":
            raise DefaultGraphWrite(
                f"{what} writes the default graph, which newskg derives from the named graphs (it is their "
                "union); write into a named graph instead (GRAPH <iri> { ... } or WITH <iri>)")
        if tok.keyword in ("ALL", "NAMED") or self.graphs is None:
            self.graphs = None
            return
        iri = self.iri(tok)
        if iri in (UNION_GRAPH, SCRATCH_GRAPH):
            raise DefaultGraphWrite(f"{what} writes <{iri}>, which newskg keeps for the default graph")
        if iri is None:
            self.graphs = None
        else:
            self.graphs.add(iri)

    def operations(self) -> list[list[Token]]:
        """Each operation's tokens, the prologues taken into ``prefixes`` and ``base`` on the way."""
        ops, current, depth, i = [], [], 0, 0
        while i < len(self.toks):
            tok = self.toks[i]
            if depth == 0 and not current and tok.keyword == "PREFIX" and i + 2 < len(self.toks):
                self.prefixes[self.toks[i + 1].text[:-1]] = self.iri(self.toks[i + 2]) or ""
                i += 3
                continue
            if depth == 0 and not current and tok.keyword == "BASE" and i + 1 < len(self.toks):
                self.base = self.iri(self.toks[i + 1]) or self.base
                i += 2
                continue
            depth += (tok.text == "{") - (tok.text == "}")
            if depth == 0 and tok.text == ";":
                ops.append(current)
                current = []
            else:
                current.append(tok)
            i += 1
        return [op for op in [*ops, current] if op]

    def graph_management(self, op: list[Token]) -> None:
        """CLEAR, DROP, CREATE, ADD, MOVE, COPY, LOAD."""
        verb = op[0].keyword or ""
        args = [t for t in op[1:] if t.keyword not in ("SILENT", "GRAPH")]
        if verb in ("CLEAR", "DROP"):
            self.deletes = True
            self.written(args[0] if args else None, f"{verb} DEFAULT")
        elif verb in ("ADD", "MOVE", "COPY"):
            self.written(args[-1], f"{verb} ... TO DEFAULT")
            if verb == "MOVE":
                self.written(args[0], "MOVE DEFAULT")
            self.deletes = self.deletes or verb != "ADD"
        elif verb == "LOAD":
            into = [t.keyword for t in args].index("INTO") if "INTO" in [t.keyword for t in args] else None
            self.written(args[into + 1] if into is not None else None, "LOAD without INTO GRAPH")

    def template(self, op: list[Token], start: int, what: str, with_graph: Token | None) -> None:
        """The quads of the block opening at ``op[start]``: GRAPH blocks name their graph, bare triples WITH's."""
        depth, i = 0, start
        while i < len(op):
            tok = op[i]
            if tok.text == "{":
                depth += 1
            elif tok.text == "}":
                depth -= 1
                if depth == 0:
                    return
            elif depth == 1 and tok.keyword == "GRAPH" and i + 1 < len(op):
                self.written(op[i + 1], what)
                i += 1
            elif depth == 1 and tok.text != ".":
                self.written(with_graph, what)
            i += 1

    def modify(self, op: list[Token]) -> None:
        """INSERT DATA, DELETE DATA, DELETE WHERE and [WITH g] DELETE {...} INSERT {...} WHERE {...}."""
        with_graph = op[1] if op[0].keyword == "WITH" and len(op) > 1 else None
        depth = 0
        for i, tok in enumerate(op):
            depth += (tok.text == "{") - (tok.text == "}")
            if depth or tok.keyword not in ("INSERT", "DELETE") or i + 1 >= len(op):
                continue
            self.deletes = self.deletes or tok.keyword == "DELETE"
            after = op[i + 1]
            if after.keyword in ("DATA", "WHERE"):
                self.template(op, i + 2, f"{tok.keyword} {after.keyword} with a triple outside GRAPH", None)
            elif after.text == "{":
                self.template(op, i + 1, f"a {tok.keyword} template triple outside GRAPH", with_graph)

    def scope(self) -> UpdateScope:
        for op in self.operations():
            if op[0].keyword in ("CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "LOAD"):
                self.graph_management(op)
            else:
                self.modify(op)
        # What a deleting update removed is kept in a scratch graph while it runs; an update
        # that reads every graph (GRAPH ?g) would see it, so the union is re-derived instead.
        pairs = zip(self.toks, self.toks[1:], strict=False)
        reads_any = any(t.keyword == "GRAPH" and n.kind == "var" for t, n in pairs)
        if self.graphs is None or (self.deletes and reads_any):
            return UpdateScope(None, self.deletes)
        return UpdateScope(frozenset(self.graphs), self.deletes)


def update_scope(text: str, base_iri: str | None = None) -> UpdateScope:
    """The named graphs an update writes; raises :class:`DefaultGraphWrite` when it writes the default graph.

    Read from its tokens, before pyoxigraph parses it: on a malformed update the answer is
    only a best guess, and pyoxigraph's syntax error is what the caller sees.
    """
    return _Reader(text, base_iri).scope()


def _iri(value: str) -> str:
    return f"<{value}>"


@dataclass(frozen=True)
class UnionGraph:
    """Where a store keeps the union of its named graphs, and the SPARQL that keeps it in step.

    ``name`` None: the store's own default graph; else the named graph that holds it. ``sources``,
    a pattern binding ``?g``, restricts the graphs the union is derived from when it is derived
    whole (empty: every named graph; a server's own system graphs are not newskg's).
    """

    name: str | None = None
    sources: str = ""

    def block(self, triples: str) -> str:
        """``triples`` as part of the union, in a quad pattern or template."""
        return triples if self.name is None else f"GRAPH {_iri(self.name)} {{ {triples} }}"

    def _stated_elsewhere(self, excluded: list[str]) -> str:
        """A pattern true when a named graph other than ``excluded`` (and the union's own) states ?s ?p ?o."""
        names = ", ".join(_iri(g) for g in [*excluded, *([self.name] if self.name else [])])
        return f"GRAPH ?other {{ ?s ?p ?o }} FILTER(?other NOT IN ({names}))"

    def drop(self, graphs: list[str]) -> list[str]:
        """Operations dropping ``graphs`` and the union's triples that only they state."""
        ops = [f"DELETE {{ {self.block('?s ?p ?o')} }} WHERE {{ GRAPH {_iri(g)} {{ ?s ?p ?o }} "
               f"FILTER NOT EXISTS {{ {self._stated_elsewhere(graphs)} }} }}" for g in graphs]
        return ops + [f"DROP SILENT GRAPH {_iri(g)}" for g in graphs]

    def insert(self, graph: str, ntriples: str) -> str:
        """The operation storing N-Triples in ``graph`` and in the union."""
        return f"INSERT DATA {{ GRAPH {_iri(graph)} {{\n{ntriples}\n}}\n{self.block(chr(10) + ntriples + chr(10))} }}"

    def replace(self, graph: str, ntriples: str, stale: list[str] = ()) -> str:
        """One update: drop ``graph`` and ``stale``, then store ``ntriples`` as ``graph``."""
        return " ;\n".join([*self.drop([*stale, graph]), self.insert(graph, ntriples)])

    def fill(self) -> str:
        """The update adding to the union what the named graphs (``sources``) state and it lacks."""
        own = f"FILTER(?g != {_iri(self.name)})" if self.name else ""
        return (f"INSERT {{ {self.block('?s ?p ?o')} }} WHERE {{ {self.sources} GRAPH ?g {{ ?s ?p ?o }} {own} "
                f"FILTER NOT EXISTS {{ {self.block('?s ?p ?o')} }} }}")

    def rederive(self) -> list[str]:
        """Operations making the union exactly the union of the named graphs again (linear in the store)."""
        return [f"DELETE {{ {self.block('?s ?p ?o')} }} WHERE {{ {self.block('?s ?p ?o')} "
                f"FILTER NOT EXISTS {{ {self._stated_elsewhere([SCRATCH_GRAPH])} }} }}", self.fill()]

    def around_update(self, scope: UpdateScope) -> tuple[list[str], list[str]]:
        """Operations to run before and after an update so that the union follows what it wrote."""
        if scope.graphs is None:
            return [], self.rederive()
        written = sorted(scope.graphs)
        before = [f"INSERT {{ GRAPH {_iri(SCRATCH_GRAPH)} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {_iri(g)} {{ ?s ?p ?o }} }}"
                  for g in written] if scope.deletes else []
        after = [f"INSERT {{ {self.block('?s ?p ?o')} }} WHERE {{ GRAPH {_iri(g)} {{ ?s ?p ?o }} }}" for g in written]
        if scope.deletes and written:
            after = [*self.drop([SCRATCH_GRAPH])[:1], *after, f"DROP SILENT GRAPH {_iri(SCRATCH_GRAPH)}"]
        return before, after

    def with_update(self, text: str, base_iri: str | None = None) -> str:
        """``text`` (a SPARQL update) with the operations that keep the union in step, as one update."""
        scope = update_scope(text, base_iri)
        before, after = self.around_update(scope)
        toks = tokens(text)
        operations = [t for t in toks if t.keyword is not None and t.keyword not in ("PREFIX", "BASE")]
        if not operations:
            return text  # no operation: nothing to keep in step
        cut = operations[0].start  # after the leading prologue, which must open the request
        head = "".join(op + " ;\n" for op in before)
        tail = ("\n" if toks[-1].text == ";" else "\n;\n") + " ;\n".join(after) if after else ""
        return text[:cut] + head + text[cut:] + tail
