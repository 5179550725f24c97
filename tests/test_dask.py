"""Extraction on worker processes (a local pool, a Dask cluster) gives the single-process graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


def build_and_export(folder: Path, *options: str) -> list[str]:
    """Sorted N-Quads of the seeds built with these options: same IRIs and triples means same lines."""
    store = str(folder / "store")
    result = runner.invoke(app, ["build", str(SEEDS), "--store", store, *options])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    out = folder / "graph.nq"
    result = runner.invoke(app, ["export", "--store", store, "--format", "nquads", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return sorted(str(q) for q in ox.parse(path=out, format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> list[str]:
    return build_and_export(tmp_path_factory.mktemp("single"))


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local.scheduler_address


def test_dask_build_equals_single_process_build(cluster: str, single: list[str], tmp_path: Path) -> None:
    graph = build_and_export(tmp_path, "--dask", cluster)
    assert graph and graph == single


def test_worker_pool_build_equals_single_process_build(single: list[str], tmp_path: Path) -> None:
    assert build_and_export(tmp_path, "--workers", "2") == single
