"""Name normalisation shared by mention cleaning and corpus-wide resolution.

The variant tables are data (``data/*.csv``), read once per process; country names and codes
come from pycountry (ISO 3166), with display overrides in ``data/country_names.csv`` where the
ISO short name is not what a newspaper writes ("Korea, Republic of" → "South Korea").
"""

import csv
import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import pycountry
from nameparser.config import CONSTANTS

# Labels whose names may be country names or codes ("USA", "Republic of Iraq").
PLACE_LABELS = frozenset({"GPE", "LOC"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Generational suffixes are not surnames: "Martin Luther King Jr." is known as "King".
_NAME_SUFFIXES = frozenset(CONSTANTS.suffix_acronyms | CONSTANTS.suffix_not_acronyms)
_KEY_DROP = re.compile(r"[.\u2019'`´]")
_KEY_SPACE = re.compile(r"[\s\-\u2010-\u2015_/]+")
_ACRONYM_WORD_BREAK = re.compile(r"[\s\-]+")


def _data_rows(file_name: str) -> list[dict[str, str]]:
    text = (
        resources.files("pipelines.entities")
        .joinpath("data")
        .joinpath(file_name)
        .read_text("utf-8")
    )
    return list(csv.DictReader(text.splitlines()))


# Names repeat within and across articles, and the short-form rules compare names pairwise.
@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The comparison key of a name: casefolded, accents, periods and apostrophes removed.

    "U.S." and "US" share a key, as do "al-Kadhimi" and "Al Kadhimi".
    """
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _KEY_SPACE.sub(" ", _KEY_DROP.sub("", letters.casefold())).strip()


@cache
def variant_table() -> dict[str, str]:
    """name_key of a well-known variant → its canonical name, from ``data/variants.csv``."""
    return {name_key(row["alias"]): row["canonical"] for row in _data_rows("variants.csv")}


@cache
def iso_rows(standard: str) -> list[dict[str, str]]:
    """The rows of one of pycountry's ISO tables ("3166-1", "3166-2"), read from its JSON as
    plain dicts: pycountry's own objects take 0.3 s to build, on every worker's first article."""
    path = Path(pycountry.DATABASE_DIR) / f"iso{standard}.json"
    return json.loads(path.read_text(encoding="utf-8"))[standard]


@cache
def country_table() -> dict[str, str]:
    """name_key of every ISO 3166 country name and alpha-3 code → the name newspapers use."""
    display = {row["alpha_3"]: row["name"] for row in _data_rows("country_names.csv")}
    table: dict[str, str] = {}
    for country in iso_rows("3166-1"):
        name = display.get(country["alpha_3"]) or country.get("common_name", country["name"])
        forms = [country["name"], country["alpha_3"], name]
        forms += [country[a] for a in ("common_name", "official_name") if a in country]
        for form in forms:
            table.setdefault(name_key(form), name)
    return table


@cache
def titles_by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """Titles as key-token tuples by their first token, longest first, so "Major General" wins
    over "Major"."""
    titles = {tuple(name_key(row["title"]).split()) for row in _data_rows("titles.csv")}
    by_word: dict[str, list[tuple[str, ...]]] = {}
    for title in sorted(titles, key=len, reverse=True):
        by_word.setdefault(title[0], []).append(title)
    return by_word


def known_variant(name: str, label: str) -> str | None:
    """The canonical name of a well-known variant or country, or None."""
    key = name_key(name)
    if key in variant_table():
        return variant_table()[key]
    # Country codes only when written in capitals: "CAN" may be Canada, "Can" is a verb.
    if label in PLACE_LABELS and (len(key) > 3 or name.isupper()):
        return country_table().get(key)
    return None


@cache
def seats_of_government() -> dict[str, str]:
    """name_key of a capital → the country its government stands for ("Washington")."""
    return {name_key(r["capital"]): r["country"] for r in _data_rows("seats_of_government.csv")}


@cache
def place_verbs() -> frozenset[str]:
    """Verbs whose subject is the place itself: "Washington is rainy", "Moscow hosts the games"."""
    return frozenset(row["lemma"] for row in _data_rows("place_verbs.csv"))


@cache
def thing_words() -> dict[str, str]:
    """A word no person's name holds → the label of names that do ("Space Shuttle Atlantis")."""
    return {row["word"]: row["label"] for row in _data_rows("thing_words.csv")}


def thing_label(name: str) -> str | None:
    """The label of a name that holds a thing word ("shuttle" → PRODUCT), or None."""
    return next((thing_words()[w] for w in name_key(name).split() if w in thing_words()), None)


def title_length(words: list[str]) -> int:
    """How many leading words form a title ("Prime Minister Mustafa al-Kadhimi" → 2)."""
    keys = [name_key(w) for w in words]
    stripped = 0
    while stripped < len(keys) - 1:
        for title in titles_by_first_word().get(keys[stripped], []):
            if tuple(keys[stripped : stripped + len(title)]) == title:
                stripped += len(title)
                break
        else:
            break
    return min(stripped, len(words) - 1)


def surname_key(name: str) -> str:
    """The key of a person's family name: the last word that is not a suffix like "Jr."."""
    words = name_key(name).split()
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else ""


@cache
def generic_words() -> frozenset[str]:
    """Head nouns that name no one entity alone ("State", "University"), ``data/*.csv``."""
    return frozenset(row["word"] for row in _data_rows("generic_words.csv"))


@cache
def place_modifiers() -> frozenset[str]:
    """Words that make a different place of a name: "South Africa" is not "Africa"."""
    return frozenset(row["word"] for row in _data_rows("place_modifiers.csv"))


def _parts_around_of(words: list[str]) -> list[list[str]]:
    """ "church of the scientology" → [["church"], ["scientology"]]: leading determiners dropped."""
    parts: list[list[str]] = [[]]
    for word in words:
        if word == "of":
            parts.append([])
        elif parts[-1] or word not in DETERMINERS:
            parts[-1].append(word)
    return [p for p in parts if p]


def is_short_form_of(short: str, long: str) -> bool:
    """ "Chrome" of "Google Chrome", "Scientology" of "Church of Scientology".

    The short name is the head of the long one: it ends the long name or a part of it around
    "of" ("Supreme Court" of "Supreme Court of Cassation"), or is a whole part ("Texas" of
    "State of Texas"). A short name made of generic words ("State") is no short form, and a
    compass word makes another place ("Africa" is not "South Africa").
    """
    s, parts = name_key(short).split(), _parts_around_of(name_key(long).split())
    if not s or all(w in generic_words() for w in s):
        return False
    # "Beijing" is not a short form of "pro-Beijing": a short form starts a whole word.
    if s[0] not in {name_key(w) for w in long.split()}:
        return False
    for part in parts:
        if part == s and len(parts) > 1:
            return True
        extra = set(part[: -len(s)])
        # "Rathbun the Scientology" is two names the model joined, not a longer name.
        tail = len(part) > len(s) and part[-len(s) :] == s
        if tail and not extra & DETERMINERS and not extra <= place_modifiers():
            return True
    return False


def is_acronym(short: str) -> bool:
    """ "IRGC", "U.S.": two to six capital letters, periods aside."""
    letters = short.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def is_acronym_of(short: str, long: str) -> bool:
    """ "IRGC" of "Islamic Revolutionary Guard Corps": capitals spelling the content words."""
    if not is_acronym(short):
        return False
    letters = short.replace(".", "")
    words = [w for w in _ACRONYM_WORD_BREAK.split(long) if w and w.lower() not in _ACRONYM_SKIP]
    return len(words) == len(letters) and all(
        w[0].upper() == c for w, c in zip(words, letters, strict=True)
    )


_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "du", "la", "des"})


def first_word_key(name: str) -> str:
    """ "amazon" of "Amazon.com Inc", "goldman" of "Goldman Sachs": the first word's key."""
    words = name_key(re.sub(r"\.(?:com|net|org)\b", "", name, flags=re.IGNORECASE)).split()
    return words[0] if words else ""


def ends_in_title(name: str) -> bool:
    """ "NASA Administrator": an organisation's title, not a longer name of NASA."""
    words = name_key(name).split()
    return bool(words) and bool(titles_by_first_word().get(words[-1]))
