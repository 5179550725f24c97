"""Instance IRIs that dereference: ``/id/{key}`` is the node ``base + key``, where base is the store's own.

A browser (preferring ``text/html``) gets a page an analyst can read: the node's
label and kind, its facts named by the vocabulary's labels with linked nodes named
by theirs, what points at it (statements it made, events where it is agent, target
or place, units affiliated with it), every mention with the words highlighted in
their sentence, and for an article what was extracted from it, highlighted in its
text. Every node links to its page on this server, whatever base IRI the store was
built with: the base is read from the store (an article's IRI), not assumed. An RDF
client gets the node's description (``DESCRIBE``) in the negotiated syntax, Turtle
by default.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import get_executor, get_settings
from api.errors import ApiError
from api.executor import Executor
from api.formats import RDF
from api.jobs import NodeJob, QueryJob
from api.negotiation import choose
from api.protocol import is_absolute_iri
from api.ui import templates
from kg.explain import ARTICLE_QUERY, base_of, local_name
from kg.settings import Settings
from kg.wording import counted

router = APIRouter(tags=["Nodes"])
_HTML = "text/html"
# What points at a node, said from the node's side; any other link is "Where it is the <label>".
_INCOMING = {"speaker": "Statements it made", "agent": "Events where it is the agent",
             "target": "Events where it is the target", "place": "Events at this place",
             "affiliation": "Units affiliated with it", "about": "Statements about it",
             "addressee": "Statements addressed to it", "locatedIn": "Places located in it"}


@dataclass(frozen=True)
class Segment:
    """A run of an article's text, and the innermost mention covering it (if any)."""

    text: str
    node: str | None = None
    kind: str | None = None
    depth: int = 0
    title: str = ""


def segments(text: str, extracted: list[dict]) -> list[Segment]:
    """The text cut at every mention boundary; each run linked to the shortest mention that covers it."""
    cuts = sorted({0, len(text), *(e["start"] for e in extracted), *(e["end"] for e in extracted)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [e for e in extracted if e["start"] <= start and end <= e["end"]]
        if not covering:
            out.append(Segment(text[start:end]))
            continue
        inner = min(covering, key=lambda e: e["end"] - e["start"])
        title = " · ".join(dict.fromkeys(e["label"] or e["node"] for e in covering))
        out.append(Segment(text[start:end], inner["node"], inner["node_class"], min(len(covering), 3), title))
    return out


def render(info: dict, base: str) -> str:
    """The HTML page of a node (the template escapes every value)."""
    def href(iri: str) -> str:
        return "/id/" + iri[len(base):] if iri.startswith(base) else iri

    incoming: dict[str, list[dict]] = defaultdict(list)
    for link in info["incoming"]:
        name = local_name(link["predicate"]).replace(" ", "")
        key = next((k for k in _INCOMING if k.lower() == name), None)
        incoming[_INCOMING[key] if key else f"Where it is the {link['predicate_label']}"].append(link)
    extracted: dict[str, Counter] = defaultdict(Counter)
    labels = {e["node"]: e["label"] for e in info["extracted"]}
    for e in info["extracted"]:
        if e["node_class"] not in (None, "Article", "Mention"):
            extracted[e["node_class"]][e["node"]] += 1
    facts = [f for f in info["facts"] if not f["predicate"].endswith("ontology#text")]
    return templates().get_template("node.html").render(
        info=info, facts=facts, incoming=sorted(incoming.items()), href=href, counted=counted,
        class_label=lambda c: info["class_labels"].get(c, c),
        extracted=[(kind, [(n, labels[n], k) for n, k in nodes.most_common()])
                   for kind, nodes in sorted(extracted.items())],
        segments=segments(info["text"] or "", info["extracted"]) if info["node_class"] == "Article" else [])


async def store_base(request: Request, executor: Executor, settings: Settings) -> str:
    """The base IRI of the store's instances (read once from an article's IRI); the configured one while it is empty."""
    known = getattr(request.app.state, "instance_base", None)
    if known:
        return known
    reply = await executor.run(QueryJob(ARTICLE_QUERY, base_iri=None, default_graphs=None, named_graphs=None,
                                        solutions_format="json", boolean_format=None, graph_format=None))
    rows = json.loads(reply.body)["results"]["bindings"] if reply.status == 200 else []
    found = base_of(rows[0]["a"]["value"]) if rows else None
    if found:
        request.app.state.instance_base = found
    return found or settings.base_iri


@router.get("/id/{key:path}", summary="A node of the graph (HTML for browsers, RDF otherwise)")
async def node(key: str, request: Request, settings: Settings = Depends(get_settings),
               executor: Executor = Depends(get_executor)) -> Response:
    """Dereference the instance IRI ``base + key`` (the base the store was built with)."""
    base = await store_base(request, executor, settings)
    iri = base + key
    if not is_absolute_iri(iri):
        raise ApiError(400, f"not a valid node key: {key!r}")
    offers = [*RDF, _HTML]
    chosen = choose(request.headers.get("accept"), offers)
    if chosen is None:
        raise ApiError(406, "accept text/html or an RDF syntax: " + ", ".join(RDF))
    if chosen == _HTML:
        reply = await executor.run(NodeJob(iri))
        if reply.status == 404:
            raise ApiError(404, f"nothing in this graph is about <{iri}>")
        if reply.status != 200:
            return Response(reply.body, status_code=reply.status, media_type=reply.media_type)
        return HTMLResponse(render(json.loads(reply.body), base), status_code=reply.status)
    known = await executor.run(_query(f"ASK {{ <{iri}> ?p ?o }}", boolean_format="json"))
    if known.status != 200:
        raise ApiError(400, f"not a valid node key: {key!r}")
    if json.loads(known.body).get("boolean") is not True:
        raise ApiError(404, f"nothing in this graph is about <{iri}>")
    reply = await executor.run(_query(f"DESCRIBE <{iri}>", graph_format=RDF[chosen]))
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type)


def _query(sparql: str, *, boolean_format: str | None = None, graph_format: str | None = None) -> QueryJob:
    return QueryJob(sparql, base_iri=None, default_graphs=None, named_graphs=None,
                    solutions_format=None, boolean_format=boolean_format, graph_format=graph_format)
