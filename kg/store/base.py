"""What every store offers, whatever engine holds the data."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class StoreError(RuntimeError):
    """A store operation failed; the message says what to do."""


class StoreLocked(StoreError):
    """Another process holds the store open for writing."""


class PutOutcome(enum.Enum):
    """What storing an article did."""

    ADDED = "added"
    UNCHANGED = "unchanged"  # same content hash already stored
    REPLACED = "replaced"  # same source, new content: the old graph was removed


@dataclass(frozen=True)
class ArticleInfo:
    """One stored article, as listed by ``newskg stats`` / ``remove``."""

    iri: str
    identifier: str
    source: str
    title: str | None
    issued: str | None
