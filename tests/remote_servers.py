"""Real SPARQL servers for the remote-store tests: Oxigraph server and Virtuoso, on 127.0.0.1.

Each server runs from a temporary folder on a free port and is stopped afterwards. A test
that needs one is skipped, with the reason, only when its binary is not installed
(``pip install oxigraph``; ``apt-get install virtuoso-opensource``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner, Result

from kg.cli import app
from kg.settings import get_settings
from tests.conftest import SEEDS, free_port

KINDS = ["oxigraph", "virtuoso"]
_runner = CliRunner()


def run(*args: str) -> Result:
    """``newskg ARGS`` in this process (spaCy loads once for every build of the session)."""
    return _runner.invoke(app, list(args))


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    env: dict[str, str] = field(default_factory=dict)  # what newskg needs to write to it (credentials)


def wait_until_up(server: Server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        try:
            if httpx.post(server.url, data={"query": "ASK {}"}, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer at {server.url} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {vad}
VADInstallDir = {vad}/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def start_oxigraph(folder: Path) -> Server:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("Oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Server("oxigraph", f"http://127.0.0.1:{port}/query", proc)


def start_virtuoso(folder: Path) -> Server:
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=free_port(), http_port=http_port,
                                       vad="/usr/share/virtuoso-opensource-7/vad"))
    proc = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Updates need an account: Virtuoso's digest-protected endpoint with its default dba account.
    return Server("virtuoso", f"http://127.0.0.1:{http_port}/sparql-auth", proc,
                  env={"NEWSKG_SPARQL_USER": "dba", "NEWSKG_SPARQL_PASSWORD": "dba"})


@contextmanager
def running(kind: str, folder: Path) -> Iterator[Server]:
    """A started server of ``kind`` (one of ``KINDS``); its credentials are in this process's environment meanwhile.

    The environment is where the CLI, the stores and ``newskg serve`` subprocesses read them from.
    """
    srv = start_oxigraph(folder) if kind == "oxigraph" else start_virtuoso(folder)
    try:
        wait_until_up(srv)
        with pytest.MonkeyPatch.context() as env:
            for name, value in srv.env.items():
                env.setenv(name, value)
            get_settings.cache_clear()  # settings are read once per process
            yield srv
    finally:
        get_settings.cache_clear()
        stop(srv.process)


def sorted_quads(path: Path, without_graph: str | None = None) -> list[str]:
    """The file's quads in one canonical text form (servers may write literals differently)."""
    return sorted(str(q) for q in ox.parse(path=path, format=ox.RdfFormat.N_QUADS)
                  if q.graph_name != ox.NamedNode(without_graph or "urn:none"))


def export(store: str, dest: Path, fmt: str = "nquads") -> Path:
    """``newskg export --store STORE`` to ``dest``."""
    result = run("export", "--store", store, "--format", fmt, "-o", str(dest))
    assert result.exit_code == 0, result.output
    return dest


def build_seeds(server: Server) -> Server:
    """``newskg build seeds --store URL``: the two sample articles stored in the server."""
    result = run("build", str(SEEDS), "--store", server.url)
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    return server
