"""Downloads: the whole dataset at ``/export`` and single graphs at ``/rdf-graphs`` (Graph Store Protocol).

A worker writes the RDF to a temporary file which is then streamed to the
client and deleted, so memory stays flat however large the store is. Exports
are linear scans, not user queries: they are not cut by the query timeout.
"""

from __future__ import annotations

import os
import tempfile

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from api.auth import require_writer
from api.deps import get_executor, get_settings
from api.errors import ApiError
from api.executor import Executor
from api.formats import CANONICAL, RDF, file_name
from api.jobs import DumpJob, GraphWriteJob
from api.negotiation import choose
from api.protocol import is_absolute_iri, media_type, read_body
from kg.settings import Settings
from kg.store.embedded import EXPORT_FORMATS

router = APIRouter(tags=["Export"])
_TRIPLE_FORMATS = [k for k, f in EXPORT_FORMATS.items() if not f.supports_datasets]


def pick_format(fmt: str | None, accept: str | None, allowed: list[str]) -> str:
    """The ``format`` parameter if given, else the negotiated one; 400/406 when neither works."""
    if fmt is not None:
        if fmt not in allowed:
            raise ApiError(400, f"unknown format {fmt!r}: use one of {', '.join(allowed)}")
        return fmt
    offers = [m for m, k in RDF.items() if k in allowed]
    chosen = choose(accept, offers)
    if chosen is None:
        raise ApiError(406, "no acceptable RDF media type in the Accept header; accepted: " + ", ".join(offers))
    return RDF[chosen]


async def _download(executor: Executor, fmt: str, stem: str, **job_args: object) -> Response:
    handle, path = tempfile.mkstemp(prefix="newskg-export-", suffix="." + fmt)
    os.close(handle)
    try:
        reply = await executor.run(DumpJob(fmt=fmt, path=path, **job_args), bounded=False)
    except BaseException:
        os.unlink(path)
        raise
    if reply.status != 200:
        os.unlink(path)
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type)
    return FileResponse(path, media_type=CANONICAL[fmt], filename=file_name(fmt, stem),
                        background=BackgroundTask(os.unlink, path))


@router.get("/export", summary="Download the whole graph")
async def export(request: Request,
                 format: str | None = Query(None, description="turtle, nt, nquads, trig, jsonld or rdfxml"),
                 executor: Executor = Depends(get_executor)) -> Response:
    """The whole dataset, as ``newskg export`` writes it: triple formats hold the union of all graphs."""
    fmt = pick_format(format, request.headers.get("accept"), list(EXPORT_FORMATS))
    return await _download(executor, fmt, "newskg")


def _graph_target(request: Request) -> str | None:
    """None for ``?default``, the IRI for ``?graph=IRI``; 400 otherwise."""
    params = request.query_params
    if "default" in params and "graph" not in params:
        return None
    graphs = params.getlist("graph")
    if len(graphs) == 1 and "default" not in params and is_absolute_iri(graphs[0]):
        return graphs[0]
    raise ApiError(400, "name exactly one graph: ?default or ?graph=<absolute IRI>")


@router.get("/rdf-graphs", summary="Graph Store Protocol: read one graph")
async def get_graph(request: Request, format: str | None = Query(None),
                    executor: Executor = Depends(get_executor)) -> Response:
    """``?default`` is the default graph (the union of all article graphs); ``?graph=IRI`` one named graph."""
    graph = _graph_target(request)
    fmt = pick_format(format, request.headers.get("accept"), list(EXPORT_FORMATS))
    scope = "default" if graph is None else "graph"
    return await _download(executor, fmt, "default" if graph is None else "graph", scope=scope, graph=graph)


async def write_graph(request: Request, settings: Settings = Depends(get_settings),
                      executor: Executor = Depends(get_executor)) -> Response:
    """PUT replaces, POST merges into, DELETE drops a graph; needs the bearer token."""
    require_writer(request, settings)
    graph = _graph_target(request)
    data, fmt = b"", "turtle"
    if request.method != "DELETE":
        mtype, _charset = media_type(request)
        if mtype not in RDF or RDF[mtype] not in _TRIPLE_FORMATS:
            raise ApiError(415, f"unsupported RDF media type {mtype or '(none)'}: send one of "
                                + ", ".join(m for m, k in RDF.items() if k in _TRIPLE_FORMATS))
        fmt = RDF[mtype]
        data = await read_body(request, settings.max_body_bytes)
    reply = await executor.run(GraphWriteJob(request.method, graph, data, fmt, graph or str(request.url)))
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type if reply.body else None,
                    headers=reply.headers)


for _method, _what in (("PUT", "replace"), ("POST", "merge into"), ("DELETE", "drop")):  # one operation id each
    router.add_api_route("/rdf-graphs", write_graph, methods=[_method], operation_id=f"rdf_graphs_{_method.lower()}",
                         summary=f"Graph Store Protocol: {_what} one graph (needs the token)")
