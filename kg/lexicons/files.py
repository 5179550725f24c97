"""The one reader of the word-list files in ``kg/lexicons/data``.

Every list says where its entries come from: a JSON file in its ``_about`` (or
``_doc``) note, a text file in its leading ``#`` comment block. :func:`read`
returns that note with the file's content built into the type its user needs,
so each lexicon is one parse function over one shape of input, and the files
are found through :mod:`importlib.resources` whether newskg is installed from
a checkout or a wheel.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_NOTE_KEYS = ("_about", "_doc")


@dataclass(frozen=True)
class WordList(Generic[T]):
    """A data file's typed content and its recorded source."""

    name: str  # the file name in kg/lexicons/data
    source: str  # what the file says about itself and where its entries come from
    content: T


def read(name: str, parse: Callable[[Any], T]) -> WordList[T]:
    """``data/<name>`` built by ``parse``.

    ``parse`` gets a JSON file's object without its note, or a text file's lines
    (stripped) without blanks and ``#`` comments.
    """
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        raw = json.loads(text)
        note = next((raw[k] for k in _NOTE_KEYS if k in raw), "")
        return WordList(name, note, parse({k: v for k, v in raw.items() if k not in _NOTE_KEYS}))
    lines = [line.strip() for line in text.splitlines()]
    comments = []
    for line in lines:
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("# "))
    return WordList(name, " ".join(comments), parse([x for x in lines if x and not x.startswith("#")]))
