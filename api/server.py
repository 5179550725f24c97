"""``newskg serve``: the API under uvicorn, as one process or as supervised read-only processes.

- **Read-only embedded store** (the default): ``workers`` web processes share one
  listening socket under uvicorn's process supervisor. Each opens the store
  read-only and evaluates queries itself (``api.inline``); when one retires
  after a runaway query, the supervisor starts a replacement while the others
  keep answering. The processes get their settings through the environment
  (``NEWSKG_*``), which is how uvicorn's spawned workers build their app.
- **Writable store** (``NEWSKG_API_TOKEN``) **or remote store**: one web process,
  and jobs run in the worker-process pools of ``api.executor``: one writer, and
  reader processes that answer queries from the snapshot the writer publishes
  after each write (one process may write a RocksDB store); a remote store's
  requests are bounded by killing the worker that waits on them.
"""

from __future__ import annotations

import json
import os
import tempfile

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from api.app import create_app
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore


def supervised(settings: Settings) -> bool:
    """Whether this server runs as supervised read-only processes that evaluate queries inline."""
    return not settings.api_token and not settings.remote_store


def environment(settings: Settings) -> dict[str, str]:
    """``NEWSKG_*`` variables from which a spawned process rebuilds exactly ``settings``."""
    env = {}
    for name, value in settings.model_dump(mode="json", exclude_none=True).items():
        field = f"NEWSKG_{name.upper()}"
        if name == "sparql_password" and settings.sparql_password is not None:
            value = settings.sparql_password.get_secret_value()
        env[field] = value if isinstance(value, str) else json.dumps(value)
    return env


def app_from_environment():  # noqa: ANN201 - uvicorn's factory; FastAPI is imported by create_app
    """The app of one supervised process (uvicorn's ``factory``)."""
    return create_app(Settings())


def run(settings: Settings, host: str, port: int, workers: int) -> int:
    """Serve until stopped; the exit status (non-zero when no process could start)."""
    common = {"host": host, "port": port, "log_level": "info", "access_log": False,  # the app logs requests
              "timeout_graceful_shutdown": max(5, int(settings.query_timeout))}
    if not supervised(settings):
        uvicorn.run(create_app(settings), **common)
        return 0
    EmbeddedStore(settings.store, read_only=True).close()  # a locked or missing store fails here, with its message
    with tempfile.TemporaryDirectory(prefix="newskg-metrics-") as metrics_dir:
        os.environ.update(environment(settings.model_copy(update={"inline_queries": True})))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir  # one /metrics over all processes
        config = uvicorn.Config("api.server:app_from_environment", factory=True, workers=workers, **common)
        supervisor = Multiprocess(config, sockets=[config.bind_socket()])
        supervisor.run()
    failed = any(p.exitcode == STARTUP_FAILURE for p in supervisor.processes)
    return STARTUP_FAILURE if failed else 0
