"""Recognise the layouts news text arrives in and build ``Article`` objects.

Plain text comes in two layouts: a header block (title line, then a short
byline/date paragraph) or a leading ``date YYYY-MM-DD`` stamp. Crawler
records (JSON) carry the metadata as fields; their title is prepended to the
text so that titles are extracted from like any other sentence.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from functools import lru_cache

from kg.lexicons.files import read
from kg.model import Article, Span
from kg.reading.dates import parse_date
from kg.reading.text import normalise

_STAMP = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^\s*(by|written by|words by)\s+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*$")
_MAX_TITLE = 250
_MAX_BYLINE = 120


@lru_cache(maxsize=1)
def _furniture_patterns() -> tuple[re.Pattern[str], ...]:
    return read("furniture.txt", lambda lines: tuple(re.compile(x, re.IGNORECASE) for x in lines)).content


def furniture_spans(text: str) -> tuple[Span, ...]:
    """Spans of whole lines that are site furniture, not story."""
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and any(p.match(stripped) for p in _furniture_patterns()):
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return tuple(spans)


def content_hash(text: str, **meta: object) -> str:
    """SHA-256 over the text and metadata: equal input, equal identifier."""
    payload = json.dumps({"text": text, **{k: str(v) if v is not None else None for k, v in meta.items()}},
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line-separated paragraph, whitespace trimmed."""
    out = []
    for m in re.finditer(r"\S(?:.*?\S)?(?=\n[ \t]*\n|\s*\Z)", text, re.DOTALL):
        out.append((m.start(), m.end()))
    return out


def _header(text: str) -> tuple[str | None, Span | None, str | None, date | None, int]:
    """Title, its span, author, date and body start of a title/byline/date header block."""
    paras = _paragraphs(text)
    if len(paras) < 3:
        return None, None, None, None, 0
    (t0, t1), (b0, b1) = paras[0], paras[1]
    title = text[t0:t1]
    if "\n" in title or len(title) > _MAX_TITLE or _SENTENCE_END.search(title):
        return None, None, None, None, 0
    lines = [ln.strip() for ln in text[b0:b1].split("\n") if ln.strip()]
    if not 1 <= len(lines) <= 3 or any(len(ln) > _MAX_BYLINE for ln in lines):
        return None, None, None, None, 0
    published = None
    authors = []
    for ln in lines:
        # "By Jane Doe | June 4, 2017" carries both on one line.
        for part in re.split(r"\s+[|•·–—-]\s+", ln):
            d = parse_date(part)
            if d and published is None:
                published = d
            elif part.strip():
                authors.append(_BYLINE_PREFIX.sub("", part).strip())
    if published is None:
        return None, None, None, None, 0
    author = ", ".join(a for a in authors if a) or None
    return title, (t0, t1), author, published, paras[2][0]


def article_from_text(raw: str, source: str) -> Article:
    """An article from plain text in either supported layout."""
    text = normalise(raw)
    title, title_span, author, published, body_start = _header(text)
    if title is None:
        stamp = _STAMP.match(text)
        if stamp:
            published = parse_date(stamp.group(1))
            body_start = stamp.end()
    return Article(
        text=text,
        source=source,
        identifier=content_hash(text),
        title=title,
        title_span=title_span,
        author=author,
        published=published,
        furniture=furniture_spans(text),
        body_start=body_start,
    )


def _name(value: object) -> str | None:
    """A display string from a crawler field that may be a string, list or {"name": ...}."""
    if value is None:
        return None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, (list, tuple)):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    s = normalise(str(value)).strip()
    return s or None


_FIELDS = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "articleBody", "maintext"),
    "date": ("date", "published", "datePublished", "date_publish", "pubDate", "published_at"),
    "author": ("author", "authors", "byline", "creator"),
    "url": ("url", "link"),
    "publisher": ("publisher", "source", "source_domain", "site_name"),
}


def _field(record: dict, name: str) -> object:
    for key in _FIELDS[name]:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def article_from_record(record: dict, source: str) -> Article:
    """An article from a crawler record; raises ValueError when it has no text."""
    body = _field(record, "text")
    if not isinstance(body, str) or not body.strip():
        raise ValueError("record has no text")
    body = normalise(body)
    title = _name(_field(record, "title"))
    if title and "\n" in title:
        title = " ".join(title.split())
    title_span = None
    body_start = 0
    if title and not body.lstrip().startswith(title):
        text = f"{title}\n\n{body}"
        title_span, body_start = (0, len(title)), len(title) + 2
    else:
        text = body
        if title:
            start = text.index(title)
            title_span = (start, start + len(title))
    raw_date = _field(record, "date")
    published = parse_date(str(raw_date)) if raw_date is not None else None
    author, publisher = _name(_field(record, "author")), _name(_field(record, "publisher"))
    url = _name(_field(record, "url"))
    return Article(
        text=text,
        source=url or source,
        identifier=content_hash(text, title=title, author=author, published=published, publisher=publisher, url=url),
        title=title,
        title_span=title_span,
        author=author,
        published=published,
        publisher=publisher,
        url=url,
        furniture=furniture_spans(text),
        body_start=body_start,
    )
