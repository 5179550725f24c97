"""Instance IRIs that dereference: ``/id/{key}`` is the node ``base_iri + key``.

A browser (preferring ``text/html``) gets a page with the node's labels, types,
links and every mention with its sentence and article; an RDF client gets the
node's description (``DESCRIBE``) in the negotiated syntax, Turtle by default.
"""

from __future__ import annotations

import json
from html import escape

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import get_executor, get_settings
from api.errors import ApiError
from api.executor import Executor
from api.formats import RDF
from api.jobs import NodeJob, QueryJob
from api.negotiation import choose
from api.protocol import is_absolute_iri
from kg.settings import Settings

router = APIRouter(tags=["Nodes"])
_HTML = "text/html"


def _link(value: str, base: str) -> str:
    """Local nodes link to their page here; other IRIs link out; literals are plain text."""
    if value.startswith(base):
        return f'<a href="/id/{escape(value[len(base):])}">{escape(value[len(base):])}</a>'
    if value.startswith(("http://", "https://")):
        return f'<a href="{escape(value)}">{escape(value)}</a>'
    return escape(value)


def render(info: dict, base: str) -> str:
    """The HTML page of a node (every value escaped)."""
    rows = "".join(f"<tr><th>{_link(p, base)}</th><td>{_link(o, base)}</td></tr>" for p, o in info["properties"])
    mentions = "".join(
        f"<li><q>{escape(m['anchor'])}</q> [{m['start']}:{m['end']}] in {_link(m['article'], base)} "
        f"({escape(m['source'])}{', ' + escape(m['issued']) if m['issued'] else ''})"
        + (f"<blockquote>{escape(m['sentence'])}</blockquote>" if m["sentence"] else "") + "</li>"
        for m in info["mentions"])
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(info["iri"])}</title>'
            f'<link rel="stylesheet" href="/static/app.css"></head><body><h1>{escape(info["iri"])}</h1>'
            f'<p><a href="/">query page</a></p><table>{rows}</table>'
            f'<h2>{len(info["mentions"])} mentions</h2><ul>{mentions}</ul></body></html>')


@router.get("/id/{key:path}", summary="A node of the graph (HTML for browsers, RDF otherwise)")
async def node(key: str, request: Request, settings: Settings = Depends(get_settings),
               executor: Executor = Depends(get_executor)) -> Response:
    """Dereference the instance IRI ``base_iri + key``."""
    iri = settings.base_iri + key
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
        return HTMLResponse(render(json.loads(reply.body), settings.base_iri), status_code=reply.status)
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
