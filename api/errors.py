"""One exception type for every client-visible failure, rendered as a plain-text message.

Routes raise ``ApiError(status, message)`` instead of building responses, so every
error body is a sentence a user can act on, with the right status code.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import PlainTextResponse


class ApiError(Exception):
    """An HTTP error with a human-readable message (and optional extra headers)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


async def handle_api_error(_request: Request, exc: Exception) -> PlainTextResponse:
    """Render an ``ApiError`` as ``text/plain``: curl users read it as is, SPARQL clients show it."""
    assert isinstance(exc, ApiError)
    return PlainTextResponse(exc.message + "\n", status_code=exc.status, headers=exc.headers)
