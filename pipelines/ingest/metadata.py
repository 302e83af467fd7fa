"""Title and publication date from the text itself: a headline line and a dateline.

Dates are parsed only from a short candidate string (a dateline line, or the head of the
first paragraph before " - "), never from the whole body, and only when the candidate
holds a full date with a year: relative words ("yesterday", "Monday") are never resolved
against today's date.
"""

import re
from datetime import UTC, datetime
from functools import cache

MAX_HEADLINE_CHARS = 150
MAX_DATELINE_CHARS = 60
_SENTENCE_END = (".", ",", ";", ":")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
# "Friday, July 21, 2017", "21 July 2017", "2017-07-21": a full date with a year.
DATE_IN_DATELINE = re.compile(
    rf"{_WEEKDAY}{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{_WEEKDAY}\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}",
    re.IGNORECASE,
)
# "WASHINGTON (Reuters) - ...", "LONDON, March 2, 2020 -- ...": the head before the dash.
_DATELINE_HEAD = re.compile(r"^(.{3,100}?)\s+(?:-{1,2}|–|—)\s")
_AGENCY_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,[^()]{0,40})?\s*\([^)]{2,30}\)$")
# A dateline holds a date, a place in capitals and an agency in parentheses, no prose:
# "The forces will leave by December 31, 2021." is a sentence with a date, not a dateline.
_PARENTHESES = re.compile(r"\([^)]*\)")
_PROSE = re.compile(r"[a-z]{2,}")
_ATX_HEADING = re.compile(r"^#\s+(.+?)(?:\s+#+)?\s*$")
_SETEXT_RULE = re.compile(r"^=+\s*$")


def _first_lines(body: str, count: int) -> list[str]:
    lines = []
    for line in body.split("\n", 40)[:40]:
        if line.strip():
            lines.append(line.strip())
            if len(lines) == count:
                break
    return lines


def _is_dateline(text: str) -> bool:
    return not _PROSE.search(DATE_IN_DATELINE.sub("", _PARENTHESES.sub("", text)))


def _dateline_candidate(line: str) -> str | None:
    """The part of a line that may be a dateline: the whole short line, or the head before
    a dash, or a date opening the paragraph."""
    if len(line) <= MAX_DATELINE_CHARS and _is_dateline(line):
        return line
    if (head := _DATELINE_HEAD.match(line)) and _is_dateline(head.group(1)):
        return head.group(1)
    # "Thursday, May 7, 2015 On Tuesday, the government ...": a date opening the paragraph.
    opening = DATE_IN_DATELINE.match(line)
    return opening.group(0) if opening else None


def _looks_like_dateline(line: str) -> bool:
    candidate = _dateline_candidate(line)
    if candidate is None:
        return False
    return bool(DATE_IN_DATELINE.search(candidate) or _AGENCY_DATELINE.match(candidate))


def headline(body: str) -> str | None:
    """The first line when it reads as a headline: short, no closing sentence punctuation,
    and followed by a blank line or a dateline."""
    text = body.lstrip()
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) > MAX_HEADLINE_CHARS:
        return None
    if first.endswith(_SENTENCE_END):
        return None
    following = rest.split("\n", 1)[0]
    if following.strip() and not _looks_like_dateline(following.strip()):
        return None
    return first


def markdown_title(body: str) -> str | None:
    """A leading "# Heading" or "Heading\n=====", else the plain-text headline rule."""
    lines = _first_lines(body, 2)
    if lines and (heading := _ATX_HEADING.match(lines[0])):
        return heading.group(1).strip()
    if len(lines) == 2 and _SETEXT_RULE.match(lines[1]):
        return lines[0]
    # "## Section" opening a file is a section, not the article's title
    return None if lines and lines[0].startswith("#") else headline(body)


@cache
def _date_parser():
    # dateparser costs ~0.5 s to import and load its English data: only when a dateline exists.
    from dateparser import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "STRICT_PARSING": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


# The common English dateline forms, read with strptime first: dateparser costs about a
# millisecond a call, which is most of a scan over thousands of files.
_DATELINE_FORMATS = ("%A, %B %d, %Y", "%B %d, %Y", "%A, %b %d, %Y", "%b %d, %Y", "%d %B %Y")


def parse_dateline_date(text: str) -> datetime | None:
    cleaned = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    for pattern in _DATELINE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
    data = _date_parser().get_date_data(text)
    return data.date_obj if data and data.date_obj else None


def dateline_date(body: str, title: str | None) -> datetime | None:
    """The date of a dateline among the first lines after the title, else None."""
    for line in _first_lines(body, 4):
        if line == title or line.lstrip("# ").strip() == title:
            continue
        candidate = _dateline_candidate(line)
        found = DATE_IN_DATELINE.search(candidate) if candidate else None
        if found:
            return parse_dateline_date(found.group(0).replace(".", ""))
    return None


def parse_timestamp(value: str) -> datetime | None:
    """A metadata date (ISO 8601 or a written date) as naive UTC, else None."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        found = DATE_IN_DATELINE.fullmatch(value)
        parsed = parse_dateline_date(value.replace(".", "")) if found else None
    if parsed is None:
        return None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:
            # "9999-12-31T23:59-12:00" and "0001-01-01T00:00+14:00" are valid ISO 8601, but
            # in UTC they fall outside the years 1 to 9999 a datetime can hold
            return None
    return parsed
