"""An in-memory HTTP response cache for query requests to a read-only server.

Why it is correct: a read-only store handle sees the store as it was when it
was opened (``api.inline``), so the same request (method, scheme, path, query
string, body, ``Accept``, ``Host``, ``Origin``) always gets the same answer while the process lives.
Why it is worth having: dashboards, notebooks and crawlers repeat the same
queries, and answering from memory skips parsing, evaluation and serialisation.

Only ``/sparql`` requests are cached (GET, or POST with a body up to 64 KiB), only
200 answers (queries: a read-only server answers updates with 403), and only
answers up to 1/16 of the cache; the cache is an LRU
bounded in bytes (``Settings.result_cache_bytes``, 0 turns it off). Answers say
``X-NewsKG-Cache: hit`` or ``miss``.
"""

from __future__ import annotations

from dataclasses import dataclass

from cachetools import LRUCache
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_PATH = "/sparql"
_KEY_HEADERS = (b"accept", b"host", b"content-type", b"origin")  # origin: CORS headers
_MAX_BODY = 64 * 1024  # bigger POSTed queries pass through uncached
_OVERHEAD = 1024  # bytes counted per entry besides its body: key, headers, objects


@dataclass(frozen=True)
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    route: object  # the matched route, so metrics and logs name it on a hit too


class ResponseCache:
    """Pure ASGI middleware in front of the app's routes (inside the access log and metrics)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_entry = max(0, max_bytes // 16 - _OVERHEAD)  # so that an entry always fits
        self.entries: LRUCache[tuple, _Entry] = LRUCache(max_bytes, getsizeof=lambda e: len(e.body) + _OVERHEAD)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != _PATH or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        headers = {k: v for k, v in scope["headers"] if k in _KEY_HEADERS}
        body = b""
        if scope["method"] == "POST":
            body, complete = await _read(receive)
            receive = _replay(body, receive, more=not complete)
            if not complete:  # too big to keep as a key: answered, not cached
                await self.app(scope, receive, send)
                return
        key = (scope["method"], scope["scheme"], scope["query_string"], body,
               *(headers.get(h) for h in _KEY_HEADERS))
        entry = self.entries.get(key)
        if entry is not None:
            scope["route"] = entry.route
            await send({"type": "http.response.start", "status": entry.status,
                        "headers": [*entry.headers, (b"x-newskg-cache", b"hit")]})
            await send({"type": "http.response.body", "body": entry.body})
            return
        await self._fill(key, scope, receive, send)

    async def _fill(self, key: tuple, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app, passing its answer on, and keep a small 200 answer."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = message
                message = {**message, "headers": [*message.get("headers", []), (b"x-newskg-cache", b"miss")]}
            elif message["type"] == "http.response.body" and start is not None and start["status"] == 200:
                size += len(message.get("body", b""))
                if size <= self.max_entry:
                    chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and self.max_entry > 0 and size <= self.max_entry:
                    self.entries[key] = _Entry(200, list(start.get("headers", [])), b"".join(chunks),
                                               scope.get("route"))
            await send(message)

        await self.app(scope, receive, keep)


async def _read(receive: Receive) -> tuple[bytes, bool]:
    """The request body, or its first part and False when it is over ``_MAX_BODY``."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > _MAX_BODY:
            return b"".join(chunks), False


def _replay(body: bytes, receive: Receive, *, more: bool) -> Receive:
    """A ``receive`` that gives ``body`` back as read (``more``: the rest follows), then the rest of the stream."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay
