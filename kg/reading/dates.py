"""Written dates ("June 4, 2017", "2017-06-04", "4 Jun 2017", "Sun, 04 Jun 2017 10:00:00 GMT")."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import dateparser

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# A header line only counts as a date if it names a year; this keeps bylines
# such as "May Jones" from parsing as dates.
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SETTINGS = {"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}


@lru_cache(maxsize=4096)
def parse_date(text: str) -> date | None:
    """The calendar date a string names, or None; never raises."""
    text = text.strip()
    if not text or len(text) > 80:
        return None
    m = _ISO.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if not _HAS_YEAR.search(text):
        return None
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None
    return parsed.date() if isinstance(parsed, datetime) else None
