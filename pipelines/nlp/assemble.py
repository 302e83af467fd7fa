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
    """entity_id of the mention that covers a fact's entity span (e.g. "US" in "US troops")."""
    spans = facts.select(
        "fact_id", "article_id", "entity_start_char", "entity_end_char"
    ).drop_nulls(["entity_start_char"])
    covering = (
        spans.join(
            mentions.select("article_id", "start_char", "end_char", "entity_id"),
            on="article_id",
        )
        .filter(
            (pl.col("start_char") <= pl.col("entity_start_char"))
            & (pl.col("end_char") >= pl.col("entity_end_char"))
        )
        .sort("fact_id", "start_char")
        .unique("fact_id", keep="first")
        .select("fact_id", "entity_id")
    )
    linked = facts.drop("entity_id", strict=False).join(covering, on="fact_id", how="left")
    return linked.select(list(schema.NUMERIC_FACTS))


def finish_facts(facts: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    return facts.pipe(with_fact_ids).pipe(link_facts_to_entities, mentions)
