"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: queries, updates and the service description.

The web process parses and checks the request (protocol, network guard,
negotiation, authorisation); a worker process (``api.executor``) or, under
``newskg serve``, the web process itself (``api.inline``) evaluates it.
The default graph is the store's, the union of all article graphs, unless the request
(``default-graph-uri``/``named-graph-uri``) or the query (``FROM``) names a dataset.

This is the busiest route, and a small query takes pyoxigraph some 50 µs, less than
FastAPI's routing, dependencies and middleware cost around it. So ``Endpoint``, a
pure ASGI layer in front of the application, answers ``/sparql`` itself; the route
registered below documents it in the OpenAPI schema.
"""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Request, Response
from starlette.datastructures import URL
from starlette.types import ASGIApp, Receive, Scope, Send

from api import guard, observability, row_cap
from api.auth import require_writer
from api.errors import ApiError
from api.formats import BOOLEAN, CANONICAL, RDF, SOLUTIONS, rdf_format
from api.jobs import QueryJob, Reply, UpdateJob
from api.negotiation import choose
from api.protocol import FORM, QUERY, UPDATE, Operation, read_operation
from api.service_description import describe
from kg.settings import Settings

router = APIRouter(tags=["SPARQL"])
PATH = "/sparql"


@lru_cache(maxsize=256)
def _endpoint_iri(scheme: str, host: bytes | None, server: tuple[str, int] | None, root_path: str, path: str) -> str:
    headers = [(b"host", host)] if host is not None else []
    url = URL(scope={"scheme": scheme, "server": server, "root_path": root_path, "path": path, "headers": headers})
    return str(url.replace(query="", fragment=""))


def endpoint_iri(request: Request) -> str:
    """This endpoint's URL: the base IRI of relative IRIs in operations, as the protocol suggests."""
    scope = request.scope
    server = scope.get("server")
    return _endpoint_iri(scope.get("scheme", "http"), next((v for k, v in scope["headers"] if k == b"host"), None),
                         tuple(server) if server else None, scope.get("root_path", ""), scope["path"])


@lru_cache(maxsize=256)
def _formats(accept: str | None) -> tuple[str | None, str | None, str | None]:
    """The negotiated solutions, boolean and graph formats for an ``Accept`` header (None: not acceptable)."""
    solutions, boolean, graph = (table.get(choose(accept, list(table)) or "") for table in (SOLUTIONS, BOOLEAN, RDF))
    return solutions, boolean, graph


@lru_cache(maxsize=1024)
def _checked(text: str, max_rows: int) -> row_cap.RowCap | None:
    """Refuse (400) a query that nests too deep or reaches out; else its row cap.

    One scan, in this process and outside the query's time limit; cached by text, as
    clients repeat queries and the scan costs more than a small query.
    """
    toks = guard.tokens(text)
    guard.refuse_network_access(toks)
    return row_cap.find(text, toks, max_rows)


def _query_job(op: Operation, request: Request, settings: Settings) -> QueryJob:
    cap = _checked(op.text, settings.max_rows)
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
        solutions_format=formats[0], boolean_format=formats[1], graph_format=formats[2], row_cap=cap,
    )


def _update_job(op: Operation, request: Request, settings: Settings) -> UpdateJob:
    require_writer(request, settings)
    toks = guard.tokens(op.text)
    guard.refuse_network_access(toks)
    text = guard.add_using(op.text, toks, list(op.default_graphs), list(op.named_graphs))
    return UpdateJob(text, endpoint_iri(request))


async def sparql(request: Request) -> Reply:
    """SPARQL 1.1 Protocol. Without an operation, GET returns the service description."""
    state = request.app.state
    settings: Settings = state.settings
    executor = getattr(state, "executor", None)
    if executor is None:
        raise ApiError(503, "the store is not open yet")
    op = await read_operation(request, settings.max_body_bytes)
    if op is None:
        fmt = RDF.get(choose(request.headers.get("accept"), list(RDF)) or "")
        if fmt is None:
            raise ApiError(406, "the service description is RDF: accept one of " + ", ".join(RDF))
        return Reply(200, CANONICAL[fmt], describe(endpoint_iri(request), rdf_format(fmt), bool(settings.api_token)))
    if op.kind == "query":
        return await executor.run(_query_job(op, request, settings))
    return await executor.run(_update_job(op, request, settings))


class Endpoint:
    """Pure ASGI: answers ``/sparql`` (GET and POST) in front of ``app``, which gets every other request.

    Errors are counted and rendered as the application's handler does (``api.observability``).
    """

    def __init__(self, app: ASGIApp, fastapi_app: ASGIApp) -> None:
        self.app = app
        self.fastapi_app = fastapi_app  # the Request's ``app``: its state holds the settings and executor
        self.route = next(r for r in router.routes if getattr(r, "path", None) == PATH)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        scope["app"], scope["route"] = self.fastapi_app, self.route  # the route names it in metrics and logs
        try:
            reply = await sparql(Request(scope, receive))
        except ApiError as exc:
            observability.count_error(self.fastapi_app.state.metrics, exc)
            reply = Reply(exc.status, body=(exc.message + "\n").encode(), headers=exc.headers)
        headers = [(b"content-type", reply.media_type.encode()), (b"content-length", str(len(reply.body)).encode())]
        headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in reply.headers.items()]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body})


async def _route(request: Request) -> Response:
    """``/sparql`` through FastAPI's routing: what the OpenAPI schema documents (``Endpoint`` answers first)."""
    reply = await sparql(request)
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=reply.headers)


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
router.add_api_route(PATH, _route, methods=["GET"], responses=_ANSWERS,
                     summary="SPARQL 1.1 query, or the service description", operation_id="sparql_get",
                     openapi_extra={"parameters": [_QUERY_PARAM, *_DATASET]})
router.add_api_route(PATH, _route, methods=["POST"], responses=_ANSWERS,
                     summary="SPARQL 1.1 query or update (an update needs the token)", operation_id="sparql_post",
                     openapi_extra={"parameters": _DATASET, "requestBody": {"required": True, "content": _BODIES}})
