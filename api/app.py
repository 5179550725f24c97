"""The FastAPI application: ``create_app(settings)`` wires routes, the worker pool and middleware.

The store is opened only by worker processes (``api.executor``), started in the
app's lifespan and killed when it ends, so ``uvicorn.run(create_app(settings))``
is all ``newskg serve`` needs. With writes enabled, a second pool extracts
articles posted to ``/articles`` (its process starts with the first article).
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import articles, export, nodes, observability, sparql, ui
from api.executor import Executor
from kg.settings import Settings
from kg.store import StoreError


def create_app(settings: Settings) -> FastAPI:
    """A read-only SPARQL server over ``settings.store`` (writable when ``settings.api_token`` is set)."""

    if settings.store.startswith(("http://", "https://")):
        raise StoreError(f"the API serves a store folder, not a remote endpoint ({settings.store}): "
                         "query that endpoint directly")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        executor = Executor.for_store(settings)
        await executor.start()
        app.state.executor = executor
        app.state.extractor = Executor.for_extraction(settings) if settings.api_token else None
        try:
            yield
        finally:
            await executor.close()
            if app.state.extractor is not None:
                await app.state.extractor.close()

    app = FastAPI(title="newskg", summary="A knowledge graph of news: SPARQL endpoint, exports and query page.",
                  lifespan=lifespan, docs_url=None, redoc_url=None)  # /docs comes from api.ui, without a CDN
    app.state.settings = settings
    observability.install(app)
    if settings.cors_origins:
        any_origin = "*" in settings.cors_origins
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=not any_origin,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type", "Accept"])
    for module in (sparql, export, articles, nodes, observability, ui):
        app.include_router(module.router)
    ui.mount_static(app)
    return app
