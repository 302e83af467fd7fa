"""Which mentions name a place: the model's place labels, and the place names it mislabels.

spaCy's small model tags many place names ORG, PERSON or NORP ("in Kharkiv" ORG, "Edinburgh
and Glasgow" PERSON, "Aleppo" NORP). A mention is read as a place when it is tagged GPE, LOC or
FAC, or when its name is a gazetteer place's own name and the text says it is a place:

- a preposition of place before it ("in", "near", "from", ...);
- "and", "or" or a comma joins it to a mention tagged as a place;
- a region or country follows it ("Hamilton, Ontario");
- it is the dateline ("KINGSTON, Jamaica -");
- the same name is tagged as a place elsewhere in the article;
- it is tagged NORP (a nationality is never a place's own name: "Punjab", "Aleppo");
- its name has several words ("Buenos Aires", "Santiago de Compostela").

A capital standing for its government ("Washington said": ORG, canonical name the country's)
names its country. A name the entity layer reads as short for a longer name the gazetteer does
not know ("Montalvo" for Daniel Montalvo, "USI" for a university) is no mislabelled place.
"""

import polars as pl

from pipelines.places.evidence import DATELINE_WINDOW, qualifier_after
from pipelines.places.gazetteer import Gazetteer, name_key

PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_PREPOSITION = r"(?i)\b(?:in|near|across|outside|around|into|from|of|at|via)\s+$"
JOINED = r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*/\s*)$"
_LOOK_BEHIND = 12


def _gap(body: pl.Expr, start: pl.Expr, end: pl.Expr) -> pl.Expr:
    return body.str.slice(start, (end - start).clip(lower_bound=0))


def with_place_evidence(
    mentions: pl.DataFrame, bodies: pl.DataFrame, dateline_keys: pl.DataFrame, gaz: Gazetteer
) -> pl.DataFrame:
    """The mentions that may name a place, with their article's body and the columns the
    rules read: qualifier, in_dateline, is_place. ``dateline_keys``: article_id,
    dateline_key. Bodies join only the mentions whose label or name may make them places."""
    body, start, end = pl.col("body"), pl.col("start_char"), pl.col("end_char")
    tagged = pl.col("label").is_in(PLACE_LABELS)
    by_article = ["article_id"]
    key = name_key("name")
    canonical_key = name_key("canonical_name")
    # "Washington" said: the entity layer wrote the country as its canonical name
    standing_for = (
        (pl.col("label") == "ORG")
        & (pl.col("canonical_name") != pl.col("name"))
        & canonical_key.is_in(gaz.country_keys.implode())
    )
    # "Montalvo" short for "Daniel Montalvo": the entity layer knows a longer, non-place name
    short_for_other = (pl.col("canonical_name") != pl.col("name")) & ~canonical_key.is_in(
        gaz.known["key"].implode()
    )
    ordered = mentions.sort("article_id", "start_char").with_columns(
        previous_end=end.shift(1).over(by_article),
        previous_tagged=tagged.shift(1).over(by_article),
        next_start=start.shift(-1).over(by_article),
        next_tagged=tagged.shift(-1).over(by_article),
        tagged_elsewhere=tagged.any().over("article_id", "name"),
        own_name=key.is_in(gaz.own_keys.implode()) & ~short_for_other,
    )
    rows = (
        ordered.filter(tagged | standing_for | pl.col("own_name"))
        .join(bodies, on="article_id")
        .join(dateline_keys, on="article_id", how="left")
    )
    qualifier_words = gaz.qualifiers["key"].implode()
    qualifier = qualifier_after(body, end)
    joined = (
        _gap(body, pl.col("previous_end"), start).str.contains(JOINED) & pl.col("previous_tagged")
    ).fill_null(False) | (
        _gap(body, end, pl.col("next_start")).str.contains(JOINED) & pl.col("next_tagged")
    ).fill_null(False)
    preposition = _gap(body, (start - _LOOK_BEHIND).clip(lower_bound=0), start).str.contains(
        PLACE_PREPOSITION
    )
    qualified = name_key(qualifier.str.split(" ").list.first()).is_in(qualifier_words) | name_key(
        qualifier
    ).is_in(qualifier_words)
    in_dateline = (start < DATELINE_WINDOW) & key.eq(pl.col("dateline_key")).fill_null(False)
    mislabelled = pl.col("own_name") & (
        preposition
        | joined
        | qualified.fill_null(False)
        | in_dateline
        | pl.col("tagged_elsewhere")
        | (pl.col("label") == "NORP")
        | pl.col("name").str.contains(r"\S\s+\S")
    )
    return rows.with_columns(
        qualifier=qualifier,
        in_dateline=in_dateline,
        is_place=tagged | standing_for | mislabelled,
    )
