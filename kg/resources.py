"""Find the ontology and shapes files, in a checkout or an installed copy."""

from __future__ import annotations

import sys
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
_SHARE = Path(sys.prefix) / "share" / "newskg"


def _find(relative: str) -> Path:
    for root in (_REPO, _SHARE):
        candidate = root / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{relative} is missing from both {_REPO} and {_SHARE}; reinstall newskg")


def ontology_path() -> Path:
    """The OWL ontology with the SKOS event-type scheme."""
    return _find("ontology/newskg.ttl")


def shapes_path() -> Path:
    """The bundled SHACL contract shapes (the other bundled shapes sit beside it)."""
    return _find("shapes/newskg.shacl.ttl")


def shapes_dir() -> Path:
    """The folder of bundled shapes: every Turtle file in it is applied by default."""
    return shapes_path().parent
