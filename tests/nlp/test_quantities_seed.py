"""The seed article (issue 3, "Done when"): its numeric facts, end to end through the model."""

from datetime import date
from pathlib import Path

import pytest

from pipelines.nlp.quantities import NumericFactExtractor

# the repository's copy of the shared seed article, so the test runs wherever the repo does
SEED = Path(__file__).resolve().parents[2] / "seeds" / "iraq-withdrawal.txt"


@pytest.fixture(scope="module")
def seed(nlp):
    text = SEED.read_text(encoding="utf-8")
    return text, NumericFactExtractor(nlp)(nlp(text))


def fact(rows: list[dict], text: str) -> dict:
    found = [row for row in rows if row["text"] == text]
    assert len(found) == 1, (text, [row["text"] for row in rows])
    return found[0]


def test_more_than_2500_us_troops(seed):
    text, rows = seed
    row = fact(rows, "more than 2500 US troops")
    assert (row["kind"], row["value"], row["unit"], row["change"]) == ("count", 2500, "troops", ">")
    assert row["concept"] == "US troops"
    assert text[row["entity_start_char"] : row["entity_end_char"]] == "US"


def test_european_thousands_separator(seed):
    _, rows = seed
    row = fact(rows, "less than 3.000 conventional troops")
    assert (row["value"], row["unit_normalized"], row["change"]) == (3000, "troop", "<")


def test_number_glued_to_a_word(seed):
    text, rows = seed
    row = fact(rows, "160,000 forces")
    assert row["value"] == 160000 and row["unit_normalized"] == "force"
    assert text[row["start_char"] - 2 : row["start_char"]] == "of"


def test_date_and_durations(seed):
    _, rows = seed
    assert fact(rows, "December 31, 2021")["date_value"] == date(2021, 12, 31)
    for text, value in (("seven years", 7), ("18 years", 18)):
        row = fact(rows, text)
        assert (row["kind"], row["value"], row["unit_normalized"]) == ("duration", value, "year")


def test_no_quantity_from_years_or_pronouns(seed):
    _, rows = seed
    quantities = [r for r in rows if r["kind"] not in ("date", "time", "ordinal")]
    assert not [r["text"] for r in quantities if r["value"] in (2014, 2019, 2020, 2021)]
    assert not [r["text"] for r in quantities if r["text"] == "one"]
