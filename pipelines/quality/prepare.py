"""Columns that let single-table expectations check offsets against the article body."""

import polars as pl


def with_body_columns(frame: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Add body_length and, for spans with text, body_slice = body[start_char:end_char]."""
    bodies = articles.select("article_id", "body")
    joined = frame.join(bodies, on="article_id", how="left")
    columns = [pl.col("body").str.len_chars().alias("body_length")]
    if "text" in frame.columns:
        columns.append(
            pl.col("body")
            .str.slice(pl.col("start_char"), pl.col("end_char") - pl.col("start_char"))
            .alias("body_slice")
        )
    return joined.with_columns(columns).drop("body")


def with_value_finite(frame: pl.DataFrame) -> pl.DataFrame:
    """value_is_finite is 1 where value is missing or finite, 0 for NaN and infinities."""
    return frame.with_columns(
        pl.when(pl.col("value").is_null() | pl.col("value").is_finite())
        .then(1)
        .otherwise(0)
        .alias("value_is_finite")
    )
