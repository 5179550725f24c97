"""Proof at volume: build a large corpus of real, varied news and time every article against the limit.

The corpus is PolNeAR's articles (US election coverage of 2016 from seven outlets: 924
articles in ``../shared/eval/external/polnear-train`` and ``polnear-dev``), when they are
there; only the ``.txt`` files are articles (``gold.json`` beside them is the annotation).
The build is the one ``newskg build`` runs: extraction in a supervised process under
``extraction_timeout`` (``kg.guard``), the store written in this process. Reported:
articles/s, the slowest article with its time, and every article refused, with its reason;
none may have overrun the limit. ``--quick`` builds the dev split only (84 articles).
``python bench/bench_corpus.py [--quick] [--workers N]`` runs it alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from kg.guard import Supervisor, overrun_reason
from kg.ingest import ArticleProcessor, ingest
from kg.reading import read_sources
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "external"
FOLDERS = ("polnear-train", "polnear-dev")


def articles(folders: tuple[str, ...] = FOLDERS) -> list[Path]:
    """The corpus's article files, sorted; empty when it is not on this machine."""
    return sorted(p for name in folders if (CORPUS / name).is_dir() for p in (CORPUS / name).glob("*.txt"))


def run(folder: Path, workers: int = 1, quick: bool = False) -> dict:
    folders = FOLDERS[1:] if quick else FOLDERS
    files = articles(folders)
    if not files:
        return {"skipped": f"no PolNeAR articles in {CORPUS} ({', '.join(folders)})"}
    settings = Settings()
    with Supervisor(settings, workers) as guard, EmbeddedStore(folder / "store") as store:
        list(guard([next(iter(read_sources([str(files[0])])))]))  # wait for the model: time articles only
        guard.slowest = None
        start = time.perf_counter()
        report = ingest(read_sources(map(str, files)), store, ArticleProcessor(settings), runner=guard)
        seconds = time.perf_counter() - start
    overruns = [source for source, reason in report.failed if reason == overrun_reason(settings.extraction_timeout)]
    slowest_s, slowest = guard.slowest or (0.0, "")
    return {
        "articles": len(files), "words": sum(len(f.read_text(encoding="utf-8").split()) for f in files),
        "workers": workers, "seconds": seconds, "articles_per_s": len(files) / seconds,
        "stored": report.added + report.replaced + report.unchanged, "triples": report.triples,
        "limit_s": settings.extraction_timeout, "slowest_s": slowest_s, "slowest": Path(slowest).name,
        "overruns": overruns, "failed": [[Path(s).name, reason] for s, reason in report.failed],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="extraction processes, as newskg build --workers")
    parser.add_argument("--quick", action="store_true", help="the dev split only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newskg-corpus-") as tmp:
        figures = run(Path(tmp), args.workers, args.quick)
    print(json.dumps(figures, indent=2))
    return 1 if figures.get("overruns") else 0


if __name__ == "__main__":
    sys.exit(main())
