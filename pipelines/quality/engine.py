"""Great Expectations itself: one suite (expectations/<name>.json) run on one pandas batch.

This is all the validation helper process imports of GX, and what a run falls back to when
there is no helper. GX takes seconds to import, so it is imported on first use, never at
module import. An expectation with severity "critical" is structural: its failure blocks
the load.
"""

import json
import logging
import math
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.settings import EXPECTATIONS_DIR


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str
    success: bool
    blocking: bool
    unexpected_count: int
    examples: list[Any]
    # article_id of every failing row, when the frame has one (what quarantine holds out)
    failed_ids: tuple = ()


def suite_path(name: str) -> Path:
    return EXPECTATIONS_DIR / f"{name}.json"


def load_suite_json(name: str) -> dict:
    with suite_path(name).open(encoding="utf-8") as handle:
        return json.load(handle)


def import_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations  # noqa: F401


@cache
def _batch_definition(name: str):
    import_gx()
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    source = context.data_sources.add_pandas(f"newsfacts_{name}")
    asset = source.add_dataframe_asset(name)
    return asset.add_batch_definition_whole_dataframe("whole_frame")


def validate_part(name: str, frame: pl.DataFrame) -> list[ExpectationOutcome]:
    """Run suite ``name`` on ``frame`` (converted to pandas here); one outcome per expectation."""
    import great_expectations as gx

    suite = gx.ExpectationSuite(**load_suite_json(name))
    batch = _batch_definition(name).get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    result = batch.validate(suite, result_format=_result_format(frame))
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        kwargs = config.kwargs
        column = column_label(kwargs)
        details = item.result or {}
        outcomes.append(
            ExpectationOutcome(
                expectation=config.type,
                column=column,
                success=bool(item.success),
                blocking=str(config.severity).lower().endswith("critical"),
                unexpected_count=int(details.get("unexpected_count") or 0),
                examples=[_plain(v) for v in details.get("partial_unexpected_list") or []],
                failed_ids=tuple(
                    row.get("article_id") for row in details.get("unexpected_index_list") or []
                ),
            )
        )
    return outcomes


def column_label(kwargs: dict) -> str:
    """The column (or columns) an expectation is about, as the outcomes name them."""
    return (
        kwargs.get("column")
        or ",".join(str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs)
        or ",".join(kwargs.get("column_list", []))
    )


def _result_format(frame: pl.DataFrame) -> str | dict:
    """SUMMARY, plus the article of every failing row when the frame has article ids."""
    if "article_id" not in frame.columns:
        return "SUMMARY"
    return {
        "result_format": "COMPLETE",
        "unexpected_index_column_names": ["article_id"],
        "return_unexpected_index_query": False,
        "partial_unexpected_count": 20,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)
