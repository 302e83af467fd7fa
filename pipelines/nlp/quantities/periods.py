"""The calendar period a date expression names, resolved against the publication date.

``date_period("last week", published=date(2021, 7, 21))`` → (2021-07-12, "week"): the value
is always the first day of the period (the day itself, the Monday of an ISO week, the first of
the month, the first of January). Relative expressions ("yesterday", "on Tuesday", "next
month", "January 10" without a year, "three years ago") need the publication date; without
one they give (None, None), never a date counted from today. Written dates ("December 31,
2021", "September 2010", "since 1998") need none.

Tense decides where a weekday or a day without a year falls: "on Tuesday" is the last Tuesday
on or before publication unless the sentence speaks of the future ("will meet on Tuesday"),
then the first on or after; a day and month without a year is the nearest such day, the
past or future one when the tense says so.
"""

import re
from datetime import date, timedelta

from text_to_num import text2num

Period = tuple[date | None, str | None]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
MONTH_NUMBERS = {m: i + 1 for i, m in enumerate(MONTHS)} | _MONTH_ABBREVIATIONS
UNITS = {"day": "day", "week": "week", "month": "month", "year": "year"}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# Words spaCy keeps inside DATE entities that change nothing: "on Tuesday", "by March".
_LEADING = re.compile(
    r"^(?:(?:the end of|the start of|the beginning of|the middle of|the first half of|"
    r"the second half of|as of|on|in|by|since|from|until|till|through|during|of|at|before|"
    r"after|the|early|late|mid)\s+|mid-)+"
)
_TRAILING = re.compile(r"\s+(?:morning|afternoon|evening|night|noon)$")
# "Tuesday, March 3": the weekday adds nothing to the day that follows it
_WEEKDAY_BEFORE_DAY = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+(?=\S)"
)

DAY_MONTH = (re.compile(rf"^{_MONTH} {_DAY}$"), re.compile(rf"^{_DAY} (?:of )?{_MONTH}$"))
MONTH_YEAR = re.compile(rf"^{_MONTH},? (?:of )?{_YEAR}$")
YEAR_ALONE = re.compile(rf"^{_YEAR}$")
WEEKDAY = re.compile(
    r"^(?:(?P<which>last|this|next|this coming|coming|this past|past)\s+)?"
    r"(?P<weekday>" + "|".join(WEEKDAYS) + r")$"
)
# "the past year" is left out: news writes it for the last twelve months, a duration
NEAR_PERIOD = re.compile(
    r"^(?P<which>last|this|next|previous|coming|earlier this|later this|early this|"
    r"late this|this past)\s+(?P<unit>week|month|year)$"
)
MONTH_ALONE = re.compile(rf"^(?:(?P<which>last|this|next|this past|this coming)\s+)?{_MONTH}$")
AGO = re.compile(r"^(?P<count>.+?)\s+(?P<unit>day|week|month|year)s?\s+ago$")
_DAYS_AROUND = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
# Holidays on a fixed day, read like a day and month without a year
FIXED_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "bastille day": (7, 14),
    "independence day": (7, 4),
}


def clean(text: str) -> str:
    """Lowercase, one space, no leading preposition or article, no trailing "morning"."""
    words = " ".join(text.lower().replace("’", "'").replace(",", " , ").split()).replace(" ,", ",")
    words = words.removesuffix("'s")  # "last year's floods"
    previous = None
    while previous != words:
        previous = words
        words = _LEADING.sub("", words).strip()
        words = _TRAILING.sub("", words).strip()
        words = _WEEKDAY_BEFORE_DAY.sub("", words).strip()
    return words.strip(" ,.")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def shift(published: date, unit: str, count: int) -> Period:
    """The period ``count`` units from the one holding ``published``."""
    if unit == "day":
        return published + timedelta(days=count), "day"
    if unit == "week":
        return week_start(published) + timedelta(weeks=count), "week"
    if unit == "month":
        return add_months(published, count), "month"
    return date(published.year + count, 1, 1), "year"


