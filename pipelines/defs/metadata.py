"""What each asset shows in the UI: row counts, a preview, a histogram, check results."""

from collections.abc import Callable

import dagster as dg
import polars as pl

from pipelines.defs.names import suite_check
from pipelines.quality import quarantine
from pipelines.quality.suites import SuiteResult
from pipelines.quality.validator import Validator


def markdown_table(frame: pl.DataFrame, max_chars: int = 60) -> str:
    if frame.is_empty():
        return "_no rows_"
    columns = frame.columns
    text = frame.select(
        pl.col(c)
        .cast(pl.String)
        .fill_null("")
        .str.slice(0, max_chars)
        .str.replace_all(r"[|\n]", " ")
        for c in columns
    )
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(row) + " |" for row in text.rows()]
    return "\n".join(lines)


def frame_metadata(
    frame: pl.DataFrame | pl.LazyFrame, *, preview: list[str], histogram: str | None = None
) -> dict:
    """Row count, a ten-row preview and an optional histogram; a lazy frame is only scanned."""
    lazy = frame.lazy()
    metadata = {
        "dagster/row_count": dg.MetadataValue.int(lazy.select(pl.len()).collect().item()),
        "preview": dg.MetadataValue.md(markdown_table(lazy.select(preview).head(10).collect())),
    }
    if histogram is not None:
        counts = lazy.group_by(histogram).len().sort("len", descending=True).collect()
        metadata[f"{histogram}_histogram"] = dg.MetadataValue.md(markdown_table(counts))
    return metadata


def suite_check_result(
    validator: Validator,
    asset_key: dg.AssetKey,
    table: str,
    frame: pl.DataFrame | pl.LazyFrame,
    prepare: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> dg.AssetCheckResult:
    """Run expectations/<table>.json on ``frame``; critical failures make it an ERROR."""
    result = validator.validate_frame(table, frame, prepare)
    return check_result_from_suite(asset_key, table, result)


def held_out_check(
    validator: Validator,
    asset_key: dg.AssetKey,
    table: str,
    frame: pl.DataFrame | pl.LazyFrame,
    prepare: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    *,
    strict: bool,
) -> tuple[dg.AssetCheckResult, pl.DataFrame]:
    """The suite's check and the articles it holds out (article_id, reason): failures tied
    to articles are quarantined unless ``strict``; what remains blocking makes it an ERROR."""
    held = quarantine.hold_out(validator.validate_frame(table, frame, prepare), strict=strict)
    return check_result_from_suite(asset_key, table, held.result), held.articles


def check_result_from_suite(
    asset_key: dg.AssetKey, table: str, result: SuiteResult, recorded_by: str | None = None
) -> dg.AssetCheckResult:
    """``recorded_by``: the run whose load was validated with ``result`` (nothing changed
    since), when the result is that load's record rather than a new validation."""
    failed = [o for o in result.outcomes if not o.success]
    recorded = {"recorded_by_load": dg.MetadataValue.text(recorded_by)} if recorded_by else {}
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=suite_check(table),
        passed=result.success,
        severity=(
            dg.AssetCheckSeverity.ERROR if result.blocking_failures else dg.AssetCheckSeverity.WARN
        ),
        metadata={
            "rows_validated": dg.MetadataValue.int(result.rows),
            "expectations": dg.MetadataValue.int(len(result.outcomes)),
            "failed": dg.MetadataValue.int(len(failed)),
            "blocking_failed": dg.MetadataValue.int(len(result.blocking_failures)),
            "results": dg.MetadataValue.md(result.markdown()),
            **recorded,
        },
    )


def check_spec(asset_key: dg.AssetKey, table: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        name=suite_check(table),
        asset=asset_key,
        blocking=True,
        description=f"Great Expectations suite expectations/{table}.json "
        "(critical expectations block the load)",
    )
