"""resolve_date's fast paths (strptime, month and year) give the day dateparser gives."""

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
