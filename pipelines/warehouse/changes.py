"""Which articles a run must (re)process: the incremental rule, by content hash."""

from dataclasses import dataclass

import polars as pl


@dataclass
class ChangePlan:
    changed: pl.DataFrame  # new or edited articles (by content_sha256), duplicates included
    removed_ids: list[str]  # in the warehouse, not in the folder, and the rule says delete
    unchanged: int

    @property
    def to_extract(self) -> pl.DataFrame:
        """Changed articles that need the model: a duplicate's facts live with its original."""
        return self.changed.filter(pl.col("duplicate_of").is_null())

    def bodies_to_extract(self, articles: pl.LazyFrame) -> pl.DataFrame:
        """article_id, body and published_at (relative dates resolve against it) of the
        articles to extract: only those bring their bodies."""
        return (
            articles.select("article_id", "body", "published_at")
            .join(
                self.to_extract.lazy().select("article_id"),
                on="article_id",
                how="semi",
                maintain_order="left",
            )
            .collect()
        )

    def article_changes(self) -> pl.DataFrame:
        """One row per article loaded (new or edited) or removed: article_id, change."""
        removed = pl.DataFrame({"article_id": self.removed_ids}, schema={"article_id": pl.String})
        return pl.concat(
            [
                self.changed.select("article_id", change=pl.lit("loaded")),
                removed.select("article_id", change=pl.lit("removed")),
            ]
        )


# The columns of the scan that say whether an article changed.
MANIFEST = ("article_id", "content_sha256", "duplicate_of")


def plan_changes(scanned: pl.DataFrame, loaded: pl.DataFrame, on_removed: str) -> ChangePlan:
    """Compare a folder scan with the loaded manifest (article_id, content_sha256, duplicate_of).

    An article is changed when its id is new or its text hash or duplicate status differs.
    Files that disappeared keep their rows unless ``on_removed`` is "delete".
    """
    keys = list(MANIFEST)
    changed = scanned.join(
        loaded.select(pl.col(keys).cast(pl.String)), on=keys, how="anti", nulls_equal=True
    )
    removed = loaded.join(scanned.select("article_id"), on="article_id", how="anti")
    return ChangePlan(
        changed=changed,
        removed_ids=removed["article_id"].to_list() if on_removed == "delete" else [],
        unchanged=scanned.height - changed.height,
    )
