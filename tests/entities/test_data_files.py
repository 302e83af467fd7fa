import csv
from importlib import resources

import pycountry
import pytest

from pipelines.entities.names import known_variant, name_key, title_length

DATA = resources.files("pipelines.entities").joinpath("data")


def rows(file_name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(DATA.joinpath(file_name).read_text("utf-8").splitlines()))


@pytest.mark.parametrize(
    ("file_name", "columns"),
    [
        ("variants.csv", ["alias", "canonical"]),
        ("titles.csv", ["title"]),
        ("country_names.csv", ["alpha_3", "name"]),
        ("generic_words.csv", ["word"]),
        ("place_modifiers.csv", ["word"]),
        ("seats_of_government.csv", ["capital", "country"]),
        ("place_verbs.csv", ["lemma"]),
        ("thing_words.csv", ["word", "label"]),
        ("diseases.csv", ["name", "kind"]),
        ("events.csv", ["name", "match"]),
        ("debris.csv", ["text", "why"]),
        ("sports_contexts.csv", ["word", "kind"]),
        ("org_contexts.csv", ["word", "position"]),
        ("org_suffixes.csv", ["word"]),
        ("head_words.csv", ["word", "label", "building_only"]),
        ("cities.csv", ["name"]),
        ("beliefs.csv", ["name", "label", "kind"]),
        ("person_named_firms.csv", ["name"]),
        ("affiliations.csv", ["word"]),
        ("landforms.csv", ["word", "example"]),
        ("time_zones.csv", ["abbreviation", "source"]),
        ("actor_verbs.csv", ["lemma"]),
        ("product_words.csv", ["word", "example"]),
        ("title_modifiers.csv", ["word", "example"]),
        ("newspaper_words.csv", ["word", "example"]),
        ("post_nominals.csv", ["abbreviation", "meaning"]),
        ("products.csv", ["name", "kind"]),
        ("portfolio_titles.csv", ["word", "example"]),
        ("category_nouns.csv", ["word"]),
        ("demonyms.csv", ["word", "of"]),
        ("government_words.csv", ["word"]),
        ("political_words.csv", ["word"]),
        ("lowercase_words.csv", ["word", "margin"]),
        ("listed_companies.csv", ["name", "listed_as"]),
    ],
)
def test_data_file_has_its_columns_and_no_blank_cells(file_name, columns):
    table = rows(file_name)
    assert table
    assert list(table[0]) == columns
    assert all(row[c] and row[c].strip() == row[c] for row in table for c in columns)


def test_spellings_of_one_variant_agree_on_the_canonical_name():
    # "U.S." and "US" share a key, so both rows must name the same entity.
    canonical: dict[str, set[str]] = {}
    for row in rows("variants.csv"):
        canonical.setdefault(name_key(row["alias"]), set()).add(row["canonical"])
    assert {k: v for k, v in canonical.items() if len(v) > 1} == {}


def test_titles_are_not_empty_after_normalisation():
    assert all(name_key(row["title"]) for row in rows("titles.csv"))


def test_every_canonical_name_is_its_own_canonical_name():
    for row in rows("variants.csv"):
        assert known_variant(row["canonical"], "ORG") in (None, row["canonical"]), row


def test_country_overrides_name_real_countries():
    for row in rows("country_names.csv"):
        assert pycountry.countries.get(alpha_3=row["alpha_3"]) is not None, row


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("U.S.", "GPE", "United States"),
        ("USA", "GPE", "United States"),
        ("United States of America", "GPE", "United States"),
        ("Britain", "GPE", "United Kingdom"),
        ("EU", "ORG", "European Union"),
        ("Russian Federation", "GPE", "Russia"),
        ("Islamic Republic of Iran", "GPE", "Iran"),
        ("Türkiye", "GPE", "Turkey"),
        ("Can", "GPE", None),
        ("Iraqi", "NORP", None),
    ],
)
def test_known_variant(name, label, expected):
    assert known_variant(name, label) == expected


@pytest.mark.parametrize(
    ("name", "titles"),
    [("Major General Qassem Soleimani", 2), ("Prime Minister Boris Johnson", 2), ("Dean Kamen", 0)],
)
def test_title_length(name, titles):
    assert title_length(name.split()) == titles
