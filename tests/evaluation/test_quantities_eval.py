"""The numeric facts scorer on hand-made cases: matching, unit mapping, interval mapping."""

import pytest

from pipelines.evaluation.quantities import (
    Case,
    Gold,
    SetScores,
    context_change,
    interval_gold,
    keeps,
    recognizer_unit,
    same_unit,
    score,
)


def row(start, end, value, unit=None, change="="):
    return {
        "start_char": start,
        "end_char": end,
        "value": value,
        "unit_normalized": unit,
        "change": change,
    }


def test_score_counts_each_metric_apart():
    case = Case(
        "Sales rose 5% to $3m.",
        [Gold(11, 13, 5, "percent", "up"), Gold(17, 20, 3e6, "US dollar", "=")],
    )
    predicted = [row(11, 13, 5, "percent", "="), row(17, 20, 3e6, "euro"), row(0, 5, 1)]
    counts = score([case], [predicted], SetScores()).counts
    assert (counts["value"].tp, counts["value"].fp, counts["value"].fn) == (2, 1, 0)
    assert counts["value+unit"].tp == 1
    assert counts["value+change"].tp == 1


def test_a_prediction_matches_one_gold_only():
    case = Case("5 and 5", [Gold(0, 1, 5, None, "="), Gold(6, 7, 5, None, "=")])
    counts = score([case], [[row(0, 7, 5)]], SetScores()).counts
    assert (counts["value"].tp, counts["value"].fn) == (1, 1)


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("dollar", "US dollar", True),
        ("dollar", "Canadian dollar", True),
        ("kilometer per hour", "kilometre per hour", True),
        ("metric ton", "tonne", True),
        ("pound", "pound sterling", False),
        ("euro", "US dollar", False),
        (None, None, True),
        (None, "troop", False),
        ("peseta", "Spanish peseta", True),
        ("mark", "Deutsche mark", True),
        ("ton", "tonne", True),
        ("metric ton", "ton", False),
    ],
)
def test_units_are_mapped(gold, predicted, same):
    assert same_unit(gold, predicted) is same


@pytest.mark.parametrize(
    ("interval", "value", "change"),
    [("[20,30)", 25, "="), ("(30,)", 30, ">"), ("[30,)", 30, ">"), ("(,100]", 100, "<")],
)
def test_intervals(interval, value, change):
    gold = interval_gold("x", {"Start": 0, "End": 3, "Resolution": {"value": interval}})
    assert (gold.value, gold.change, gold.end) == (value, change, 4)


def test_change_is_read_from_the_words_before_the_span():
    text = "shares rose 5 % while about 3 % fell"
    assert context_change(text, text.index("5")) == "up"
    assert context_change(text, text.index("3")) == "~"
    assert context_change(text, 0) == "="


def test_pound_is_money_or_mass_by_its_subtype():
    assert recognizer_unit({"unit": "Pound", "value": "5"}) == "pound sterling"
    assert recognizer_unit({"unit": "Pound", "subtype": "Weight", "value": "5"}) == "pound"


def test_a_point_interval_is_no_range_gold():
    result = {"Start": 0, "End": 8, "Resolution": {"value": "[20,20]"}}
    assert interval_gold("equals 20", result) is None


def test_a_range_matches_one_end_only_where_the_file_has_no_ranges():
    case = Case("eight to 10 feet", [Gold(0, 16, 10, "foot", "=")])
    predicted = {**row(0, 16, 9, "foot"), "value_low": 8, "value_high": 10}
    assert score([case], [[predicted]], SetScores(range_ends=True)).counts["value"].tp == 1
    assert score([case], [[predicted]], SetScores()).counts["value"].tp == 0


def test_temperatures_are_not_scored_on_the_dimension_file():
    warm = {**row(0, 5, 24, "degree Celsius"), "kind": "quantity"}
    assert not keeps(warm, {"quantity"})
    assert keeps({**warm, "unit_normalized": "metre"}, {"quantity"})


def test_a_range_of_ranks_is_no_gold():
    result = {"Start": 9, "End": 43, "Resolution": {"value": "[10,15)"}}
    text = "He ranks between the tenth and the fifteenth."
    assert interval_gold(text, {**result, "Text": "between the tenth and the fifteenth"}) is None
