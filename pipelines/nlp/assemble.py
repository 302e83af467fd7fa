"""Finishing numeric facts once mentions carry entity ids: stable ids and entity links."""

import polars as pl

from pipelines import schema


def with_fact_ids(facts: pl.DataFrame) -> pl.DataFrame:
    """fact_id = article_id:start-end:kind, stable across re-runs of the same text."""
    return facts.with_columns(
        pl.concat_str(
            "article_id",
            pl.lit(":"),
            "start_char",
            pl.lit("-"),
            "end_char",
            pl.lit(":"),
            "kind",
        ).alias("fact_id")
    )


def link_facts_to_entities(facts: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """entity_id of the mention that covers a fact's entity span (e.g. "US" in "US troops").

    Mentions of an article do not overlap, so the one that can cover a span is the last that
    starts at or before it: an as-of join, linear in the rows. (A join of every fact with
    every mention of its article was quadratic: 27 billion pairs for one 19 MB article.)
    """
    spans = (
        facts.select("fact_id", "article_id", "entity_start_char", "entity_end_char")
        .drop_nulls(["entity_start_char"])
        .sort("article_id", "entity_start_char")
    )
    starts = (
        mentions.select("article_id", "start_char", "end_char", "entity_id")
        .sort("article_id", "start_char")
        .unique(["article_id", "start_char"], keep="first", maintain_order=True)
    )
    covering = (
        spans.join_asof(
            starts,
            left_on="entity_start_char",
            right_on="start_char",
            by="article_id",
            strategy="backward",
            check_sortedness=False,
        )
        .filter(pl.col("end_char") >= pl.col("entity_end_char"))
        .select("fact_id", "entity_id")
    )
    linked = facts.drop("entity_id", strict=False).join(
        covering, on="fact_id", how="left", maintain_order="left"
    )
    return linked.select(list(schema.NUMERIC_FACTS))


def finish_facts(facts: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    return facts.pipe(with_fact_ids).pipe(link_facts_to_entities, mentions)