def weekday_near(published: date, weekday: int, which: str | None, future: bool | None) -> date:
    """The weekday named, seen from the publication date."""
    back = (published.weekday() - weekday) % 7
    if which in ("next", "coming", "this coming"):
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    if which in ("last", "past", "this past"):
        return published - timedelta(days=back or 7)
    if future:
        return published + timedelta(days=(weekday - published.weekday()) % 7)
    return published - timedelta(days=back)


def day_near(published: date, month: int, day: int, future: bool | None) -> date | None:
    """The day and month in the year that puts it nearest the publication date (on or before it
    in past tense, on or after it in future tense)."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if future is True:
        options = [d for d in options if d >= published]
    elif future is False:
        options = [d for d in options if d <= published]
    if not options:
        return None
    # Without a tense, a future day counts as twice as far: news reports more than it announces
    weight = 1 if future is not None else 2
    return min(
        options,
        key=lambda d: (d - published).days * weight if d > published else (published - d).days,
    )


def month_near(published: date, month: int, which: str | None, future: bool | None) -> date:
    """The first of the month named: "this March" in the publication year, "next March" the
    first one after the publication month, "last March" the last one before it; a bare month
    the last one up to the publication month, or the first one from it in future tense."""
    year = published.year
    if which == "this":
        return date(year, month, 1)
    if which in ("next", "this coming"):
        return date(year if month > published.month else year + 1, month, 1)
    if which in ("last", "this past"):
        return date(year if month < published.month else year - 1, month, 1)
    if future:
        return date(year if month >= published.month else year + 1, month, 1)
    return date(year if month <= published.month else year - 1, month, 1)


def count_of(words: str) -> int | None:
    """3 for "3", "three" or "a couple of"; None when no count is written."""
    if words.isdigit():
        return int(words)
    if words in ("a", "an", "one"):
        return 1
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


def written_period(text: str) -> Period | None:
    """A period the text names without the publication date; None if it names none."""
    if match := MONTH_YEAR.match(text):
        return date(int(match["year"]), MONTH_NUMBERS[match["month"]], 1), "month"
    if match := YEAR_ALONE.match(text):
        return date(int(match["year"]), 1, 1), "year"
    return None


def relative_period(text: str, published: date | None, future: bool | None) -> Period | None:
    """The period a relative expression names: (None, None) without a publication date; None
    when the text is no relative date this module reads."""
    period = _relative(text, published or date(2000, 1, 1), future)
    if period is None:
        return None
    return period if published is not None else (None, None)


def _relative(text: str, published: date, future: bool | None) -> Period | None:
    if text in _DAYS_AROUND:
        return published + timedelta(days=_DAYS_AROUND[text]), "day"
    if text in FIXED_HOLIDAYS:
        day = day_near(published, *FIXED_HOLIDAYS[text], future)
        return (day, "day") if day else None
    if match := WEEKDAY.match(text):
        weekday = WEEKDAYS.index(match["weekday"])
        return weekday_near(published, weekday, match["which"], future), "day"
    if match := NEAR_PERIOD.match(text):
        step = {"last": -1, "previous": -1, "this past": -1, "next": 1, "coming": 1}
        return shift(published, match["unit"], step.get(match["which"], 0))
    if match := DAY_MONTH[0].match(text) or DAY_MONTH[1].match(text):
        day = day_near(published, MONTH_NUMBERS[match["month"]], int(match["day"]), future)
        return (day, "day") if day else None
    if match := MONTH_ALONE.match(text):
        return month_near(published, MONTH_NUMBERS[match["month"]], match["which"], future), "month"
    if match := AGO.match(text):
        count = count_of(match["count"])
        return shift(published, match["unit"], -count) if count is not None else None
    return None


def date_period(
    text: str, published: date | None, future: bool | None = None, day: date | None = None
) -> Period:
    """(first day, precision) of the period ``text`` names; ``day`` is the full date already
    read from it, if any. (None, None) when it names none or needs a missing publication date."""
    if day is not None:
        return day, "day"
    cleaned = clean(text)
    try:
        found = written_period(cleaned) or relative_period(cleaned, published, future)
    except (ValueError, OverflowError):
        # beyond Python's calendar (years 1 to 9999): "two million years ago", "year 0"
        return None, None
    return found or (None, None)
