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


def test_dask_build_refuses_an_overrunning_article_and_stores_the_others(cluster: str, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit holds on the workers: each task runs its articles in a supervised process of the worker
    (``kg.guard``, whose kill and replacement tests/test_time_limit.py checks), so the task and the build go on.
    The settings, test hook included, travel to the workers with the tasks."""
    from kg.settings import get_settings
    from tests.test_time_limit import STALL, stalling_article

    folder = tmp_path / "batch"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "zz_stalls.txt").write_text(stalling_article(), encoding="utf-8")
    store = str(tmp_path / "store")
    monkeypatch.setenv("NEWSKG_TEST_HOOK_STALL_MARKER", STALL)
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["build", str(folder), "--store", store, "--dask", cluster,
                                     "--extraction-timeout", "5"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    assert "zz_stalls.txt: extraction stopped after 5 s, the per-article time limit" in result.output
    assert "2 added" in result.output and "1 failed" in result.output
