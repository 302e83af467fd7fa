"""Quarantine: an article whose rows fail a structural expectation is held out of the load.

A failing critical expectation that names its rows' articles does not stop the run: those
articles go to rejected_inputs with a reason naming the expectation and the fix, all their
rows are dropped, and the rest loads. A failure that names no article (a table-level
expectation such as the column set, a row without an article id) still blocks, as do the
warehouse-wide and reference checks of the load. ``strict`` (``--strict``,
NEWSFACTS_STRICT=1) turns quarantine off: every critical failure blocks.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import polars as pl

from pipelines import schema
from pipelines.quality.suites import SuiteResult

# What to do about an article held out, by the table whose expectation it failed.
FIXES = {
    "articles": "fix or re-save the input file so that it reads as an article",
    "rejected_inputs": "fix or remove the input",
}
EXTRACTION_FIX = (
    "the extracted rows of this text break a rule of the warehouse: report the article as a "
    "newsfacts bug; every run extracts it again until its rows load"
)
REASON_COLUMNS = {"article_id": pl.String, "reason": pl.String}


@dataclass(frozen=True)
class Held:
    """The articles a suite holds out (article_id, reason) and the suite's result once they
    are: their failures no longer block."""

    articles: pl.DataFrame
    result: SuiteResult  # with the held-out failures marked not blocking


def _failure_reason(suite: str, outcome) -> str:
    fix = FIXES.get(suite, EXTRACTION_FIX)
    return (
        f"held out of the warehouse: its {suite} rows fail {outcome.expectation} on "
        f"{outcome.column} (expectations/{suite}.json): {fix}"
    )


def hold_out(result: SuiteResult, *, strict: bool) -> Held:
    """Which articles ``result`` holds out, and what still blocks."""
    if strict:
        return Held(schema.empty(REASON_COLUMNS), result)
    rows: list[tuple[str, str]] = []
    outcomes = []
    for outcome in result.outcomes:
        ids = [i for i in outcome.failed_ids if i is not None]
        tied = outcome.blocking and not outcome.success and ids
        if tied and len(ids) == outcome.unexpected_count:
            reason = _failure_reason(result.suite, outcome)
            rows += [(article_id, reason) for article_id in dict.fromkeys(ids)]
            outcome = replace(outcome, blocking=False)
        outcomes.append(outcome)
    held = pl.DataFrame(rows, schema=REASON_COLUMNS, orient="row")
    held = held.group_by("article_id", maintain_order=True).agg(pl.col("reason").str.join("; "))
    return Held(held, replace(result, outcomes=outcomes))


def rejections(held: pl.DataFrame, articles: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """rejected_inputs rows for held-out articles: "<source>: held out ...: <fix>"."""
    sources = articles.lazy().select("article_id", "source")
    named = held.lazy().join(sources, on="article_id", how="inner").collect()
    now = datetime.now(UTC).replace(tzinfo=None)
    return named.select(
        "source",
        reason=pl.concat_str("source", pl.lit(": "), "reason"),
        detected_at=pl.lit(now, dtype=schema.REJECTED_INPUTS["detected_at"]),
    )


def union(*held: pl.DataFrame) -> pl.DataFrame:
    """The articles held out by several suites, their reasons joined."""
    frames = pl.concat([schema.empty(REASON_COLUMNS), *held])
    return frames.group_by("article_id", maintain_order=True).agg(pl.col("reason").str.join("; "))


def with_duplicates(held: pl.DataFrame, articles: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """``held`` and the ``articles`` (article_id, duplicate_of) that repeat a held article: a
    duplicate's rows live with its original, so without it the duplicate would load bare,
    pointing at an article the warehouse does not hold."""
    if held.is_empty():
        return held
    repeats = (
        articles.lazy()
        .select("article_id", "duplicate_of")
        .join(held.lazy(), left_on="duplicate_of", right_on="article_id", how="inner")
        .select(
            "article_id",
            reason=pl.concat_str(
                pl.lit("held out with the article it repeats ("),
                "duplicate_of",
                pl.lit("): "),
                "reason",
            ),
        )
        .collect()
    )
    return union(held, repeats)


def without(frame, held: pl.DataFrame):
    """``frame`` (eager or lazy) without the rows of held-out articles."""
    if held.is_empty():
        return frame
    keys = held.select("article_id")
    keys = keys.lazy() if isinstance(frame, pl.LazyFrame) else keys
    return frame.join(keys, on="article_id", how="anti")
