"""The query page at ``/`` and the API docs at ``/docs``, served from the package.

Plain HTML and JavaScript shipped in ``api/static`` (no CDN, works offline): the
page POSTs to ``/sparql`` and renders a table (SELECT/ASK) or the Turtle text
(CONSTRUCT/DESCRIBE).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
router = APIRouter(tags=["Query page"])


@router.get("/", response_class=HTMLResponse, summary="The query page")
async def index() -> HTMLResponse:
    """The SPARQL query page."""
    return HTMLResponse((TEMPLATES / "index.html").read_text(encoding="utf-8"))


@router.get("/docs", response_class=HTMLResponse, summary="These API docs", include_in_schema=False)
async def docs() -> HTMLResponse:
    """The routes of the OpenAPI description, rendered by a local script (FastAPI's Swagger page needs a CDN)."""
    return HTMLResponse((TEMPLATES / "docs.html").read_text(encoding="utf-8"))


def mount_static(app: FastAPI) -> None:
    """Serve the page's script and style sheet under ``/static``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
