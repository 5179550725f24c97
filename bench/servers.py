"""Start the SPARQL servers under test as subprocesses on free local ports, and stop them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tool(name: str) -> str | None:
    """A console script of this environment, else one on PATH."""
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


@dataclass(frozen=True)
class Endpoint:
    """A running SPARQL endpoint: ``url(query)`` is the GET URL a load generator requests."""

    name: str
    sparql: str
    extra: tuple[tuple[str, str], ...] = ()

    def url(self, query: str) -> str:
        return f"{self.sparql}?{urlencode([('query', query), *self.extra])}"


@contextmanager
def serving(name: str, command: list[str], sparql: str, extra: tuple[tuple[str, str], ...] = (),
            startup: float = 120.0, env: dict[str, str] | None = None) -> Iterator[Endpoint]:
    """Run ``command`` (with ``env`` added to the environment) until the endpoint answers ASK; yield it; stop it."""
    log = open(Path("/tmp") / f"bench-{name}-{sparql.split(':')[-1].split('/')[0]}.log", "wb")
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    endpoint = Endpoint(name, sparql, extra)
    try:
        deadline = time.monotonic() + startup
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode} (log: {log.name})")
            try:
                if httpx.get(endpoint.url("ASK {}"), timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer within {startup} s (log: {log.name})")
            time.sleep(0.3)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def newskg(store: Path, name: str = "newskg") -> tuple[str, list[str], str]:
    port = free_port()
    return name, [tool("newskg") or "newskg", "serve", "--store", str(store), "--port", str(port)], \
        f"http://127.0.0.1:{port}/sparql"


def oxigraph(store: Path) -> tuple[str, list[str], str]:
    port = free_port()
    return "oxigraph", [tool("oxigraph") or "oxigraph", "serve", "--location", str(store), "--bind",
                        f"127.0.0.1:{port}"], f"http://127.0.0.1:{port}/query"  # the store's default graph: the union


def rdflib_endpoint(nquads: Path) -> tuple[str, list[str], str]:
    port = free_port()
    return "rdflib-endpoint", [tool("rdflib-endpoint") or "rdflib-endpoint", "serve", str(nquads), "--host",
                               "127.0.0.1", "--port", str(port)], f"http://127.0.0.1:{port}/"
