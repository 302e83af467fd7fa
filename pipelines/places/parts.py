"""Places for a run's extracted parts, part by part: each batch's mentions get their place_id."""

import polars as pl

from pipelines import schema
from pipelines.nlp.extract import Parts
from pipelines.places.resolve import places_of, with_place_ids
from pipelines.quality import quarantine


def place_parts(
    parts: Parts, articles: pl.DataFrame, leave_out: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Rewrite each part's ``entity_mentions`` with place_id; return the ``places`` rows the
    run's mentions name, but those of the articles in ``leave_out`` (held out). ``articles``:
    article_id and body of the extracted articles (every mention of an article is in one
    part, so the article-level rules see all of them)."""
    place_ids = []
    for index in range(parts.count):
        mentions = parts.read("entity_mentions", index)
        bodies = articles.select("article_id", "body").join(
            mentions.select("article_id").unique(), on="article_id", how="semi"
        )
        placed = with_place_ids(mentions, bodies)
        kept = placed if leave_out is None else quarantine.without(placed, leave_out)
        place_ids.append(kept["place_id"].drop_nulls().unique())
        parts.write("entity_mentions", index, placed)
    if not place_ids:
        return schema.empty(schema.PLACES)
    return places_of(pl.concat(place_ids))
