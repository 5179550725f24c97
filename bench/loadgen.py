"""Drive an endpoint with a native load generator (wrk) and read its throughput and latencies.

A Python client saturates near 1,200 req/s, below what the servers can do, so it would
measure itself; wrk does not. Every server gets the same connections, threads and duration.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

ACCEPT = {"select": "application/sparql-results+json", "graph": "application/n-triples"}
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


@dataclass(frozen=True)
class Load:
    """What one wrk run measured; ``errors`` counts non-2xx answers and socket errors."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * _UNITS[unit]


def available() -> bool:
    return shutil.which("wrk") is not None


def run(url: str, accept: str, connections: int, seconds: float) -> Load:
    """``connections`` keep-alive connections on one wrk thread for ``seconds``."""
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "30s",
                          "-H", f"Accept: {accept}", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return Load(rps, p50, p99, requests, errors)
