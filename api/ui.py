"""The query page at ``/`` and the API docs at ``/docs``, served from the package.

The query page is YASGUI (SPARQL editor with syntax checking, tabs, result
tables), vendored into ``api/static/vendor/yasgui`` by ``scripts/vendor-js.sh``
so that it works offline and loads nothing from a CDN. Its requests go to this
server's ``/sparql``.

The example questions live once, as SPARQL files in ``api/static/examples``
(``# question`` on the first line, then the query): the page offers them, the
tests run them, ``newskg query @FILE`` runs them, and the README shows them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.vocab import PREFIXES

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
EXAMPLES = STATIC / "examples"
_EXAMPLES_SLOT = "{{examples}}"
_PREFIXES_SLOT = "{{prefixes}}"  # the prefixes every query may use undeclared (kg.vocab.PREFIXES)
router = APIRouter(tags=["Query page"])


@dataclass(frozen=True)
class Example:
    """An analyst's question and the SPARQL query that answers it."""

    question: str
    file: str  # the file name under /static/examples/
    query: str


@lru_cache(maxsize=1)
def examples() -> tuple[Example, ...]:
    """The example queries, in file-name order; the question is each file's first line (a ``#`` comment)."""
    found = []
    for path in sorted(EXAMPLES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.split("\n", 1)[0]
        if not first.startswith("#"):
            raise ValueError(f"{path}: the first line must be '# <the question the query answers>'")
        found.append(Example(first.lstrip("#").strip(), path.name, text))
    return tuple(found)


def _json(value: object) -> str:
    """JSON to embed in a <script> element (no "</" can close it)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


@lru_cache(maxsize=1)
def _index_page() -> str:
    page = (TEMPLATES / "index.html").read_text(encoding="utf-8")
    return page.replace(_EXAMPLES_SLOT, _json([asdict(e) for e in examples()])).replace(_PREFIXES_SLOT, _json(PREFIXES))


@router.get("/", response_class=HTMLResponse, summary="The query page")
async def index() -> HTMLResponse:
    """The SPARQL query page (YASGUI) with the example questions."""
    return HTMLResponse(_index_page())


@lru_cache(maxsize=1)
def templates() -> Environment:
    """The Jinja templates of the pages (autoescaped)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


@router.get("/timeline", response_class=HTMLResponse, summary="Timeline of events", include_in_schema=False)
async def timeline() -> HTMLResponse:
    """The graph's events on a timeline, filterable by type, actor and place (``?focus=IRI`` presets them)."""
    return HTMLResponse(templates().get_template("timeline.html").render())


@router.get("/map", response_class=HTMLResponse, summary="Map of places and events", include_in_schema=False)
async def map_page() -> HTMLResponse:
    """Places with coordinates and the events there, on a bundled world basemap (Leaflet, offline)."""
    return HTMLResponse(templates().get_template("map.html").render())


@router.get("/docs", response_class=HTMLResponse, summary="These API docs", include_in_schema=False)
async def docs() -> HTMLResponse:
    """The routes of the OpenAPI description, rendered by a local script (FastAPI's Swagger page needs a CDN)."""
    return HTMLResponse((TEMPLATES / "docs.html").read_text(encoding="utf-8"))


def mount_static(app: FastAPI) -> None:
    """Serve the page's scripts, style sheets, vendored YASGUI and example queries under ``/static``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
