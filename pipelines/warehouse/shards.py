"""Shards: a run limited to the articles whose article_id falls in shard i of N.

An article's shard is its article_id read as a number modulo N. The id is already the
first 15 hex digits of a sha256 (pipelines/ingest/identity.py), so the split is stable
across machines, processes and library versions, and even: no second hash is needed.
``NEWSFACTS_SHARD=i/N`` limits a run to one shard; the Dagster partitions of the extract
and load assets are the same shards, keyed "i-of-N".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

# pipelines/settings.py reads the shard from here, and Superset's own venv imports settings:
# polars is imported where a frame is filtered, not at module level.
if TYPE_CHECKING:
    import polars as pl

SHARD_VARIABLE = "NEWSFACTS_SHARD"
SHARDS_VARIABLE = "NEWSFACTS_SHARDS"
_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
_PARTITION_KEY = re.compile(r"^(\d+)-of-(\d+)$")


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    @property
    def partition_key(self) -> str:
        return f"{self.index}-of-{self.count}"

    def holds(self, article_id: str = "article_id") -> pl.Expr:
        """True for the rows whose ``article_id`` column falls in this shard."""
        import polars as pl

        number = pl.col(article_id).str.slice(1, 15).str.to_integer(base=16, strict=False)
        return (number % self.count) == self.index

    def rows(self, frame: pl.DataFrame, article_id: str = "article_id") -> pl.DataFrame:
        return frame.filter(self.holds(article_id))

    def lazy_rows(self, frame: pl.LazyFrame, article_id: str = "article_id") -> pl.LazyFrame:
        return frame.filter(self.holds(article_id))


def parse_shard(value: str) -> Shard | None:
    """``NEWSFACTS_SHARD``'s value ("i/N", 0 <= i < N) as a Shard; None when empty."""
    if not value.strip():
        return None
    match = _SHARD.match(value)
    index, count = (int(match[1]), int(match[2])) if match else (-1, 0)
    if count < 1 or not 0 <= index < count:
        raise ValueError(
            f"{SHARD_VARIABLE}={value!r}: use i/N with 0 <= i < N (for example "
            f"{SHARD_VARIABLE}=0/4 for the first of four shards), or unset it for the whole folder"
        )
    return Shard(index, count) if count > 1 else None


def parse_shard_count(value: str) -> int:
    """``NEWSFACTS_SHARDS``'s value: how many partitions the extract and load assets have."""
    count = int(value) if value.strip().isdigit() else 0
    if count < 1:
        raise ValueError(
            f"{SHARDS_VARIABLE}={value!r}: use a whole number of shards, 1 or more "
            f"(1, the default, leaves the assets unpartitioned)"
        )
    return count


def partition_keys(count: int) -> list[str]:
    return [Shard(index, count).partition_key for index in range(count)]


def shard_of_partition(key: str) -> Shard:
    match = _PARTITION_KEY.match(key)
    if not match:
        raise ValueError(f"partition key {key!r} is not a shard key such as '0-of-4'")
    return Shard(int(match[1]), int(match[2]))
