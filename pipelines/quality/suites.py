"""Great Expectations suites (expectations/<table>.json) run on polars frames.

GX 1.x has no polars engine, so frames are converted to pandas at this boundary. GX takes
seconds to import, so it is imported on first use, never at module import, and a run imports
it in a helper process (``start_validator``) while it does other work.
An expectation with severity "critical" is structural: its failure blocks the load.
"""

import atexit
import json
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines.settings import EXPECTATIONS_DIR

if TYPE_CHECKING:
    from pipelines.quality.helper import ValidationHelper


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str
    success: bool
    blocking: bool
    unexpected_count: int
    examples: list[Any]


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    rows: int
    outcomes: list[ExpectationOutcome]

    @property
    def success(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def blocking_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if o.blocking and not o.success]

    def markdown(self) -> str:
        lines = [
            "| expectation | column | result | unexpected | examples |",
            "|---|---|---|---|---|",
        ]
        for o in self.outcomes:
            verdict = "pass" if o.success else ("FAIL (blocking)" if o.blocking else "fail")
            examples = ", ".join(str(e) for e in o.examples[:3]).replace("|", "\\|")
            lines.append(
                f"| {o.expectation} | {o.column} | {verdict} | {o.unexpected_count} | {examples} |"
            )
        return "\n".join(lines)


def suite_path(name: str) -> Path:
    return EXPECTATIONS_DIR / f"{name}.json"


def load_suite_json(name: str) -> dict:
    with suite_path(name).open(encoding="utf-8") as handle:
        return json.load(handle)


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


def import_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations  # noqa: F401


# The run's validation helper (pipelines/quality/helper.py), once started.
_helper: "ValidationHelper | None" = None


def start_validator() -> None:
    """Start the validation helper process if it is not running: it imports GX on another
    core while the run does other work, then runs every suite of the run."""
    global _helper
    from pipelines.quality.helper import ValidationHelper

    if _helper is None or not _helper.alive():
        _helper = ValidationHelper()


def stop_validator() -> None:
    """Close the validation helper, if one runs; until ``start_validator`` starts another,
    suites are validated in this process."""
    global _helper
    if _helper is not None:
        _helper.close()
        _helper = None


atexit.register(stop_validator)


# A helper that grew past this (pandas and GX keep memory of the largest parts it validated)
# is replaced by a fresh one before the extraction and before the load, the two steps where
# the run's memory peaks. A fresh helper holds about 260 MB; after 20,000 articles' parts it
# held about 480 MB through the load, the run's peak.
HELPER_MAX_BYTES = 384 * 2**20


def recycle_validator() -> None:
    """Replace a running helper that holds more than HELPER_MAX_BYTES by a fresh one."""
    if _helper is not None and _helper.alive() and _helper.private_bytes() > HELPER_MAX_BYTES:
        stop_validator()
        start_validator()


def _validate_in_helper(name: str, part: pl.DataFrame) -> list[ExpectationOutcome]:
    from pipelines.quality.helper import HelperGone

    if _helper is None:
        return _validate_part(name, part)
    try:
        return _helper.validate(name, part)
    except HelperGone:
        # The helper died (killed from outside): validate here instead of failing the run.
        stop_validator()
        return _validate_part(name, part)


# Larger frames are validated in parts of about this many rows, split by article (every
# uniqueness key of a per-article table contains article_id), so memory stays bounded.
CHUNK_ROWS = 200_000


def validate_frame(
    name: str,
    frame: pl.DataFrame | pl.LazyFrame,
    prepare: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> SuiteResult:
    """Validate ``frame`` against expectations/<name>.json; one outcome per expectation.

    ``prepare`` adds derived columns to each part before it is validated. A lazy frame (rows
    on disk) is read one part at a time, so memory is bounded by CHUNK_ROWS, not the frame.
    A part that fails a `mostly` expectation fails it for the whole frame: stricter than one
    pass over everything, never looser.
    """
    lazy = frame.lazy()
    rows = lazy.select(pl.len()).collect().item()
    if rows == 0:
        empty = lazy.collect()
        outcomes = empty_frame_outcomes(name, (prepare(empty) if prepare else empty).columns)
        if outcomes is not None:
            return SuiteResult(suite=name, rows=0, outcomes=outcomes)
    count = max(1, -(-rows // CHUNK_ROWS)) if "article_id" in lazy.collect_schema() else 1
    if count == 1:
        parts = [lazy.collect()]
    else:
        part_of = pl.col("article_id").hash() % count
        parts = (lazy.filter(part_of == index).collect() for index in range(count))
    outcomes = [
        _validate_in_helper(name, prepare(part) if prepare else part)
        for part in parts
        if part.height or count == 1
    ]
    merged = [
        ExpectationOutcome(
            expectation=first.expectation,
            column=first.column,
            success=all(o.success for o in same),
            blocking=first.blocking,
            unexpected_count=sum(o.unexpected_count for o in same),
            examples=[e for o in same for e in o.examples][:20],
        )
        for first, *rest in zip(*outcomes, strict=True)
        for same in [[first, *rest]]
    ]
    return SuiteResult(suite=name, rows=rows, outcomes=merged)


# Expectations on rows: with no row there is nothing unexpected, so GX reports success
# (tests/quality compares this with GX for every suite).
_ROW_EXPECTATIONS = {
    "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_equal",
    "expect_column_value_lengths_to_be_between",
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_unique",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_not_be_null",
    "expect_compound_columns_to_be_unique",
}


def empty_frame_outcomes(name: str, columns: list[str]) -> list[ExpectationOutcome] | None:
    """What GX reports for a frame without rows, without asking GX (a round trip to the
    helper and a GX batch per suite, a fixed cost of every run with nothing new), in the
    suite's order; None when the suite has an expectation whose outcome this does not know."""
    outcomes = []
    for item in load_suite_json(name)["expectations"]:
        kind, kwargs = item["type"], item.get("kwargs", {})
        if "severity" not in item:
            return None  # GX's default severity decides; let GX report it
        if kind == "expect_table_columns_to_match_set":
            # exact: the same columns; otherwise every expected column, others allowed
            expected, found = set(kwargs["column_set"]), set(columns)
            success = found == expected if kwargs.get("exact_match", True) else expected <= found
        elif kind in _ROW_EXPECTATIONS:
            success = True
        else:
            return None
        outcomes.append(
            ExpectationOutcome(
                expectation=kind,
                column=_column_label(kwargs),
                success=success,
                blocking=str(item["severity"]).lower().endswith("critical"),
                unexpected_count=0,
                examples=[],
            )
        )
    return outcomes


def _column_label(kwargs: dict) -> str:
    """The column (or columns) an expectation is about, as the outcomes name them."""
    return (
        kwargs.get("column")
        or ",".join(str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs)
        or ",".join(kwargs.get("column_list", []))
    )


def _validate_part(name: str, frame: pl.DataFrame) -> list[ExpectationOutcome]:
    import great_expectations as gx

    suite = gx.ExpectationSuite(**load_suite_json(name))
    batch = _batch_definition(name).get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    result = batch.validate(suite, result_format="SUMMARY")
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        kwargs = config.kwargs
        column = _column_label(kwargs)
        details = item.result or {}
        outcomes.append(
            ExpectationOutcome(
                expectation=config.type,
                column=column,
                success=bool(item.success),
                blocking=str(config.severity).lower().endswith("critical"),
                unexpected_count=int(details.get("unexpected_count") or 0),
                examples=[_plain(v) for v in details.get("partial_unexpected_list") or []],
            )
        )
    return outcomes


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)
