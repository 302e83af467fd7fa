"""Checks of the loaded state inside the load's transaction, before the commit."""

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.warehouse import store, tables


@dataclass(frozen=True)
class Audit:
    passed: bool
    metadata: dict[str, int | str]


def account_for_inputs(
    con: duckdb.DuckDBPyConnection,
    scanned: pl.DataFrame,
    rejected: pl.DataFrame,
    kept: pl.DataFrame | None = None,
) -> Audit:
    """Nothing silently dropped: every scanned article is stored with its current text and
    every rejected input is recorded. A shard load scans its shard's articles, and the
    rejections it ``kept`` (other shards' held-out articles) are not its own."""
    missing = scanned.join(
        store.stored_versions(con), on=["article_id", "content_sha256"], how="anti"
    )
    rejected_stored = store.stored_rejections(con).height - (0 if kept is None else kept.height)
    return Audit(
        passed=missing.is_empty() and rejected_stored == rejected.height,
        metadata={
            "articles_scanned": scanned.height,
            "articles_missing_or_stale": missing.height,
            "rejected_scanned": rejected.height,
            "rejected_stored": rejected_stored,
            "missing_sources": ", ".join(missing["source"].head(20).to_list()),
        },
    )


def reference_checks(
    con: duckdb.DuckDBPyConnection, skip: Callable[[str], bool] = lambda check: False
) -> dict[str, Audit]:
    """Every reference rule of sql/checks/ (one anti-join each, selecting the rows that
    break it) but those ``skip`` names: passed when it finds none; its count and a few rows
    in the metadata."""
    return {
        check: _reference_check(con, check)
        for _, check in tables.reference_checks()
        if not skip(check)
    }


def _reference_check(con: duckdb.DuckDBPyConnection, check: str) -> Audit:
    count, examples = store.violations(con, tables.check_path(check).read_text(encoding="utf-8"))
    return Audit(
        passed=count == 0,
        metadata={"violations": count, "examples": "; ".join(map(str, examples)) or "none"},
    )
