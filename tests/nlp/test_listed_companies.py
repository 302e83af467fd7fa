"""Listed companies (pipelines/entities/companies.py): names of index constituents the model
left untagged or called a place, found as organisations; ordinary words and places stay."""

import csv

import pytest

from pipelines.entities.companies import (
    COMPANIES_CSV,
    listed_names,
    news_name,
    rows_from_package,
)


@pytest.mark.parametrize(
    ("listed", "name"),
    [
        ("Tesla, Inc.", "Tesla"),
        ("Apple Inc.", "Apple"),
        ("Siemens Energy AG", "Siemens Energy"),
        ("HSBC Holdings plc", "HSBC"),
        ("Smith & Nephew", "Smith & Nephew"),
    ],
)
def test_news_names(listed, name):
    assert news_name(listed) == name


def test_ordinary_words_and_places_are_left_out():
    names = listed_names()
    assert {"Tesla", "Walmart", "Nvidia", "Siemens Energy"} <= names
    # "target", "visa" are words; Phoenix is a city
    assert not {"Target", "Visa", "Phoenix"} & names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Walmart said on Tuesday it would raise wages for 425,000 workers.", "Walmart"),
        ("Shares of Siemens Energy fell 2.4% in Frankfurt.", "Siemens Energy"),
    ],
)
def test_a_listed_company_is_an_organisation(rows_of, text, name):
    rows = {r["text"]: r["label"] for r in rows_of(text)}
    assert rows.get(name) == "ORG", rows


def test_a_company_after_a_person_is_no_surname(rows_of):
    text = "The Musk Tesla award was struck down by a Delaware judge in January."
    rows = {r["text"]: r["label"] for r in rows_of(text)}
    assert rows.get("Tesla") == "ORG", rows


def test_the_table_is_what_the_package_gives():
    """``data/listed_companies.csv`` as ``python -m pipelines.entities.companies`` writes it."""
    with COMPANIES_CSV.open(encoding="utf-8", newline="") as table:
        assert list(csv.DictReader(table)) == rows_from_package()
