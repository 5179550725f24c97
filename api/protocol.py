"""Reading a SPARQL 1.1 Protocol request: which operation, its text and its dataset.

Follows https://www.w3.org/TR/sparql11-protocol/: a query by GET (``query=``), by
POST form (``application/x-www-form-urlencoded``) or by POST body
(``application/sparql-query``); an update by POST form or ``application/sparql-update``.
Exactly one operation string per request; bodies and percent-decoded parameters
must be UTF-8, and bodies no larger than ``max_body_bytes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs

from fastapi import Request

from api.errors import ApiError

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
# A DTD sits in the prolog, before the root element (after an optional BOM, XML declaration, comments).
_DOCTYPE = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*<!DOCTYPE", re.IGNORECASE | re.DOTALL)
# Characters never allowed in an IRI (RFC 3987): controls, space and the delimiters below.
_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f<>"{}|^`\\]')


@dataclass(frozen=True)
class Operation:
    """A parsed protocol request."""

    kind: str  # 'query' | 'update'
    text: str
    default_graphs: tuple[str, ...]  # default-graph-uri (query) or using-graph-uri (update)
    named_graphs: tuple[str, ...]  # named-graph-uri or using-named-graph-uri


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything over ``limit`` bytes before reading it all.

    An XML body (RDF/XML uploads) with a document type declaration is refused: RDF/XML
    never needs a DTD, and its entities are how "billion laughs" bombs and external
    entity reads get in.
    """
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"request body of {declared} bytes is over the limit of {limit} bytes "
                            "(NEWSKG_MAX_BODY_BYTES)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"request body is over the limit of {limit} bytes (NEWSKG_MAX_BODY_BYTES)")
        chunks.append(chunk)
    body = b"".join(chunks)
    if media_type(request)[0].endswith(("/xml", "+xml")) and _DOCTYPE.match(body):
        raise ApiError(400, "XML with a document type declaration (<!DOCTYPE ...>) is not accepted: RDF/XML "
                            "needs no DTD, and its entities could expand without bound; remove it and "
                            "write entities out")
    return body


def media_type(request: Request) -> tuple[str, str | None]:
    """The request's media type (lower case) and its charset parameter, if any."""
    header = request.headers.get("content-type", "")
    fields = [f.strip() for f in header.split(";")]
    charset = None
    for param in fields[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return fields[0].lower(), charset


def decode(body: bytes, charset: str | None) -> str:
    """UTF-8 text of a body; other charsets are refused as the protocol requires."""
    if charset not in (None, "utf-8", "utf8"):
        raise ApiError(415, f"charset {charset} is not supported: send UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the request body is not valid UTF-8 (byte {exc.start})") from None


def is_absolute_iri(value: str) -> bool:
    """A scheme and no character an IRI may not hold: safe to write as ``<value>`` in SPARQL or to the store."""
    return ":" in value and not _NOT_IN_IRI.search(value)


def check_iris(name: str, values: list[str]) -> tuple[str, ...]:
    """Graph IRIs given as parameters must be absolute."""
    for v in values:
        if not is_absolute_iri(v):
            raise ApiError(400, f"{name} must be an absolute IRI, got {v!r}")
    return tuple(values)


def _single(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) > 1:
        raise ApiError(400, f"send exactly one '{name}' parameter, got {len(values)}")
    return values[0]


def parse_params(encoded: str, where: str) -> dict[str, list[str]]:
    """Form-encoded parameters; percent-escapes that do not decode as UTF-8 are refused, not replaced.

    Silently replacing them with U+FFFD would run a different query than the one sent.
    """
    try:
        return parse_qs(encoded, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the {where} is not valid UTF-8 once percent-decoded ({exc.reason}): "
                            "percent-encode the UTF-8 bytes of the text") from None


async def read_operation(request: Request, max_body_bytes: int) -> Operation | None:
    """Parse the request; None for a GET without an operation (the service description)."""
    params = parse_params(request.scope["query_string"].decode("latin-1"), "URL query string")
    if request.method == "GET":
        if "update" in params:
            raise ApiError(400, "updates must be sent with POST, not GET")
        if "query" not in params:
            return None
        return _operation("query", _single(params, "query"), params)
    mtype, charset = media_type(request)
    if mtype not in (FORM, QUERY, UPDATE):
        shown = mtype or "no Content-Type"
        raise ApiError(415, f"unsupported request media type ({shown}): POST a query as {QUERY}, an update "
                            f"as {UPDATE}, or either as {FORM} with a 'query' or 'update' field")
    text = decode(await read_body(request, max_body_bytes), charset)
    if mtype != FORM:
        if "query" in params or "update" in params:
            raise ApiError(400, "send the operation either in the body or in the URL, not both")
        return _operation("query" if mtype == QUERY else "update", text, params)
    form = parse_params(text, "form body")
    for name, values in params.items():  # dataset parameters may also sit in the URL
        form.setdefault(name, []).extend(values)
    kinds = [k for k in ("query", "update") if k in form]
    if len(kinds) != 1:
        raise ApiError(400, "the form must hold exactly one 'query' or 'update' field")
    return _operation(kinds[0], _single(form, kinds[0]), form)


def _operation(kind: str, text: str, params: dict[str, list[str]]) -> Operation:
    if not text.strip():
        raise ApiError(400, f"the {kind} is empty")
    if kind == "query" and ("using-graph-uri" in params or "using-named-graph-uri" in params):
        raise ApiError(400, "using-graph-uri/using-named-graph-uri apply to updates; use default-graph-uri "
                            "/named-graph-uri with a query")
    default_name, named_name = (("default-graph-uri", "named-graph-uri") if kind == "query"
                                else ("using-graph-uri", "using-named-graph-uri"))
    default = check_iris(default_name, params.get(default_name, []))
    named = check_iris(named_name, params.get(named_name, []))
    return Operation(kind, text, default, named)
