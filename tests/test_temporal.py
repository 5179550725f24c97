"""Relative and absolute date expressions resolved against a publication date."""

from datetime import date

import pytest

from kg.extract.temporal import DateResolution, resolve

TUESDAY = date(2020, 1, 14)


@pytest.mark.parametrize(
    "expr, day",
    [
        ("on Sunday", date(2020, 1, 12)),
        ("Tuesday", TUESDAY),  # "said Tuesday" in Tuesday's paper
        ("last Tuesday", date(2020, 1, 7)),
        ("on Wednesday", date(2020, 1, 8)),
        ("yesterday", date(2020, 1, 13)),
        ("today", TUESDAY),
        ("On January 9", date(2020, 1, 9)),
        ("9 January", date(2020, 1, 9)),
        ("Dec. 30", date(2019, 12, 30)),  # no year, after publication: last year
        ("March 3, 2018", date(2018, 3, 3)),
        ("three days ago", date(2020, 1, 11)),
    ],
)
def test_days(expr, day):
    assert resolve(expr, TUESDAY).day == day


@pytest.mark.parametrize(
    "expr, earliest, latest",
    [
        ("over the weekend", date(2020, 1, 11), date(2020, 1, 12)),
        ("last week", date(2020, 1, 6), date(2020, 1, 12)),
        ("this week", date(2020, 1, 13), TUESDAY),
        ("last month", date(2019, 12, 1), date(2019, 12, 31)),
        ("in December", date(2019, 12, 1), date(2019, 12, 31)),
        ("in January", date(2020, 1, 1), TUESDAY),
        ("2018", date(2018, 1, 1), date(2018, 12, 31)),
    ],
)
def test_periods(expr, earliest, latest):
    r = resolve(expr, TUESDAY)
    assert r.day is None and (r.earliest, r.latest) == (earliest, latest)


def test_weekend_seen_from_a_sunday_is_that_weekend():
    sunday = date(2020, 1, 12)
    assert resolve("over the weekend", sunday) == DateResolution(earliest=date(2020, 1, 11), latest=sunday)


@pytest.mark.parametrize("expr", ["daily", "next Tuesday", "soon", "", "the time is right", "may"])
def test_unknown_or_future_expressions_resolve_to_nothing(expr):
    assert not resolve(expr, TUESDAY)


def test_without_publication_date_only_absolute_dates_resolve():
    assert resolve("March 3, 2018", None).day == date(2018, 3, 3)
    assert not resolve("on Sunday", None)
