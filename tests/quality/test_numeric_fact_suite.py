"""The numeric_facts suite on the new columns: currency_code, value_from, implausible values."""

import polars as pl
import pytest

from pipelines import schema
from pipelines.quality.prepare import with_body_columns, with_value_finite
from pipelines.quality.suites import validate_frame

BODY = "Revenue was $3bn trillion, up from $2m."
ARTICLES = pl.DataFrame({"article_id": ["a"], "body": [BODY]})


def facts(**changes) -> pl.DataFrame:
    row = {column: None for column in schema.NUMERIC_FACTS}
    row.update(
        fact_id="a:12-25:money",
        article_id="a",
        text="$3bn trillion",
        start_char=12,
        end_char=25,
        sentence_index=0,
        kind="money",
        value=2e6,
        unit="$",
        unit_normalized="US dollar",
        change="=",
        currency_code="USD",
    )
    row.update(changes)
    frame = pl.DataFrame([row], schema=schema.NUMERIC_FACTS)
    return with_value_finite(with_body_columns(frame, ARTICLES))


def test_a_plain_money_fact_passes():
    result = validate_frame("numeric_facts", facts())
    assert result.success, result.markdown()


def test_an_implausible_amount_warns_without_blocking():
    result = validate_frame("numeric_facts", facts(value=3e21, note="implausible magnitude"))
    failed = [o for o in result.outcomes if not o.success]
    assert [(o.column, o.blocking) for o in failed] == [("value", False)]


@pytest.mark.parametrize(
    "changes",
    [{"currency_code": "US$"}, {"currency_code": "usd"}, {"value_from": float("inf")}],
)
def test_a_bad_code_or_an_infinite_start_blocks(changes):
    result = validate_frame("numeric_facts", facts(**changes))
    assert result.blocking_failures, result.markdown()
