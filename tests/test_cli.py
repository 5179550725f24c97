"""The command line end to end, on a real store built from the seed articles."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.settings import get_settings
from tests.conftest import publisher_required_shapes

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
runner = CliRunner()


def run(*args: str, input: str | None = None):
    result = runner.invoke(app, list(args), input=input)
    return result


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = run("build", str(SEEDS), "--store", str(path))
    assert result.exit_code == 0, result.output
    return path


def export(store: Path, fmt: str, dest: Path) -> Path:
    result = run("export", "--store", str(store), "--format", fmt, "-o", str(dest))
    assert result.exit_code == 0, result.output
    return dest


def sorted_nquads(store: Path, tmp: Path) -> list[str]:
    dest = export(store, "nquads", tmp / f"{store.name}.nq")
    return sorted(line for line in dest.read_text(encoding="utf-8").splitlines() if line.strip())


def test_build_reports_a_summary(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again"
    result = run("build", str(SEEDS), "--store", str(copy))
    assert "2 articles read: 2 added" in result.output


def test_rebuilding_unchanged_articles_changes_nothing(store: Path, tmp_path: Path) -> None:
    before = sorted_nquads(store, tmp_path)
    result = run("build", str(SEEDS), "--store", str(store))
    assert result.exit_code == 0
    assert "0 added, 0 replaced, 2 unchanged" in result.output
    assert sorted_nquads(store, tmp_path) == before


def test_same_input_gives_the_same_graph(store: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert run("build", str(SEEDS), "--store", str(other)).exit_code == 0
    assert sorted_nquads(other, tmp_path) == sorted_nquads(store, tmp_path)


def test_exports_parse_in_every_format(store: Path, tmp_path: Path) -> None:
    triples = None
    for fmt, rdflib_fmt in (("turtle", "turtle"), ("nt", "nt"), ("rdfxml", "xml")):
        g = Graph().parse(export(store, fmt, tmp_path / f"g.{fmt}"), format=rdflib_fmt)
        assert len(g) > 0
        triples = triples or set(g)
        assert len(set(g)) == len(triples), fmt
    for fmt, rdflib_fmt in (("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")):
        ds = Dataset()
        ds.parse(export(store, fmt, tmp_path / f"g.{fmt}"), format=rdflib_fmt)
        assert len(list(ds.graphs())) >= 3  # two articles and the ontology


def test_export_to_stdout(store: Path) -> None:
    result = run("export", "--store", str(store), "--format", "nt")
    assert result.exit_code == 0
    assert "<https://w3id.org/newskg/ontology#Article>" in result.stdout


def test_exported_graph_validates(store: Path, tmp_path: Path) -> None:
    ttl = export(store, "turtle", tmp_path / "g.ttl")
    result = run("validate", str(ttl))
    assert result.exit_code == 0, result.output


def test_query_formats(store: Path) -> None:
    q = "SELECT ?a ?src WHERE { ?a a nkg:Article ; dct:source ?src } ORDER BY ?src"
    as_json = json.loads(run("query", q, "--store", str(store), "--format", "json").stdout)
    sources = [b["src"]["value"] for b in as_json["results"]["bindings"]]
    assert [Path(s).name for s in sources] == sorted(p.name for p in SEEDS.iterdir())
    csv_lines = run("query", q, "--store", str(store), "--format", "csv").stdout.strip().splitlines()
    assert csv_lines[0].strip() == "a,src" and len(csv_lines) == 3
    assert run("query", "ASK { ?x a nkg:Article }", "--store", str(store)).stdout.strip() == "true"


def test_malformed_query_is_a_clear_error(store: Path) -> None:
    result = run("query", "SELECT WHERE {", "--store", str(store))
    assert result.exit_code == 2
    assert "malformed query" in result.output


def test_stats_counts_articles_and_classes(store: Path) -> None:
    result = run("stats", "--store", str(store))
    assert result.exit_code == 0
    assert "articles" in result.stdout and "Article" in result.stdout


def test_the_store_can_come_from_the_environment(store: Path, tmp_path: Path) -> None:
    named = runner.invoke(app, ["stats"], env={"NEWSKG_STORE": str(store)})
    assert named.exit_code == 0 and named.stdout == run("stats", "--store", str(store)).stdout
    missing = runner.invoke(app, ["stats"], env={"NEWSKG_STORE": str(tmp_path / "nowhere")})
    assert missing.exit_code != 0 and "nowhere" in missing.output


def test_explain_shows_mentions_with_sentences(store: Path) -> None:
    q = "SELECT ?n WHERE { ?n nkg:mention ?m . ?m nkg:sentence ?s } LIMIT 1"
    rows = json.loads(run("query", q, "--store", str(store), "--format", "json").stdout)["results"]["bindings"]
    if not rows:
        pytest.skip("the extractors produced no mentions yet")
    result = run("explain", rows[0]["n"]["value"], "--store", str(store))
    assert result.exit_code == 0
    assert "mentions" in result.stdout and "seeds/" in result.stdout
    assert run("explain", "actor/nobody-at-all", "--store", str(store)).exit_code == 1


def test_text_in_brackets_is_printed_as_written(store: Path) -> None:
    """Rich reads "[...]" as markup; sentences, quotes and table cells must keep their brackets."""
    q = 'SELECT DISTINCT ?n ?s WHERE { ?n nkg:mention ?m . ?m nkg:sentence ?s FILTER(CONTAINS(?s, "[")) }'
    rows = json.loads(run("query", q, "--store", str(store), "--format", "json").stdout)["results"]["bindings"]
    assert rows, "the seed articles have a sentence with an editor's [insertion]"
    sentence = rows[0]["s"]["value"]
    bracketed = sentence[sentence.index("["):sentence.index("]") + 1]
    assert bracketed in run("explain", rows[0]["n"]["value"], "--store", str(store)).stdout
    table = run("query", q, "--store", str(store)).stdout
    assert bracketed.split()[0] in table  # the table wraps long cells, but keeps the bracket


def test_remove_takes_out_one_article(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(store, copy)
    target = sorted(SEEDS.iterdir())[0]
    result = run("remove", str(SEEDS / target.name), "--store", str(copy))
    assert result.exit_code == 0, result.output
    remaining = run("query", "SELECT ?s WHERE { ?a a nkg:Article ; dct:source ?s }", "--store", str(copy),
                    "--format", "csv").stdout
    assert target.name not in remaining
    assert run("remove", "no-such-article", "--store", str(copy)).exit_code == 1


def test_changed_source_replaces_its_old_version(tmp_path: Path) -> None:
    article = tmp_path / "news" / "a.txt"
    article.parent.mkdir()
    article.write_text("Syrian troops advanced towards Palmyra on Monday.", encoding="utf-8")
    store = tmp_path / "s"
    assert run("build", str(article.parent), "--store", str(store)).exit_code == 0
    article.write_text("Syrian troops withdrew from Palmyra on Tuesday.", encoding="utf-8")
    result = run("build", str(article.parent), "--store", str(store))
    assert "1 replaced" in result.output
    texts = run("query", "SELECT ?t WHERE { ?a nkg:text ?t }", "--store", str(store), "--format", "csv").stdout
    assert "withdrew" in texts and "advanced" not in texts


def test_jsonl_from_stdin_and_bad_items_are_reported(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "Ceasefire talks in Astana", "text": "Delegations met in Astana on Monday.",
                         "date": "2019-04-25", "author": "Ann Lee", "publisher": "Example Wire"}),
             "{not json", json.dumps({"text": ""})]
    store = tmp_path / "s"
    result = run("build", "-", "--store", str(store), input="\n".join(lines))
    assert result.exit_code == 1, result.output  # some items failed; the good one is stored
    assert "1 added" in result.output and "2 failed" in result.output
    assert "<stdin>:2" in result.output and "invalid JSON" in result.output
    meta = run("query", "SELECT ?t ?c ?d ?p WHERE { ?a dct:title ?t ; dct:creator ?c ; dct:issued ?d ; dct:publisher ?p }",
               "--store", str(store), "--format", "csv").stdout
    assert "Ceasefire talks in Astana,Ann Lee,2019-04-25,Example Wire" in meta


def test_article_failing_validation_is_not_stored(tmp_path: Path, monkeypatch) -> None:
    shapes = publisher_required_shapes(tmp_path)
    monkeypatch.setenv("NEWSKG_SHAPES", str(shapes))
    get_settings.cache_clear()
    try:
        store = tmp_path / "s"
        result = run("build", str(SEEDS), "--store", str(store))
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "fails validation" in result.output and "an article needs a publisher" in result.output
    count = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a nkg:Article }", "--store", str(store),
                "--format", "csv").stdout
    assert count.strip().splitlines()[-1].strip() == "0"


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is absent (not a dev checkout)")
def test_scorer_reports_a_figure_in_every_area(store: Path, tmp_path: Path) -> None:
    graph = export(store, "nquads", tmp_path / "g.nq")
    figures = tmp_path / "figures.json"
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(graph), str(SHARED / "eval" / "gold" / "dev.json"),
                    str(SEEDS), "--ontology", str(ROOT / "ontology" / "newskg.ttl"), "--json", str(figures)],
                   check=True, capture_output=True)
    f = json.loads(figures.read_text())
    for area in ("entity_f1", "event_f1", "statement_f1", "provenance_valid", "metadata_accuracy"):
        assert f[area] > 0, area


def test_validate_a_store_directly(store: Path) -> None:
    result = run("validate", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output
    assert run("validate", "--store", str(store.parent / "no-such-store")).exit_code == 2
    assert run("validate").exit_code == 2
