"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: queries, updates and the service description.

The web process parses and checks the request (protocol, network guard,
negotiation, authorisation); a worker process evaluates it (``api.executor``).
The default graph is the union of all article graphs unless the request
(``default-graph-uri``/``named-graph-uri``) or the query (``FROM``) names a dataset.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from api import guard
from api.auth import require_writer
from api.deps import get_executor, get_settings
from api.errors import ApiError
from api.executor import Executor
from api.formats import BOOLEAN, CANONICAL, RDF, SOLUTIONS, rdf_format
from api.jobs import QueryJob, Reply, UpdateJob
from api.negotiation import choose
from api.protocol import Operation, read_operation
from api.service_description import describe
from kg.settings import Settings

router = APIRouter(tags=["SPARQL"])


def endpoint_iri(request: Request) -> str:
    """This endpoint's URL: the base IRI of relative IRIs in operations, as the protocol suggests."""
    return str(request.url.replace(query="", fragment=""))


def _respond(reply: Reply) -> Response:
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=reply.headers)


def _query_job(op: Operation, request: Request) -> QueryJob:
    toks = guard.tokens(op.text)
    guard.refuse_network_access(toks)
    accept = request.headers.get("accept")
    formats = [table.get(choose(accept, list(table)) or "") for table in (SOLUTIONS, BOOLEAN, RDF)]
    if not any(formats):
        raise ApiError(406, f"no acceptable media type in 'Accept: {accept}'; this endpoint answers with "
                            + ", ".join(sorted(set(SOLUTIONS) | set(RDF))))
    protocol_dataset = bool(op.default_graphs or op.named_graphs)
    return QueryJob(
        sparql=op.text, base_iri=endpoint_iri(request),
        default_graphs=op.default_graphs if protocol_dataset else None,
        named_graphs=op.named_graphs if protocol_dataset else None,
        union_default_graph=not guard.has_keyword(toks, "FROM"),
        solutions_format=formats[0], boolean_format=formats[1], graph_format=formats[2],
    )


def _update_job(op: Operation, request: Request, settings: Settings) -> UpdateJob:
    require_writer(request, settings)
    toks = guard.tokens(op.text)
    guard.refuse_network_access(toks)
    text = guard.add_using(op.text, toks, list(op.default_graphs), list(op.named_graphs))
    return UpdateJob(text, endpoint_iri(request))


@router.api_route("/sparql", methods=["GET", "POST"], summary="SPARQL 1.1 query and update endpoint")
async def sparql(request: Request, settings: Settings = Depends(get_settings),
                 executor: Executor = Depends(get_executor)) -> Response:
    """SPARQL 1.1 Protocol. Without an operation, GET returns the service description."""
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
