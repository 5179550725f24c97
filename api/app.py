"""The FastAPI application: ``create_app(settings)`` wires routes, the worker pool and middleware.

The store is opened in the app's lifespan and closed when it ends, so
``uvicorn.run(create_app(settings))`` is all a host server needs: by worker
processes (``api.executor``), or, in the supervised processes of ``newskg serve``
(``api.server``), by the web process itself (``api.inline``). With writes
enabled, a second pool extracts articles posted to ``/articles`` (its process
starts with the first article).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from api import articles, export, nodes, observability, sparql, ui
from api.cache import ResponseCache
from api.executor import Executor
from api.inline import InlineRunner
from kg.settings import Settings


class NewsKG(FastAPI):
    """FastAPI behind the pure ASGI layers that answer most requests: access log and metrics, cache, ``/sparql``.

    Outermost, the access log and metrics, so that every answer, errors included, is
    counted and logged once; then the response cache, so that a cached answer skips
    every other layer (they cost more than the lookup); then CORS, which applies to
    every route; then ``/sparql`` (``api.sparql.Endpoint``), answered without
    FastAPI's routing and dependencies, which cost more than a small query.
    """

    def build_middleware_stack(self) -> ASGIApp:
        settings: Settings = self.state.settings
        app: ASGIApp = sparql.Endpoint(super().build_middleware_stack(), self)
        if settings.cors_origins:
            any_origin = "*" in settings.cors_origins
            app = CORSMiddleware(app, allow_origins=settings.cors_origins, allow_credentials=not any_origin,
                                 allow_methods=["GET", "POST"],
                                 allow_headers=["Authorization", "Content-Type", "Accept"])
        if _inline(settings) and settings.result_cache_bytes > 0:  # a read-only snapshot: answers cannot go stale
            app = ResponseCache(app, max_bytes=settings.result_cache_bytes)
        return observability.Observe(app, self.state.metrics)


def create_app(settings: Settings) -> FastAPI:
    """A read-only SPARQL server over ``settings.store`` (writable when ``settings.api_token`` is set)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        executor = InlineRunner(settings) if _inline(settings) else Executor.for_store(settings)
        await executor.start()
        app.state.executor = executor
        app.state.extractor = Executor.for_extraction(settings) if settings.api_token else None
        try:
            yield
        finally:
            await executor.close()
            if app.state.extractor is not None:
                await app.state.extractor.close()

    app = NewsKG(title="newskg", summary="A knowledge graph of news: SPARQL endpoint, exports and query page.",
                  lifespan=lifespan, docs_url=None, redoc_url=None)  # /docs comes from api.ui, without a CDN
    app.state.settings = settings
    observability.install(app)
    for module in (sparql, export, articles, nodes, observability, ui):
        app.include_router(module.router)
    ui.mount_static(app)
    return app


def _inline(settings: Settings) -> bool:
    """Whether this process evaluates queries itself, on a read-only handle (``api.inline``)."""
    return settings.inline_queries and not settings.api_token and not settings.remote_store
