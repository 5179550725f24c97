"""``newskg validate``: SHACL validation with exit codes CI can rely on.

Exit 0 when the data conforms (warnings pass unless ``--strict``), 1 on
violations, 2 on unusable input (unreadable or unparsable data or shapes,
reported as ``file:line:column: message``).
"""

from __future__ import annotations

import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.validation.loading import INPUT_FORMATS, InputError
from kg.validation.reporters import REPORTERS, github_input_error, summary
from kg.validation.run import EXIT_UNUSABLE, check
from kg.validation.shacl import ShapesError


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"
    github = "github"


def _store_snapshot(location: str, folder: Path) -> Path:
    """The store's whole dataset as an N-Quads file, so it validates like any input file."""
    from kg.store import StoreError, open_store

    dest = folder / "store.nq"
    try:
        with open_store(location, read_only=True) as db:
            db.export("nquads", dest)
    except StoreError as exc:
        raise InputError(location, str(exc)) from exc
    return dest


def validate(
    inputs: Annotated[list[Path] | None, typer.Argument(help="RDF files, or folders searched for RDF files.",
                                                        metavar="[FILE|DIR]...")] = None,
    store: Annotated[str | None, typer.Option(
        "--store", help="Also validate everything in this store (a folder or a SPARQL endpoint URL).")] = None,
    shapes: Annotated[Path | None, typer.Option(
        "--shapes", help="SHACL shapes FILE or DIR; default: newskg's.")] = None,
    report_format: Annotated[ReportFormat, typer.Option("--format", help="Report format.")] = ReportFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    input_format: Annotated[str | None, typer.Option(
        "--input-format", help=f"Parse every input as this format ({', '.join(INPUT_FORMATS)}); default: by extension.",
    )] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here, not to stdout.")] = None,
) -> None:
    """Validate RDF against SHACL shapes: exit 0 conforms, 1 violations, 2 unusable input."""
    if not inputs and store is None:
        sys.stderr.write("nothing to validate: give files or folders, or --store\n")
        raise typer.Exit(EXIT_UNUSABLE)
    try:
        with tempfile.TemporaryDirectory(prefix="newskg-validate-") as tmp:
            paths = [*(inputs or []), *([_store_snapshot(store, Path(tmp))] if store else [])]
            result = check(paths, shapes, input_format, strict)
    except InputError as exc:
        sys.stderr.write(f"{exc}\n")
        if report_format is ReportFormat.github:
            sys.stdout.write(github_input_error(exc))
        raise typer.Exit(EXIT_UNUSABLE) from exc
    except ShapesError as exc:
        sys.stderr.write(f"{shapes or 'shapes'}: unusable shapes: {exc}\n")
        raise typer.Exit(EXIT_UNUSABLE) from exc
    report = REPORTERS[report_format.value](result)
    if output is None:
        sys.stdout.write(report)
    else:
        output.write_text(report, encoding="utf-8")
        sys.stderr.write(summary(result) + "\n")
    raise typer.Exit(result.exit_code)
