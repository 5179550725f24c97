"""FastAPI dependencies: the settings and the executor of the running application.

Both live on ``app.state`` (set by ``create_app`` and its lifespan), so tests and
``newskg serve`` configure the app through ``Settings`` alone, never the environment.
"""

from __future__ import annotations

from fastapi import Request

from api.errors import ApiError
from api.executor import Executor, ReadWrite
from api.inline import InlineRunner
from kg.settings import Settings


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


async def get_executor(request: Request) -> Executor | ReadWrite | InlineRunner:
    """What runs store jobs: the worker pools, or this process itself (``api.inline``)."""
    executor = getattr(request.app.state, "executor", None)
    if executor is None:
        raise ApiError(503, "the store is not open yet")
    return executor
