"""Resolve date expressions against the article's publication date.

"On Thursday" in an article of Monday 5 June 2017 is Thursday 1 June: news
reports the past, so a weekday name means its latest occurrence on or before
the publication day (the day itself included: "said Monday" in Monday's paper).
Periods ("over the weekend", "last week", "in May") give bounds instead of a
day. dateparser handles the remaining free forms ("two days ago").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import dateparser

from kg.reading.dates import parse_date

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_ONLY = re.compile(rf"\b(?:in|during|since|early|late|mid-?)?\s*({_MONTH_RE})\b(?:\s+(\d{{4}}))?", re.I)
_WEEKDAY = re.compile(r"\b(" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b\.?", re.I)
_YEAR_ONLY = re.compile(r"\b(?:in\s+)?(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class DateResolution:
    """A day when one is known, otherwise earliest/latest bounds."""

    day: date | None = None
    earliest: date | None = None
    latest: date | None = None

    def __bool__(self) -> bool:
        return any((self.day, self.earliest, self.latest))


def _not_after(d: date, published: date) -> date:
    """A date given without a year lies on or before publication: step back a year if needed."""
    if d > published:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:  # 29 February
            return d - timedelta(days=365)
    return d


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(expr: str, published: date) -> date | None:
    for pattern, order in ((_MONTH_DAY, "md"), (_DAY_MONTH, "dm")):
        m = pattern.search(expr)
        if not m:
            continue
        month_s, day_s = (m.group(1), m.group(2)) if order == "md" else (m.group(2), m.group(1))
        month = _MONTHS[month_s.lower().rstrip(".")]
        year = int(m.group(3)) if m.group(3) else published.year
        d = _safe_date(year, month, int(day_s))
        if d is not None:
            return d if m.group(3) else _not_after(d, published)
    return None


def _period(expr: str, published: date) -> DateResolution | None:
    low = expr.lower()
    monday = published - timedelta(days=published.weekday())
    if "weekend" in low:
        # The latest Saturday-Sunday that started on or before publication.
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        if "last weekend" in low and published.weekday() in (5, 6):
            saturday -= timedelta(days=7)
        return DateResolution(earliest=saturday, latest=min(saturday + timedelta(days=1), published))
    if "last week" in low or "previous week" in low:
        return DateResolution(earliest=monday - timedelta(days=7), latest=monday - timedelta(days=1))
    if "this week" in low or "earlier this week" in low:
        return DateResolution(earliest=monday, latest=published)
    if "last month" in low or "previous month" in low:
        last = published.replace(day=1) - timedelta(days=1)
        return DateResolution(earliest=last.replace(day=1), latest=last)
    if "this month" in low or "earlier this month" in low:
        return DateResolution(earliest=published.replace(day=1), latest=published)
    if "last year" in low:
        y = published.year - 1
        return DateResolution(earliest=date(y, 1, 1), latest=date(y, 12, 31))
    if "this year" in low or "earlier this year" in low:
        return DateResolution(earliest=date(published.year, 1, 1), latest=published)
    return None


def resolve(expr: str, published: date | None) -> DateResolution:
    """The date an expression names, relative to ``published``; empty when unknown."""
    expr = " ".join(expr.split())
    if not expr or len(expr) > 60:
        return DateResolution()
    absolute = parse_date(expr)
    if absolute is not None and _YEAR_ONLY.search(expr) and (
            _MONTH_DAY.search(expr) or _DAY_MONTH.search(expr) or re.search(r"\d{4}-\d\d-\d\d", expr)):
        return DateResolution(day=absolute)
    if published is None:
        return DateResolution()
    low = expr.lower()
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", low):
        return DateResolution(day=published)
    if re.search(r"\byesterday\b", low):
        return DateResolution(day=published - timedelta(days=1))
    if re.search(r"\b(last night)\b", low):
        return DateResolution(day=published - timedelta(days=1))
    d = _day_month(expr, published)
    if d is not None:
        return DateResolution(day=d)
    period = _period(expr, published)
    if period is not None:
        return period
    m = _WEEKDAY.search(expr)
    if m and not re.search(r"\b(next|coming)\b", low):
        back = (published.weekday() - _WEEKDAYS[m.group(1).lower()]) % 7
        if re.search(r"\blast\b", low) and back == 0:
            back = 7
        return DateResolution(day=published - timedelta(days=back))
    m = _MONTH_ONLY.search(expr)
    if m and m.group(1).lower() not in ("may",) or (m and re.search(r"\b(in|during|since|early|late)\s+may\b", low)):
        month = _MONTHS[m.group(1).lower()]
        year = int(m.group(2)) if m.group(2) else published.year
        if not m.group(2) and month > published.month:
            year -= 1
        last = calendar.monthrange(year, month)[1]
        return DateResolution(earliest=date(year, month, 1), latest=min(date(year, month, last), published))
    m = _YEAR_ONLY.fullmatch(expr.strip())
    if m:
        y = int(m.group(1))
        return DateResolution(earliest=date(y, 1, 1), latest=min(date(y, 12, 31), published))
    if re.search(r"\bago\b", low):
        parsed = dateparser.parse(expr, languages=["en"], settings={
            "RELATIVE_BASE": datetime(published.year, published.month, published.day),
            "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is not None and parsed.date() <= published:
            return DateResolution(day=parsed.date())
    return DateResolution()
