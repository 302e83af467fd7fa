"""resolve_date's fast paths (strptime, month and year) give the day dateparser gives."""

from datetime import date

import pytest

from pipelines.nlp.quantities.dates import MONTH_NAME, MONTH_YEAR, date_parser, resolve_date


def dateparser_day(text: str):
    parsed = date_parser().get_date_data(text)
    if parsed is None or parsed.date_obj is None or parsed.period != "day":
        return None
    return parsed.date_obj.date()


@pytest.mark.parametrize(
    "text",
    [
        "December 31, 2021",
        "December 31 2021",
        "31 December 2021",
        "31 December, 2021",
        "Dec 31, 2021",
        "Dec. 31, 2021",
        "31 Dec 2021",
        "Friday, July 21, 2017",
        "2021-12-31",
        "February 30, 2021",
        "September 2010",
        "Sept. 2010",
        "March, 2010",
        "may 1999",
        "December 2004",
        "January 23 - March 9 2014",
        "January 23-March 9, 2014",
        "May 3 to June 4, 2012",
        "Dec. 31, 2021 - Jan. 2, 2022",
        "Sept. 5 2010",
    ],
)
def test_fast_paths_agree_with_dateparser(text):
    assert resolve_date(text) == dateparser_day(text)


def test_month_and_year_and_spans_of_days_skip_dateparser():
    assert MONTH_YEAR.match("Sept. 2010") and MONTH_YEAR.match("December 2004")
    assert not MONTH_YEAR.match("December 31 2004")
    assert len(MONTH_NAME.findall("January 23 - March 9 2014")) == 2
    assert len(MONTH_NAME.findall("a decade of Marines, December 2004")) == 1


# Relative dates in sentences: the parse gives the tense, the publication date the calendar.
PUBLISHED = date(2021, 7, 21)  # a Wednesday


@pytest.fixture(scope="module")
def date_facts(nlp):
    from pipelines.nlp.quantities import NumericFactExtractor

    extractor = NumericFactExtractor(nlp)

    def run(sentence: str, published: date | None = PUBLISHED) -> dict[str, tuple]:
        rows = extractor(nlp(sentence), published)
        return {
            r["text"]: (r["date_value"], r["date_precision"]) for r in rows if r["kind"] == "date"
        }

    return run


@pytest.mark.parametrize(
    ("sentence", "text", "value", "precision"),
    [
        ("The minister resigned on Tuesday.", "Tuesday", date(2021, 7, 20), "day"),
        ("The committee will vote on Friday.", "Friday", date(2021, 7, 23), "day"),
        ("The vote is scheduled for Monday.", "Monday", date(2021, 7, 26), "day"),
        ("The talks ended on Monday.", "Monday", date(2021, 7, 19), "day"),
        ("Police arrested two men yesterday.", "yesterday", date(2021, 7, 20), "day"),
        ("Shares fell sharply last week.", "last week", date(2021, 7, 12), "week"),
        ("The bank will meet next month.", "next month", date(2021, 8, 1), "month"),
        ("Exports rose 5 percent last year.", "last year", date(2020, 1, 1), "year"),
        ("The law took effect on January 10.", "January 10", date(2021, 1, 10), "day"),
        ("The election is due on January 10.", "January 10", date(2022, 1, 10), "day"),
        ("The factory has been closed since 1998.", "1998", date(1998, 1, 1), "year"),
        ("The bridge collapsed in March.", "March", date(2021, 3, 1), "month"),
        ("The band will tour Europe in September.", "September", date(2021, 9, 1), "month"),
        ("He was elected on 4 November 2008.", "4 November 2008", date(2008, 11, 4), "day"),
        ("Exports fell in September 2019.", "September 2019", date(2019, 9, 1), "month"),
    ],
)
def test_relative_dates_in_sentences(date_facts, sentence, text, value, precision):
    found = date_facts(sentence)
    assert found[text] == (value, precision)


def test_a_date_counted_back_is_kept_beside_its_duration(date_facts):
    assert date_facts("The company was founded seven years ago.")["seven years ago"] == (
        date(2014, 1, 1),
        "year",
    )


def test_without_publication_date_relative_dates_are_kept_unresolved(date_facts):
    found = date_facts("Shares fell last week, and the bank will meet on Friday.", None)
    assert found == {"last week": (None, None), "Friday": (None, None)}
    # a written period needs no publication date
    assert date_facts("The factory has been closed since 1998.", None)["1998"] == (
        date(1998, 1, 1),
        "year",
    )


def test_vague_dates_are_no_facts(date_facts):
    assert date_facts("Attacks have risen over the past couple of years.") == {}
