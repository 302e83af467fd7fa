"""Places for a run's extracted parts: each batch's mentions get their place_id."""

from collections.abc import Iterator

import polars as pl

from pipelines import schema
from pipelines.nlp.extract import Parts
from pipelines.places.resolve import places_of, with_place_ids
from pipelines.quality import quarantine

# Mentions resolved together: parts are read until their mentions reach this many rows (about
# 50 MB with their articles' bodies, some 6,000 articles). Every resolution joins the
# gazetteer's tables, a fixed cost of some 80 ms: paid once per part, it took 5.3 s of 2,000
# articles' 5.8 s (63 parts); paid once per group, 0.5 s.
GROUP_ROWS = 200_000


def place_parts(
    parts: Parts,
    articles: pl.DataFrame,
    leave_out: pl.DataFrame | None = None,
    group_rows: int = GROUP_ROWS,
) -> pl.DataFrame:
    """Rewrite each part's ``entity_mentions`` with place_id; return the ``places`` rows the
    run's mentions name, but those of the articles in ``leave_out`` (held out). ``articles``:
    article_id and body of the extracted articles (every mention of an article is in one
    part, so the article-level rules see all of them). Parts are resolved in groups of about
    ``group_rows`` mentions; every article's places are decided on its own mentions alone, so
    the grouping changes no result."""
    place_ids = []
    for first, frames in _groups(parts, group_rows):
        mentions = pl.concat(frames)
        bodies = articles.select("article_id", "body").join(
            mentions.select("article_id").unique(), on="article_id", how="semi"
        )
        placed = with_place_ids(mentions, bodies)
        if placed.height != mentions.height:
            raise AssertionError("resolving places changed the number of mentions")
        kept = placed if leave_out is None else quarantine.without(placed, leave_out)
        place_ids.append(kept["place_id"].drop_nulls().unique())
        offset = 0
        for index, frame in enumerate(frames, start=first):
            parts.write("entity_mentions", index, placed.slice(offset, frame.height))
            offset += frame.height
    if not place_ids:
        return schema.empty(schema.PLACES)
    return places_of(pl.concat(place_ids))


def _groups(parts: Parts, rows: int) -> Iterator[tuple[int, list[pl.DataFrame]]]:
    """Consecutive parts' ``entity_mentions`` in groups of about ``rows`` rows: each group's
    first part index and its parts' frames, in part order."""
    first, frames = 0, []
    for index in range(parts.count):
        frames.append(parts.read("entity_mentions", index))
        if sum(f.height for f in frames) >= rows or index == parts.count - 1:
            yield first, frames
            first, frames = index + 1, []
