"""Place mentions to gazetteer entries, decided per article.

Every mention that names a place (``pipelines.places.mentions``: GPE, LOC and FAC, and place
names the model mislabels) and whose name the gazetteer knows gets one place. All mentions of
one name in one article share it (one sense per article), and the article's dateline counts as
one more mention of its place. Each candidate place is scored, in this order of strength:

1. a qualifier naming its region or country ("Cambridge, Massachusetts", "SPRINGFIELD, Ill. -");
2. the countries (and first-level regions) the article's other places resolve to, the
   dateline's counting ``DATELINE_VOTES`` times ("Victoria" near Melbourne is the Australian
   state, near Vancouver the Canadian city);
3. a prior: log10 of the population, a country above a city of its size, a capital above
   other cities, a primary name above an alternate one, a city above the province named
   after it ("Kandahar").

A capital that stands for its government ("Washington said") already carries the country as
its canonical name (``pipelines.nlp.mentions.metonymy``), so it resolves to the country.
Everything is polars joins and group-bys over one part's mentions.
"""

import polars as pl

from pipelines import schema
from pipelines.places.evidence import datelines, qualifier_keys
from pipelines.places.gazetteer import Gazetteer, gazetteer, name_key
from pipelines.places.mentions import with_place_evidence

# The prior, in units of log10(population).
COUNTRY_BONUS = 1.0
CAPITAL_BONUS = 1.0
ALTERNATE_NAME_PENALTY = 1.5
FIXED_PRIORS = {"admin1": 6.0, "continent": 9.0, "region": 7.0}
ADMIN1_NAMED_AFTER_CITY = 2.0
# Evidence.
QUALIFIER_COUNTRY = 4.0
QUALIFIER_ADMIN1 = 3.0
CONTEXT_COUNTRY = 4.0  # times the share of the article's other places in that country
CONTEXT_ADMIN1 = 2.0
DATELINE_VOTES = 3
DATELINE_INDEX = -1  # the dateline's row among an article's mentions

_GROUP = ["article_id", "key"]


