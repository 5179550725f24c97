"""``POST /articles``: one article in, extracted, validated and stored — the HTTP twin of ``newskg build``.

The body is the article as ``text/plain`` (either layout ``newskg build`` reads:
a title/byline/date header, or a ``date YYYY-MM-DD`` stamp) or as one JSON
crawler record (``text`` plus optional ``title``, ``date``, ``author``, ``url``...).
The web process only reads the article; the extractor process (``api.executor``)
runs spaCy, extraction, RDF and SHACL validation; the store worker writes the graph.

Answers: 201 with the article IRI and what was extracted (added, or replaced an
older version from the same source); 200 when the same article is already stored;
422 with the SHACL report when the graph fails validation (nothing is stored);
400 for an unreadable article; 415 for another media type; 401/403 without the token.
"""

from __future__ import annotations

import hashlib
import json

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from api.auth import require_writer
from api.deps import get_executor, get_settings
from api.errors import ApiError
from api.executor import Executor
from api.jobs import Extracted, ExtractJob, PutArticleJob, QueryJob
from api.protocol import media_type, read_body
from kg.model import Article
from kg.rdf import Minter
from kg.reading.layouts import article_from_record, article_from_text
from kg.reading.sources import MAX_ARTICLE_CHARS
from kg.reading.text import UndecodableError, decode
from kg.settings import Settings

router = APIRouter(tags=["Articles"])
TEXT, JSON = "text/plain", "application/json"


def get_extractor(request: Request) -> Executor:
    """The article extractor pool (it exists only when writes are enabled)."""
    extractor = getattr(request.app.state, "extractor", None)
    if extractor is None:
        raise ApiError(503, "article extraction is not running on this server")
    return extractor


def default_source(data: bytes) -> str:
    """A source name for an article posted without one: the same bytes get the same name."""
    return "http-post/" + hashlib.sha256(data).hexdigest()[:16]


def read_article(data: bytes, mtype: str, charset: str | None, source: str) -> Article:
    """The article in a request body; ApiError 400/413/415 when there is none to read."""
    if mtype == JSON:
        try:
            record = json.loads(data)
        except ValueError as exc:
            raise ApiError(400, f"the body is not JSON: {exc}") from None
        if not isinstance(record, dict):
            raise ApiError(400, "send one JSON object (a crawler record with a 'text' field)")
        try:
            article = article_from_record(record, source)
        except ValueError as exc:
            raise ApiError(400, f"unusable record: {exc}") from None
    elif mtype == TEXT:
        try:
            text = data.decode(charset) if charset else decode(data)
        except (UndecodableError, UnicodeDecodeError, LookupError) as exc:
            raise ApiError(400, f"cannot decode the article: {exc}") from None
        if not text.strip():
            raise ApiError(400, "empty: no text to read")
        article = article_from_text(text, source)
    else:
        raise ApiError(415, f"unsupported media type {mtype or '(none)'}: send the article as {TEXT} or {JSON}")
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise ApiError(413, f"too long for one article: {len(article.text):,} characters "
                            f"(limit {MAX_ARTICLE_CHARS:,}); split it into articles")
    return article


def _page(iri: str, settings: Settings) -> str | None:
    """Where this server shows the node (``/id/...``), when its IRI is under the base IRI."""
    return "/id/" + iri[len(settings.base_iri):] if iri.startswith(settings.base_iri) else None


async def _stored(executor: Executor, iri: str) -> bool:
    ask = QueryJob(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", base_iri=None, default_graphs=None, named_graphs=None,
                   solutions_format=None, boolean_format="json", graph_format=None)
    reply = await executor.run(ask)
    return reply.status == 200 and json.loads(reply.body)["boolean"] is True


@router.post("/articles", status_code=201, summary="Add an article: extract, validate, store (needs the token)",
             responses={200: {"description": "already stored"}, 201: {"description": "stored"},
                        422: {"description": "the graph fails SHACL validation; the report; nothing stored"}})
async def post_article(
    request: Request,
    source: str | None = Query(None, description="Where the article comes from (a URL or file name). An article "
                               "posted again with the same source and new text replaces the old version. "
                               "Default: the record's url, else a name derived from the body."),
    settings: Settings = Depends(get_settings),
    executor: Executor = Depends(get_executor),
) -> Response:
    """Extract an article (text/plain or one JSON record), validate its graph and store it."""
    require_writer(request, settings)
    extractor = get_extractor(request)
    mtype, charset = media_type(request)
    data = await read_body(request, settings.max_body_bytes)
    article = read_article(data, mtype, charset, source or default_source(data))
    iri = str(Minter(settings.base_iri).article(article))  # the extractor's graph is named the same (kg.rdf)
    answer = {"article": iri, "source": article.source, "page": _page(iri, settings)}
    if await _stored(executor, iri):
        return JSONResponse({**answer, "outcome": "unchanged"}, status_code=200)
    extracted = await extractor.run(ExtractJob(article))
    if not isinstance(extracted, Extracted):  # the extractor's error reply
        return Response(extracted.body, status_code=extracted.status, media_type=extracted.media_type)
    if extracted.report is not None:
        return Response(extracted.report, status_code=422, media_type=JSON)
    reply = await executor.run(PutArticleJob(extracted.iri, extracted.ntriples, article.source))
    if reply.status not in (200, 201):
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type)
    headers = {"Location": answer["page"]} if reply.status == 201 and answer["page"] else None
    return JSONResponse({**answer, "outcome": reply.body.decode(), "triples": extracted.triples,
                         "nodes": extracted.nodes}, status_code=reply.status, headers=headers)
