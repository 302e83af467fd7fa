"""Every relative date form, resolved against a publication date (a Wednesday unless said)."""

from datetime import date

import pytest

from pipelines.nlp.quantities.periods import date_period

WED = date(2021, 7, 21)  # Wednesday, ISO week from Monday 19 July
SUN = date(2019, 11, 17)
DEC30 = date(2022, 12, 30)


@pytest.mark.parametrize(
    ("text", "published", "future", "value", "precision"),
    [
        # yesterday, today, tomorrow
        ("yesterday", WED, None, date(2021, 7, 20), "day"),
        ("Yesterday morning", WED, None, date(2021, 7, 20), "day"),
        ("today", WED, None, WED, "day"),
        ("tomorrow", WED, None, date(2021, 7, 22), "day"),
        # weekdays: the last one on or before publication, the next one when the tense is future
        ("on Tuesday", WED, None, date(2021, 7, 20), "day"),
        ("on Tuesday", WED, False, date(2021, 7, 20), "day"),
        ("Wednesday", WED, None, WED, "day"),
        ("Thursday", WED, None, date(2021, 7, 15), "day"),
        ("on Friday", WED, True, date(2021, 7, 23), "day"),
        ("on Monday", WED, True, date(2021, 7, 26), "day"),
        ("Friday night", SUN, None, date(2019, 11, 15), "day"),
        ("last Tuesday", WED, None, date(2021, 7, 20), "day"),
        ("last Wednesday", WED, None, date(2021, 7, 14), "day"),
        ("next Friday", WED, None, date(2021, 7, 23), "day"),
        ("next Wednesday", WED, None, date(2021, 7, 28), "day"),
        # weeks, months, years around the publication date
        ("last week", WED, None, date(2021, 7, 12), "week"),
        ("this week", WED, None, date(2021, 7, 19), "week"),
        ("next week", WED, None, date(2021, 7, 26), "week"),
        ("earlier this week", WED, None, date(2021, 7, 19), "week"),
        ("last month", WED, None, date(2021, 6, 1), "month"),
        ("earlier this month", WED, None, date(2021, 7, 1), "month"),
        ("next month", WED, None, date(2021, 8, 1), "month"),
        ("next month", DEC30, None, date(2023, 1, 1), "month"),
        ("last year", WED, None, date(2020, 1, 1), "year"),
        ("last year's", DEC30, None, date(2021, 1, 1), "year"),
        ("this year", WED, None, date(2021, 1, 1), "year"),
        ("earlier this year", WED, None, date(2021, 1, 1), "year"),
        ("later this year", WED, None, date(2021, 1, 1), "year"),
        ("next year", WED, None, date(2022, 1, 1), "year"),
        # a day and month without a year: the nearest such day
        ("January 10", WED, None, date(2021, 1, 10), "day"),
        ("January 10", date(2021, 12, 20), None, date(2022, 1, 10), "day"),
        ("December 31", date(2022, 1, 3), None, date(2021, 12, 31), "day"),
        ("on December 15", date(2023, 3, 2), True, date(2023, 12, 15), "day"),
        ("November 7", WED, None, date(2021, 11, 7), "day"),
        ("10 January", WED, False, date(2021, 1, 10), "day"),
        ("the 10th of January", WED, False, date(2021, 1, 10), "day"),
        ("Tuesday, March 3", date(2020, 3, 5), None, date(2020, 3, 3), "day"),
        ("Christmas Day", DEC30, None, date(2022, 12, 25), "day"),
        # a month without a year
        ("in March", WED, None, date(2021, 3, 1), "month"),
        ("in November", WED, None, date(2020, 11, 1), "month"),
        ("in November", WED, True, date(2021, 11, 1), "month"),
        ("in July", WED, None, date(2021, 7, 1), "month"),
        ("last March", WED, None, date(2021, 3, 1), "month"),
        ("next March", WED, None, date(2022, 3, 1), "month"),
        # counted back
        ("seven years ago", WED, None, date(2014, 1, 1), "year"),
        ("a year ago", WED, None, date(2020, 1, 1), "year"),
        ("two weeks ago", WED, None, date(2021, 7, 5), "week"),
        ("3 days ago", WED, None, date(2021, 7, 18), "day"),
        ("six months ago", WED, None, date(2021, 1, 1), "month"),
        # written periods need no publication date
        ("since 1998", None, None, date(1998, 1, 1), "year"),
        ("the end of 2021", None, None, date(2021, 1, 1), "year"),
        ("September 2010", None, None, date(2010, 9, 1), "month"),
        ("Sept. 2010", None, None, date(2010, 9, 1), "month"),
    ],
)
def test_date_period(text, published, future, value, precision):
    assert date_period(text, published, future) == (value, precision)


@pytest.mark.parametrize(
    "text", ["yesterday", "on Tuesday", "last week", "next month", "January 10", "a year ago"]
)
def test_relative_dates_stay_unresolved_without_a_publication_date(text):
    """Never counted from today."""
    assert date_period(text, None) == (None, None)


@pytest.mark.parametrize(
    "text",
    ["the past couple of years", "a decade", "recent years", "the 1990s", "annual", "weekly"],
)
def test_no_period(text):
    assert date_period(text, WED) == (None, None)


def test_a_day_already_read_is_the_period():
    assert date_period("December 31, 2021", None, day=date(2021, 12, 31)) == (
        date(2021, 12, 31),
        "day",
    )


@pytest.mark.parametrize("text", ["two million years ago", "10000 years ago", "3000000 days ago"])
def test_a_period_beyond_the_calendar_is_none(text):
    """Python's dates end at the years 1 and 9999: such a text names no first day."""
    assert date_period(text, WED) == (None, None)
