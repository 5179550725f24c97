"""Who may write: a bearer token from ``NEWSKG_API_TOKEN``, compared in constant time.

Without a configured token the server is read-only and every write gets 403; with
one, a write without the right ``Authorization: Bearer`` header gets 401.
"""

from __future__ import annotations

import hmac

from fastapi import Request

from api.errors import ApiError
from kg.settings import Settings


def require_writer(request: Request, settings: Settings) -> None:
    """Raise unless the request carries the configured bearer token."""
    if not settings.api_token:
        raise ApiError(403, "writes are disabled: this server runs read-only (set NEWSKG_API_TOKEN to enable "
                            "writes with a bearer token)")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.api_token.encode()):
        raise ApiError(401, "writes need the header 'Authorization: Bearer <NEWSKG_API_TOKEN>'",
                       {"WWW-Authenticate": 'Bearer realm="newskg"'})