def _mention_keys(rows: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """(article_id, mention_index, key, qualifier): the first of the canonical name, the name
    and the name before its comma that the gazetteer knows; the comma's words qualify it.

    A qualified name or a dateline is read as written before its canonical name: the entity
    layer may take "LONDON, Ontario -" for the British government, the place is the city."""
    head = pl.col("name").str.split(",").list.first().str.strip_chars()
    inside = pl.col("name").str.splitn(",", 2).struct.field("field_1").str.strip_chars()
    as_written = pl.col("qualifier").is_not_null() | pl.col("in_dateline")
    tries = pl.concat(
        [
            rows.select(
                "article_id", "mention_index", "qualifier", key=name_key(column), level=level
            )
            for column, level in [
                (pl.col("canonical_name"), pl.when(as_written).then(1).otherwise(0)),
                (pl.col("name"), pl.when(as_written).then(0).otherwise(1)),
                (head, pl.lit(2)),
            ]
        ]
    )
    rows_inside = rows.select("article_id", "mention_index", inside=inside)
    found = tries.join(known, on="key", how="semi")
    first = found.sort("level").unique(["article_id", "mention_index"], keep="first")
    return first.join(rows_inside, on=["article_id", "mention_index"], how="left").select(
        "article_id",
        "mention_index",
        "key",
        qualifier=pl.when(pl.col("level") == 2).then("inside").otherwise("qualifier"),
    )


def _dateline_keys(bodies: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    lines = datelines(bodies)
    return (
        lines.select(
            "article_id",
            mention_index=pl.lit(DATELINE_INDEX, pl.Int32),
            key=name_key("place"),
            qualifier="qualifier",
        )
        .join(known, on="key", how="semi")
        .unique(["article_id"])
    )


def _prior() -> pl.Expr:
    fixed = pl.col("feature").replace_strict(FIXED_PRIORS, default=None, return_dtype=pl.Float64)
    by_population = (pl.col("population").fill_null(0) + 1).log10()
    return (
        pl.coalesce(fixed, by_population)
        + pl.when(pl.col("feature") == "country").then(COUNTRY_BONUS).otherwise(0.0)
        + pl.when(pl.col("capital")).then(CAPITAL_BONUS).otherwise(0.0)
        - pl.when(pl.col("alternate")).then(ALTERNATE_NAME_PENALTY).otherwise(0.0)
    )


def _named_after_its_city() -> pl.Expr:
    """A province named like one of its country's cities ("Kandahar", "Chandigarh", "San
    José") is named after it; news names the city far more often."""
    city_in_country = (pl.col("feature") == "city").any().over(*_GROUP, "country_code")
    return (
        pl.when((pl.col("feature") == "admin1") & city_in_country)
        .then(ADMIN1_NAMED_AFTER_CITY)
        .otherwise(0.0)
    )


def _best(candidates: pl.DataFrame, score: str) -> pl.DataFrame:
    return candidates.sort(
        [score, "population", "place_id"], descending=[True, True, False], nulls_last=True
    ).unique(_GROUP, keep="first")


def place_mentions(
    mentions: pl.DataFrame,
    bodies: pl.DataFrame,
    gaz: Gazetteer | None = None,
    lines: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The mentions that name a place (``pipelines.places.mentions``), with their article's
    body, the qualifier after them and whether they are the dateline."""
    gaz = gaz or gazetteer()
    if lines is None:
        lines = _dateline_keys(bodies, gaz.known)
    dateline_keys = lines.select("article_id", dateline_key="key")
    return with_place_evidence(mentions, bodies, dateline_keys, gaz).filter("is_place")


def resolve_places(mentions: pl.DataFrame, bodies: pl.DataFrame, gaz: Gazetteer | None = None):
    """(article_id, mention_index, place_id) for every mention of ``mentions`` that names a
    place the gazetteer knows. ``bodies``: article_id, body of the same articles."""
    gaz = gaz or gazetteer()
    known = gaz.known
    lines = _dateline_keys(bodies, known)
    rows = place_mentions(mentions, bodies, gaz, lines)
    keyed = pl.concat([_mention_keys(rows, known), lines], how="vertical_relaxed")
    groups = keyed.group_by(_GROUP).agg(dateline=(pl.col("mention_index") == DATELINE_INDEX).any())
    qualified = qualifier_keys(keyed.select(*_GROUP, "qualifier"), gaz.qualifiers)
    candidates = (
        groups.join(gaz.names, on="key")
        .join(gaz.places, on="place_id")
        .with_columns(prior=_prior() - _named_after_its_city())
    )
    country_match = (
        qualified.select(*_GROUP, "country_code").unique().with_columns(q_country=pl.lit(True))
    )
    admin1_match = qualified.drop_nulls("admin1_code").unique().with_columns(q_admin1=pl.lit(True))
    candidates = (
        candidates.join(country_match, on=[*_GROUP, "country_code"], how="left")
        .join(admin1_match, on=[*_GROUP, "country_code", "admin1_code"], how="left")
        .with_columns(
            local=pl.col("prior")
            + pl.when(pl.col("q_country")).then(QUALIFIER_COUNTRY).otherwise(0.0)
            + pl.when(pl.col("q_admin1")).then(QUALIFIER_ADMIN1).otherwise(0.0)
        )
    )
    first = _best(candidates, "local").select(*_GROUP, "dateline", "country_code", "admin1_code")
    candidates = _with_context(candidates, first)
    chosen = _best(candidates, "score").select(*_GROUP, "place_id")
    return (
        keyed.filter(pl.col("mention_index") != DATELINE_INDEX)
        .join(chosen, on=_GROUP)
        .select("article_id", pl.col("mention_index").cast(pl.Int32), "place_id")
    )


def _with_context(candidates: pl.DataFrame, first: pl.DataFrame) -> pl.DataFrame:
    """score = local + the share of the article's *other* names whose first reading lies in the
    candidate's country (and admin1), the dateline weighing ``DATELINE_VOTES``."""
    votes = first.with_columns(weight=pl.when(pl.col("dateline")).then(DATELINE_VOTES).otherwise(1))
    total = votes.group_by("article_id").agg(total=pl.col("weight").sum())
    by_country = (
        votes.drop_nulls("country_code")
        .group_by("article_id", "country_code")
        .agg(country_votes=pl.col("weight").sum())
    )
    by_admin1 = (
        votes.drop_nulls("admin1_code")
        .group_by("article_id", "country_code", "admin1_code")
        .agg(admin1_votes=pl.col("weight").sum())
    )
    own = votes.select(
        *_GROUP,
        own_weight="weight",
        own_country="country_code",
        own_admin1="admin1_code",
    )
    scored = (
        candidates.join(total, on="article_id")
        .join(by_country, on=["article_id", "country_code"], how="left")
        .join(by_admin1, on=["article_id", "country_code", "admin1_code"], how="left")
        .join(own, on=_GROUP)
    )
    others = (pl.col("total") - pl.col("own_weight")).clip(lower_bound=1)
    in_country = pl.col("country_votes").fill_null(0) - pl.when(
        pl.col("own_country") == pl.col("country_code")
    ).then(pl.col("own_weight")).otherwise(0)
    in_admin1 = pl.col("admin1_votes").fill_null(0) - pl.when(
        (pl.col("own_country") == pl.col("country_code"))
        & (pl.col("own_admin1") == pl.col("admin1_code"))
    ).then(pl.col("own_weight")).otherwise(0)
    return scored.with_columns(
        score=pl.col("local")
        + CONTEXT_COUNTRY * (in_country / others)
        + CONTEXT_ADMIN1 * (in_admin1 / others)
    )


def with_place_ids(mentions: pl.DataFrame, bodies: pl.DataFrame) -> pl.DataFrame:
    """``mentions`` (``schema.ENTITY_MENTIONS``) with the place_id of each place mention."""
    found = resolve_places(mentions, bodies)
    placed = mentions.join(
        found, on=["article_id", "mention_index"], how="left", maintain_order="left"
    )
    return placed.select(list(schema.ENTITY_MENTION_ROWS))


def places_of(place_ids: pl.Series) -> pl.DataFrame:
    """The ``places`` rows of ``place_ids`` (schema.PLACES)."""
    wanted = pl.DataFrame({"place_id": place_ids.drop_nulls().unique()})
    return gazetteer().places.join(wanted, on="place_id").select(list(schema.PLACES))
