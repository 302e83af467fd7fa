"""What an article says about where its places are: datelines and the region after a name.

- A dateline opens a line of the article's head: "SPRINGFIELD, Ill. (AP) -", "LONDON,
  Ontario -", "WASHINGTON, March 2, 2020 (Reuters) -": a place in capitals, what follows its
  comma, and a dash.
- A qualifier follows a place name: "Cambridge, Massachusetts", "Perth, Scotland", "Austin,
  TX", "Victoria (British Columbia)", or sits inside one mention ("Cambridge, Mass.").

Both are read with polars string expressions over the bodies, never row by row.
"""

import polars as pl

from pipelines.places.gazetteer import name_key

# Where a dateline may stand: the first characters of the body (headline and date lines first).
DATELINE_WINDOW = 400
DATELINE = (
    r"(?m)^(\p{Lu}[\p{Lu}.'’\- ]{2,40}?)"  # the place, in capitals
    r"(?:,\s*([^\n]{1,40}?))?"  # what the comma adds: a region, a country or the date
    r"\s*(?:\([^)\n]{1,30}\)\s*)?"  # (AP), (Reuters)
    r"[-–—]{1,2}\s"
)
# Up to three capitalised words after a comma or inside parentheses.
_WORDS = r"(\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*){0,2})"
AFTER_COMMA = r"^,\s*" + _WORDS
IN_PARENTHESES = r"^\s*\(" + _WORDS + r"\)"
QUALIFIER_WINDOW = 40


def datelines(bodies: pl.DataFrame) -> pl.DataFrame:
    """article_id, place (as written), qualifier (text after its comma, or null)."""
    head = pl.col("body").str.slice(0, DATELINE_WINDOW)
    return (
        bodies.select(
            "article_id",
            place=head.str.extract(DATELINE, 1),
            qualifier=head.str.extract(DATELINE, 2),
        )
        .filter(pl.col("place").is_not_null())
        .with_columns(pl.col("place").str.strip_chars())
    )


def qualifier_after(body: pl.Expr, end_char: pl.Expr) -> pl.Expr:
    """The words right after a mention that may say where it is (", Massachusetts")."""
    after = body.str.slice(end_char, QUALIFIER_WINDOW)
    return pl.coalesce(after.str.extract(AFTER_COMMA, 1), after.str.extract(IN_PARENTHESES, 1))


def qualifier_keys(frame: pl.DataFrame, qualifiers: pl.DataFrame) -> pl.DataFrame:
    """For rows (id columns..., qualifier text): the (country_code, admin1_code) the longest
    leading run of its words names ("New South Wales" before "New"), one row per reading."""
    ids = [c for c in frame.columns if c != "qualifier"]
    words = frame.filter(pl.col("qualifier").is_not_null()).with_columns(
        words=pl.col("qualifier").str.split(" ")
    )
    prefixes = pl.concat(
        [
            words.filter(pl.col("words").list.len() >= n).select(
                *ids,
                length=pl.lit(n),
                qualifier_key=name_key(pl.col("words").list.head(n).list.join(" ")),
            )
            for n in (3, 2, 1)
        ]
    )
    matched = prefixes.join(qualifiers.rename({"key": "qualifier_key"}), on="qualifier_key")
    longest = matched.filter(pl.col("length") == pl.col("length").max().over(ids))
    return longest.select(*ids, "country_code", "admin1_code").unique()
