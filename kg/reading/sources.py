"""Expand command-line inputs (files, folders, JSON/JSONL, stdin) into articles.

Each item comes out as either an ``Article`` or an ``ArticleError`` naming the
item and the reason, so one bad line or file never stops the others.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.model import Article
from kg.reading.errors import ArticleError
from kg.reading.layouts import article_from_record, article_from_text
from kg.reading.text import UndecodableError, decode

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
MAX_ARTICLE_BYTES = 50 * 1024 * 1024
# spaCy's own default limit: longer texts need more memory than a news article justifies.
MAX_ARTICLE_CHARS = 1_000_000
Item = Article | ArticleError


def _from_bytes(data: bytes, source: str, kind: str) -> Iterator[Item]:
    if len(data) > MAX_ARTICLE_BYTES:
        yield ArticleError(source, f"larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB")
        return
    try:
        text = decode(data)
    except UndecodableError as exc:
        yield ArticleError(source, str(exc))
        return
    if not text.strip():
        yield ArticleError(source, "empty: no text to read")
        return
    stripped = text.lstrip()
    if kind == "json" or (kind == "auto" and stripped[:1] in "{["):
        yield from (_check_length(item) for item in _records(text, source))
    else:
        yield _check_length(article_from_text(text, source))


def _check_length(item: Item) -> Item:
    if isinstance(item, Article) and len(item.text) > MAX_ARTICLE_CHARS:
        return ArticleError(item.source, f"too long for one article: {len(item.text):,} characters "
                                         f"(limit {MAX_ARTICLE_CHARS:,}); split it into articles")
    return item


def _records(text: str, source: str) -> Iterator[Item]:
    """JSON (one record or a list) or JSON Lines; a broken line is reported, the rest read."""
    stripped = text.strip()
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    if whole is not None:
        records = whole if isinstance(whole, list) else [whole]
        for i, rec in enumerate(records, 1):
            yield _record(rec, f"{source}#{i}" if len(records) > 1 else source)
        return
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        name = f"{source}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(name, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        yield _record(rec, name)


def _record(rec: object, name: str) -> Item:
    if not isinstance(rec, dict):
        return ArticleError(name, "a JSON record must be an object with a 'text' field")
    try:
        return article_from_record(rec, name)
    except ValueError as exc:
        return ArticleError(name, str(exc))


def walk(path: Path) -> Iterator[Path]:
    """The article files a path names: itself, or a folder's readable files, recursively and sorted."""
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            readable = child.suffix.lower() in TEXT_SUFFIXES | JSON_SUFFIXES
            if child.is_file() and not child.name.startswith(".") and readable:
                yield child
    else:
        yield path


def read_sources(inputs: Iterable[str]) -> Iterator[Item]:
    """Articles (or errors) from paths, folders (recursive, sorted) and ``-`` for stdin."""
    for given in inputs:
        if given == "-":
            yield from _from_bytes(sys.stdin.buffer.read(), "<stdin>", "auto")
            continue
        path = Path(given)
        if not path.exists():
            yield ArticleError(given, "no such file or folder")
            continue
        for file in walk(path):
            kind = "json" if file.suffix.lower() in JSON_SUFFIXES else "text"
            try:
                data = file.read_bytes()
            except OSError as exc:
                yield ArticleError(str(file), f"cannot read: {exc.strerror or exc}")
                continue
            yield from _from_bytes(data, str(file), kind)
