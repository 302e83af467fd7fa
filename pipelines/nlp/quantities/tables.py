"""Rule tables kept as data files in `data/`: units, scale words, qualifiers, change verbs."""

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def read_table(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def unit_aliases() -> dict[str, tuple[str, str]]:
    """Lower-cased alias -> (unit_normalized, kind)."""
    return {row["alias"]: (row["unit_normalized"], row["kind"]) for row in read_table("units.csv")}


@cache
def scale_words() -> dict[str, float]:
    return {row["word"]: float(row["multiplier"]) for row in read_table("scales.csv")}


@cache
def qualifier_phrases() -> dict[tuple[str, ...], str]:
    """Qualifier phrase as a tuple of lower-cased words -> change."""
    return {tuple(row["phrase"].split()): row["change"] for row in read_table("qualifiers.csv")}


@cache
def trailing_qualifier_phrases() -> dict[tuple[str, ...], str]:
    """ "65 or over", "500 or fewer": qualifiers written after the number."""
    rows = read_table("trailing_qualifiers.csv")
    return {tuple(row["phrase"].split()): row["change"] for row in rows}


@cache
def change_lemmas(with_by: bool = True) -> dict[str, str]:
    """Verbs and nouns of change; some ("raise") are a change only with "by": "raised $5m"
    is an amount, "raised rates by 0.25 points" a change."""
    rows = read_table("changes.csv")
    return {r["lemma"]: r["change"] for r in rows if with_by or r["needs_by"] == "no"}


@cache
def calendar_words() -> frozenset[str]:
    """Words that make a number inside a spaCy DATE entity a date: months, days, "ago"."""
    return frozenset(row["word"] for row in read_table("calendar_words.csv"))


@cache
def irregular_plurals() -> dict[str, str]:
    return {row["plural"]: row["singular"] for row in read_table("nouns.csv")}


@cache
def ordinal_words() -> dict[str, int]:
    """ "third" -> 3: ordinals are kept as kind `ordinal`, never read as counts."""
    return {row["word"]: int(row["value"]) for row in read_table("ordinals.csv")}


@cache
def compound_units() -> dict[str, tuple[str, float]]:
    """ "3 dollars 50 cents", "5 feet 2 inches": major unit -> (minor unit, minor per major)."""
    rows = read_table("compound_units.csv")
    return {r["unit_normalized"]: (r["minor_unit"], float(r["ratio"])) for r in rows}


@cache
def currency_codes() -> dict[str, str]:
    """unit_normalized -> ISO 4217 code, where pycountry's currency names differ from ours
    ("Japanese yen" is "Yen" there); minor units of one currency ("penny") count as it."""
    return {
        row["unit_normalized"]: row["currency_code"] for row in read_table("currency_codes.csv")
    }


@cache
def plausible_magnitudes() -> dict[str, float]:
    """kind -> the largest absolute value a news fact of that kind plausibly has."""
    return {row["kind"]: float(row["max_abs"]) for row in read_table("plausible_magnitudes.csv")}


@cache
def fraction_words() -> dict[str, int]:
    """ "third" -> 3: the denominators of fractions written in words ("two-thirds of")."""
    return {row["word"]: int(row["denominator"]) for row in read_table("fractions.csv")}


@cache
def vague_magnitudes() -> dict[tuple[str, ...], tuple[float, float]]:
    """("tens", "of", "thousands") -> (10000, 100000): the range a vague amount spans."""
    rows = read_table("vague_magnitudes.csv")
    return {tuple(r["phrase"].split()): (float(r["low"]), float(r["high"])) for r in rows}


@cache
def label_nouns() -> frozenset[str]:
    """Nouns a number after which is a label, even before a noun: "category 1 system",
    "Level 4 restrictions", "Phase 3 trials"."""
    return frozenset(row["word"] for row in read_table("label_nouns.csv"))
