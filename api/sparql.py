"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: queries, updates and the service description.

The web process parses and checks the request (protocol, network guard,
negotiation, authorisation); a worker process (``api.executor``) or, under
``newskg serve``, the web process itself (``api.inline``) evaluates it.
The default graph is the store's, the union of all article graphs, unless the request
(``default-graph-uri``/``named-graph-uri``) or the query (``FROM``) names a dataset.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute

from api import guard
from api.auth import require_writer
from api.deps import get_executor, get_settings
from api.errors import ApiError
from api.formats import BOOLEAN, CANONICAL, RDF, SOLUTIONS, rdf_format
from api.jobs import QueryJob, Reply, UpdateJob
from api.negotiation import choose
from api.protocol import FORM, QUERY, UPDATE, Operation, read_operation
from api.service_description import describe
from kg.settings import Settings

router = APIRouter(tags=["SPARQL"])


def endpoint_iri(request: Request) -> str:
    """This endpoint's URL: the base IRI of relative IRIs in operations, as the protocol suggests."""
    return str(request.url.replace(query="", fragment=""))


def _respond(reply: Reply) -> Response:
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=reply.headers)


@lru_cache(maxsize=256)
def _formats(accept: str | None) -> tuple[str | None, str | None, str | None]:
    """The negotiated solutions, boolean and graph formats for an ``Accept`` header (None: not acceptable)."""
    solutions, boolean, graph = (table.get(choose(accept, list(table)) or "") for table in (SOLUTIONS, BOOLEAN, RDF))
    return solutions, boolean, graph


def _query_job(op: Operation, request: Request) -> QueryJob:
    guard.check_query(op.text)
    accept = request.headers.get("accept")
    formats = _formats(accept)
    if not any(formats):
        raise ApiError(406, f"no acceptable media type in 'Accept: {accept}'; this endpoint answers with "
                            + ", ".join(sorted(set(SOLUTIONS) | set(RDF))))
    protocol_dataset = bool(op.default_graphs or op.named_graphs)
    return QueryJob(
        sparql=op.text, base_iri=endpoint_iri(request),
        default_graphs=op.default_graphs if protocol_dataset else None,
        named_graphs=op.named_graphs if protocol_dataset else None,
        solutions_format=formats[0], boolean_format=formats[1], graph_format=formats[2],
    )


def _update_job(op: Operation, request: Request, settings: Settings) -> UpdateJob:
    require_writer(request, settings)
    toks = guard.tokens(op.text)
    guard.refuse_network_access(toks)
    text = guard.add_using(op.text, toks, list(op.default_graphs), list(op.named_graphs))
    return UpdateJob(text, endpoint_iri(request))


async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol. Without an operation, GET returns the service description."""
    settings, executor = await get_settings(request), await get_executor(request)
    op = await read_operation(request, settings.max_body_bytes)
    if op is None:
        fmt = RDF.get(choose(request.headers.get("accept"), list(RDF)) or "")
        if fmt is None:
            raise ApiError(406, "the service description is RDF: accept one of " + ", ".join(RDF))
        body = describe(endpoint_iri(request), rdf_format(fmt), bool(settings.api_token))
        return Response(body, media_type=CANONICAL[fmt])
    if op.kind == "query":
        return _respond(await executor.run(_query_job(op, request)))
    return _respond(await executor.run(_update_job(op, request, settings)))


class _LeanRoute(APIRoute):
    """A route whose endpoint takes the bare ``Request``: no parameter parsing or dependency solving.

    FastAPI's machinery costs more than a small query on this, the busiest route, and the
    protocol is parsed by ``api.protocol`` anyway; the OpenAPI is written out below instead.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        return self.endpoint


_DATASET = [
    {"name": "default-graph-uri", "in": "query", "required": False, "schema": {"type": "array", "items": {
        "type": "string", "format": "iri"}}, "description": "A graph of the default graph (replaces the union)"},
    {"name": "named-graph-uri", "in": "query", "required": False, "schema": {"type": "array", "items": {
        "type": "string", "format": "iri"}}, "description": "A named graph of the query's dataset"},
]
_ANSWERS = {
    "200": {"description": "Query results (JSON, XML, CSV, TSV) or RDF (Turtle, N-Triples, JSON-LD, RDF/XML...), "
                           "as negotiated with Accept", "content": {m: {} for m in (*SOLUTIONS, *RDF)}},
    "204": {"description": "Update applied"},
    "400": {"description": "Malformed operation (with line and column), SERVICE/LOAD, bad parameters"},
    "401": {"description": "Wrong token for an update"}, "403": {"description": "Updates are disabled"},
    "406": {"description": "No acceptable result format"}, "413": {"description": "Body over the limit"},
    "415": {"description": "Unsupported request media type or charset"},
    "503": {"description": "Query timeout, or every query slot busy"},
}
_QUERY_PARAM = {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
                "description": "The SPARQL query; without it, the service description"}
_BODIES = {
    FORM: {"schema": {"type": "object", "properties": {name: {"type": "string"} for name in (
        "query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")}}},
    QUERY: {"schema": {"type": "string"}}, UPDATE: {"schema": {"type": "string"}},
}
router.add_api_route("/sparql", sparql, methods=["GET"], route_class_override=_LeanRoute, responses=_ANSWERS,
                     summary="SPARQL 1.1 query, or the service description", operation_id="sparql_get",
                     openapi_extra={"parameters": [_QUERY_PARAM, *_DATASET]})
router.add_api_route("/sparql", sparql, methods=["POST"], route_class_override=_LeanRoute, responses=_ANSWERS,
                     summary="SPARQL 1.1 query or update (an update needs the token)", operation_id="sparql_post",
                     openapi_extra={"parameters": _DATASET, "requestBody": {"required": True, "content": _BODIES}})
