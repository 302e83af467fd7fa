"""Great Expectations suites (expectations/<table>.json) run on polars frames of any size.

A frame is validated part by part (``validate_frame``); each part goes to a part validator:
GX in this process (``engine.validate_part``) or in the run's validation helper
(``Validator.validate``, pipelines/quality/validator.py).
An expectation with severity "critical" is structural: its failure blocks the load.
"""

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from pipelines.quality.engine import ExpectationOutcome, validate_part

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
