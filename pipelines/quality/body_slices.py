"""body_slice = body[start_char:end_char] for every row, in time linear in the rows.

polars finds a character offset in a string by walking it from its start, once per row: for
the 370,000 mentions of one 19 MB article that is hours. Rows of long bodies are therefore
sliced by bytes, at byte offsets found with one numpy pass over each long body.
"""

import numpy as np
import polars as pl

# Bodies up to this length are sliced by characters (the walk is short).
LONG_BODY_CHARS = 100_000


def _utf8_offsets(body: str, chars: np.ndarray) -> np.ndarray:
    """The byte offset in UTF-8 of each character offset (clipped to the body)."""
    codes = np.frombuffer(body.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    widths = 1 + (codes >= 0x80).astype(np.int64) + (codes >= 0x800) + (codes >= 0x10000)
    starts = np.concatenate([[0], np.cumsum(widths)])
    return starts[np.clip(chars, 0, len(codes))]


def _byte_offsets(frame: pl.DataFrame) -> pl.DataFrame:
    """byte_start and byte_end of the rows of long bodies (null elsewhere)."""
    long = frame.with_row_index("row").filter(pl.col("body_length") > LONG_BODY_CHARS)
    parts = []
    for rows in long.partition_by("article_id", maintain_order=True):
        body = rows["body"][0]
        spans = rows.select("row", "start_char", "end_char")
        if len(body.encode("utf-8", "surrogatepass")) != len(body):
            spans = spans.with_columns(
                start_char=pl.Series(_utf8_offsets(body, spans["start_char"].to_numpy())),
                end_char=pl.Series(_utf8_offsets(body, spans["end_char"].to_numpy())),
            )
        parts.append(spans)
    offsets = pl.concat(parts) if parts else long.select("row", "start_char", "end_char")
    offsets = offsets.rename({"start_char": "byte_start", "end_char": "byte_end"})
    positions = frame.with_row_index("row").select("row")
    return positions.join(offsets, on="row", how="left", maintain_order="left").drop("row")


def with_body_slice(frame: pl.DataFrame) -> pl.DataFrame:
    """Add body_slice to rows with columns body, body_length, start_char, end_char."""
    long = pl.col("body_length") > LONG_BODY_CHARS
    start = pl.col("start_char")
    length = (pl.col("end_char") - pl.col("start_char")).clip(0)
    by_chars = pl.col("body").str.slice(
        pl.when(long).then(0).otherwise(start), pl.when(long).then(0).otherwise(length)
    )
    if not frame.select(long.any()).item():
        return frame.with_columns(body_slice=by_chars)
    byte_length = (pl.col("byte_end") - pl.col("byte_start")).clip(0)
    by_bytes = (
        pl.col("body").cast(pl.Binary).bin.slice(pl.col("byte_start"), byte_length).cast(pl.String)
    )
    return (
        pl.concat([frame, _byte_offsets(frame)], how="horizontal")
        .with_columns(body_slice=pl.when(long).then(by_bytes).otherwise(by_chars))
        .drop("byte_start", "byte_end")
    )
