"""Columns that let single-table expectations check offsets against the article body."""

import polars as pl

from pipelines.quality import body_slices

# Rows get their article's body in slices of about this many body characters: joined to all
# rows at once, a body is held once per sentence or mention of its article (34 sentences of
# a 5 KB article: 190 KB), close to a gigabyte for 5,000 articles.
SLICE_CHARS = 32 * 2**20


def with_body_columns(frame: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Add body_length and, for spans with text, body_slice = body[start_char:end_char]."""
    bodies = articles.select("article_id", "body")
    lengths = bodies.select("article_id", body_length=pl.col("body").str.len_chars())
    frame = frame.join(lengths, on="article_id", how="left", maintain_order="left")
    if "text" not in frame.columns:
        return frame
    if frame.is_empty():
        return frame.with_columns(body_slice=pl.lit(None, dtype=pl.String))
    # Each article's length counted once (at its first row), so all rows of an article share
    # a slice: counted per row, one 19 MB article made a slice of every row or two.
    first_row = pl.col("article_id").is_first_distinct()
    slice_of = pl.when(first_row).then(pl.col("body_length")).otherwise(0).fill_null(0).cum_sum()
    slice_of = slice_of // SLICE_CHARS
    parts = frame.with_columns(slice_of.alias("slice")).partition_by(
        "slice", maintain_order=True, include_key=False
    )
    sliced = []
    for part in parts:
        own = bodies.join(part.select("article_id").unique(), on="article_id", how="semi")
        sliced.append(
            part.join(own, on="article_id", how="left", maintain_order="left")
            .pipe(body_slices.with_body_slice)
            .drop("body")
        )
    return pl.concat(sliced)


def with_value_finite(frame: pl.DataFrame) -> pl.DataFrame:
    """value_is_finite (and value_from_is_finite) is 1 where the column is missing or finite,
    0 for NaN and infinities."""
    columns = [c for c in ("value", "value_from") if c in frame.columns]
    return frame.with_columns(
        pl.when(pl.col(c).is_null() | pl.col(c).is_finite())
        .then(1)
        .otherwise(0)
        .alias(f"{c}_is_finite")
        for c in columns
    )
