"""Headline titles and dateline dates, read from the first lines of a text."""

from datetime import datetime

import pytest

from pipelines.ingest.metadata import dateline_date, headline, markdown_title, parse_timestamp

GUM_FLAG = (
    "New Zealand begins process to consider changing national flag design\n\n"
    "Thursday, May 7, 2015 On Tuesday, the New Zealand government announced the start of a "
    "public process to suggest designs for a new national flag.\n"
)
REUTERS = (
    "Storm leaves 40,000 homes without power\n\n"
    "WASHINGTON, March 2, 2020 (Reuters) - A late-winter storm knocked out power to more than "
    "40,000 homes in northern Virginia on Monday.\n"
)
AGENCY_NO_DATE = (
    "Fed holds rates steady\n"
    "WASHINGTON (Reuters) - The Federal Reserve left interest rates unchanged on Wednesday.\n"
)
SEED_OPENING = (
    "US President confirmed the troops withdrawal from Iraq following a talk with Iraqi Prime "
    "Minister Mustafa al-Kadhimi. Joe Biden hosts al-Kadhimi in the White House.\n"
    "Biden asserted that the combat mission of US troops will end by the end of 2021.\n"
)


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (GUM_FLAG, "New Zealand begins process to consider changing national flag design"),
        (REUTERS, "Storm leaves 40,000 homes without power"),
        # no blank line, but a dateline follows: still a headline
        (AGENCY_NO_DATE, "Fed holds rates steady"),
        ("\n\nMarkets rally in Tokyo\n\nThe Nikkei rose 2.1% on Friday.", "Markets rally in Tokyo"),
        (
            "Who will pay for the new bridge?\n\nThe council has not said.",
            "Who will pay for the new bridge?",
        ),
        # a sentence, not a headline
        (SEED_OPENING, None),
        ("The mayor resigned on Monday.\n\nShe gave no reason.", None),
        # a short first line running straight into the next paragraph
        ("Officials said\nthat 300 people were rescued.", None),
        # nothing after it: a one-line note, not a headline over an article
        ("Markets rally in Tokyo", None),
        ("A" * 151 + "\n\nText.", None),
    ],
)
def test_headline(body, title):
    assert headline(body) == title


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (
            "# Council agrees €3.2 million budget\n\nThe city council voted.",
            "Council agrees €3.2 million budget",
        ),
        ("Port strike ends\n================\n\nDock workers returned.", "Port strike ends"),
        ("## A section heading\n\nText follows here.", None),
        ("Plain headline line\n\nThe text of the article.", "Plain headline line"),
    ],
)
def test_markdown_title(body, title):
    assert markdown_title(body) == title


@pytest.mark.parametrize(
    ("body", "published_at"),
    [
        (GUM_FLAG, datetime(2015, 5, 7)),
        (REUTERS, datetime(2020, 3, 2)),
        (
            "Floods reach record\nMonday, March 2, 2020\nThe river rose 6.9 metres.",
            datetime(2020, 3, 2),
        ),
        (
            "Treaty signed\n\n21 July 2017 -- Ministers signed the treaty in Geneva.",
            datetime(2017, 7, 21),
        ),
        ("Budget passed\n\n2024-05-11\n\nThe budget passed.", datetime(2024, 5, 11)),
        # a dateline without a year is never completed with the current year
        ("Pound falls\n\nLONDON, Jan 5 (Reuters) - Sterling fell 1% against the dollar.", None),
        (AGENCY_NO_DATE, None),
        # a date inside the story is an event date, not a dateline
        (SEED_OPENING + "The US forces will leave by December 31, 2021.\n", None),
    ],
)
def test_dateline_date(body, published_at):
    assert dateline_date(body, headline(body)) == published_at


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2020-03-02T14:00:00Z", datetime(2020, 3, 2, 14)),
        ("2020-03-02T14:00:00+02:00", datetime(2020, 3, 2, 12)),  # to UTC
        ("2020-03-02", datetime(2020, 3, 2)),
        ("March 2, 2020", datetime(2020, 3, 2)),
        ("Friday, July 21, 2017", datetime(2017, 7, 21)),
        ("yesterday", None),
        ("Monday", None),
        ("March 2", None),
        ("soon", None),
        # valid ISO 8601 whose UTC time falls outside the years 1 to 9999
        ("9999-12-31T23:59:59-12:00", None),
        ("0001-01-01T00:00:00+14:00", None),
        ("9999-12-31", datetime(9999, 12, 31)),
        ("99999999-01-01", None),
    ],
)
def test_parse_timestamp_never_guesses_from_today(value, parsed):
    assert parse_timestamp(value) == parsed


@pytest.mark.parametrize(
    "text",
    [
        "Friday, July 21, 2017",
        "Friday, July 21,2017",
        "July 21, 2017",
        "21 July 2017",
        "Sunday, Jan 5, 2020",
        "Mon, 2 March 2020",
        "March 2nd, 2020",
        "Friday, July 32, 2017",
    ],
)
def test_fast_dateline_formats_agree_with_dateparser(text):
    from pipelines.ingest.metadata import _date_parser, parse_dateline_date

    assert parse_dateline_date(text) == _date_parser().get_date_data(text).date_obj
