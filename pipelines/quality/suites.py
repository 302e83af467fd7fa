"""Great Expectations suites (expectations/<table>.json) run on polars frames of any size.

A frame is validated part by part (``validate_frame``); each part goes to a part validator:
GX in this process (``engine.validate_part``) or in the run's validation helper
(``Validator.validate``, pipelines/quality/validator.py).
An expectation with severity "critical" is structural: its failure blocks the load.
"""

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from pipelines.quality.engine import (
    ExpectationOutcome,
    column_label,
    load_suite_json,
    validate_part,
)

# Validates one part against one suite: (suite name, frame) -> one outcome per expectation.
PartValidator = Callable[[str, pl.DataFrame], list[ExpectationOutcome]]


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


# Larger frames are validated in parts of about this many rows, split by article (every
# uniqueness key of a per-article table contains article_id), so memory stays bounded.
CHUNK_ROWS = 200_000


def validate_frame(
    name: str,
    frame: pl.DataFrame | pl.LazyFrame,
    prepare: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    validate: PartValidator = validate_part,
) -> SuiteResult:
    """Validate ``frame`` against expectations/<name>.json; one outcome per expectation.

    ``prepare`` adds derived columns to each part before ``validate`` sees it. A lazy frame
    (rows on disk) is read one part at a time, so memory is bounded by CHUNK_ROWS, not the
    frame.
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
        validate(name, prepare(part) if prepare else part)
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
            failed_ids=tuple(i for o in same for i in o.failed_ids),
        )
        for first, *rest in zip(*outcomes, strict=True)
        for same in [[first, *rest]]
    ]
    return SuiteResult(suite=name, rows=rows, outcomes=merged)


# Expectations on rows: with no row there is nothing unexpected, so GX reports success
# (tests/quality/test_empty_frames.py compares this with GX for every suite).
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
            # no row can fail, but GX fails an expectation on a column the frame lacks
            success = all(name in columns for name in column_label(kwargs).split(",") if name)
        else:
            return None
        outcomes.append(
            ExpectationOutcome(
                expectation=kind,
                column=column_label(kwargs),
                success=success,
                blocking=str(item["severity"]).lower().endswith("critical"),
                unexpected_count=0,
                examples=[],
            )
        )
    return outcomes
