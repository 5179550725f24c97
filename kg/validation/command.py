"""``newskg validate``: SHACL validation with exit codes CI can rely on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rdflib import Dataset, Graph
from rich.console import Console

from kg.validation.shacl import Validator

err = Console(stderr=True)


def _load(files: list[Path]) -> Graph:
    data = Graph()
    for f in files:
        ds = Dataset()
        ds.parse(f)
        for s, p, o, _g in ds.quads((None, None, None, None)):
            data.add((s, p, o))
    return data


def validate(
    files: Annotated[list[Path], typer.Argument(help="RDF files to validate.")],
    shapes: Annotated[Path | None, typer.Option("--shapes", help="SHACL shapes file; default: newskg's.")] = None,
) -> None:
    """Validate RDF against SHACL shapes: exit 0 conforms, 1 violations, 2 unusable input."""
    try:
        data = _load(files)
        validator = Validator(shapes)
    except Exception as exc:  # any parse or I/O error is unusable input
        err.print(f"error: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    outcome = validator.validate(data)
    for f in outcome.findings:
        err.print(f"{f.severity}: {f.focus} {f.path or ''}: {f.message}", highlight=False)
    err.print("conforms" if outcome.conforms else f"{len(outcome.violations)} violations", highlight=False)
    raise typer.Exit(0 if outcome.conforms else 1)
