"""``newskg validate``: SHACL validation with exit codes CI can rely on.

Exit 0 when the data conforms (warnings pass unless ``--strict``), 1 on
violations, 2 on unusable input (unreadable or unparsable data or shapes,
reported as ``file:line:column: message``).
"""

from __future__ import annotations

import sys
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


def validate(
    inputs: Annotated[list[Path], typer.Argument(help="RDF files, or folders searched for RDF files.",
                                                 metavar="FILE|DIR...")],
    shapes: Annotated[Path | None, typer.Option("--shapes", help="SHACL shapes FILE or DIR; default: newskg's.")] = None,
    report_format: Annotated[ReportFormat, typer.Option("--format", help="Report format.")] = ReportFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    input_format: Annotated[str | None, typer.Option(
        "--input-format", help=f"Parse every input as this format ({', '.join(INPUT_FORMATS)}); default: by extension.",
    )] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here, not to stdout.")] = None,
) -> None:
    """Validate RDF against SHACL shapes: exit 0 conforms, 1 violations, 2 unusable input."""
    try:
        result = check(inputs, shapes, input_format, strict)
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
