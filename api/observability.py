"""Operations: ``/healthz``, ``/metrics`` (Prometheus text format) and structured access logs.

Each app has its own Prometheus registry (several apps may live in one process,
as in tests). The middleware times every request and logs one JSON line per
request on the ``newskg.access`` logger; timeouts and rejections are counted
where errors are rendered.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import get_executor
from api.errors import ApiError, handle_api_error
from api.executor import Busy, Executor, QueryTimeout
from api.jobs import HealthJob

router = APIRouter(tags=["Operations"])
access_log = logging.getLogger("newskg.access")


class Metrics:
    """The app's Prometheus metrics."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("newskg_http_requests", "HTTP requests answered", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("newskg_http_request_duration_seconds", "Time to answer, by route", ["route"],
                                 registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
        self.timeouts = Counter("newskg_query_timeouts", "Queries stopped by the timeout", registry=self.registry)
        self.rejections = Counter("newskg_rejections", "Requests refused, by reason", ["reason"],
                                  registry=self.registry)
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count a request and its time (the label lookups, which cost more than the counting, are cached)."""
        children = self._children.get((method, route, status))
        if children is None:
            children = (self.requests.labels(method, route, str(status)), self.latency.labels(route))
            self._children[method, route, status] = children
        children[0].inc()
        children[1].observe(seconds)


class Observe:
    """Pure ASGI middleware: time every request, count it, log it as one JSON line.

    Not ``@app.middleware("http")``: Starlette's ``BaseHTTPMiddleware`` wraps every
    request in extra tasks and streams, which cost more than a small query. The app
    puts it outermost (``api.app.NewsKG``), so every answer is counted, errors included.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", "unmatched")  # set by the router when a route matched
            self.metrics.observe(scope["method"], route, status, elapsed)
            if access_log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                access_log.info(json.dumps({
                    "method": scope["method"], "path": scope["path"], "route": route, "status": status,
                    "ms": round(elapsed * 1000, 1), "client": client[0] if client else None}))


def install(app: FastAPI) -> None:
    """Set up the metrics, the access log and the error handler that counts rejections."""
    metrics = Metrics()
    app.state.metrics = metrics
    if not access_log.handlers:  # one JSON object per line on stderr, unless the host configured logging
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False

    async def counted_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        count_error(metrics, exc)
        return await handle_api_error(request, exc)

    app.add_exception_handler(ApiError, counted_error)


def count_error(metrics: Metrics, exc: ApiError) -> None:
    """Count a timeout or a rejection."""
    if isinstance(exc, QueryTimeout):
        metrics.timeouts.inc()
    elif isinstance(exc, Busy):
        metrics.rejections.labels("busy").inc()
    elif 400 <= exc.status < 500:
        metrics.rejections.labels(str(exc.status)).inc()


@router.get("/healthz", summary="Liveness and article count")
async def healthz(executor: Executor = Depends(get_executor)) -> JSONResponse:
    """200 with the number of stored articles when a worker answers from the store; 503 otherwise."""
    try:
        reply = await executor.run(HealthJob())
    except ApiError as exc:
        return JSONResponse({"status": "unavailable", "message": exc.message}, status_code=503)
    if reply.status != 200:
        return JSONResponse({"status": "unavailable", "message": reply.body.decode()}, status_code=503)
    return JSONResponse({"status": "ok", **json.loads(reply.body)})


@router.get("/metrics", summary="Prometheus metrics")
async def metrics(request: Request) -> Response:
    """Requests, latency histogram, timeouts and rejections in the Prometheus text format."""
    registry = request.app.state.metrics.registry
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:  # several processes (``api.server``): their sum
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
