"""Units after (or currency before) a number: the alias table first, pint for the rest."""

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import pint
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from pipelines.nlp.doc_arrays import doc_arrays
from pipelines.nlp.quantities.tables import currency_codes, unit_aliases

MAX_UNIT_TOKENS = 4
# Single letters stand for a unit only in these spellings when they are a token of their own
# ("5 m", "12 C"); glued to the number ("5m", "12C") any alias of the table is read.
LONE_LETTER_UNITS = ("m", "C", "F", "g", "t")
CURRENCY_PREFIX_TOKENS = 2
NOT_UNITS = frozenset({"am", "pm", "a.m.", "p.m.", "st", "nd", "rd", "th", "pc", "vs"})
UNIT_SYMBOL = re.compile(r"^[A-Za-zµμΩ°][A-Za-z0-9µμΩ°/]{1,7}$")
RATE_WORDS = frozenset({"per", "/"})
RATE_ARTICLES = frozenset({"a", "an"})
RATE_OR_ARTICLE = RATE_WORDS | RATE_ARTICLES
# words after "a year" that make it a time, not the unit of a rate
TIME_AFTER = frozenset({"earlier", "ago", "before", "later", "after", "previously", "on", "or"})
WEIGHT_POUNDS = frozenset({"pound", "pounds"})
MILLION_CODE = re.compile(r"^M[A-Z]{3}$")
BRITISH_SPELLING = {"meter": "metre", "liter": "litre"}


@dataclass(frozen=True)
class UnitMatch:
    text: str  # as written
    normalized: str
    kind: str
    start: int  # token span of the unit
    end: int
    start_char: int
    end_char: int


@dataclass(frozen=True)
class UnitReading:
    """What follows a number: its unit (None when there is none), or the name of the rule
    that makes the number no measure at all ("1990s": `glued_not_unit`)."""

    unit: UnitMatch | None = None
    rejected_by: str | None = None


@cache
def unit_registry() -> pint.UnitRegistry:
    return pint.UnitRegistry()


@lru_cache(maxsize=65536)
def lookup_alias(text: str) -> tuple[str, str] | None:
    """Exact, lower-cased, then with hyphens as spaces ("square-foot"); remembered per text:
    the unit rules ask for the same few words again and again."""
    aliases = unit_aliases()
    lowered = text.lower()
    found = aliases.get(text) or aliases.get(lowered) or aliases.get(lowered.replace("-", " "))
    if found is None and len(text) == 4 and text.endswith("$"):
        code = aliases.get(lowered[:-1])  # "AUD$", "CAD$": the code says which dollar
        found = code if code is not None and code[1] == "money" else None
    if found is None and MILLION_CODE.match(text):
        code = aliases.get(text[1:]) or aliases.get(text[1:].lower())
        found = code if code is not None and code[1] == "money" else None
    return found


def million_code(text: str) -> bool:
    """ "30 MUSD", "MEUR 120": M before a currency code stands for million (finance style)."""
    return bool(MILLION_CODE.match(text)) and lookup_alias(text) is not None


@cache
def pint_unit(text: str) -> tuple[str, str] | None:
    """Abbreviations outside the table ("GWh", "kPa"); plain lower-case words are nouns."""
    if not UNIT_SYMBOL.match(text) or (text.isalpha() and text.islower() and len(text) > 3):
        return None
    if text.lower() in STOP_WORDS or text.lower() in NOT_UNITS:
        return None
    try:
        unit = unit_registry().parse_units(text)
    except Exception:  # pint's parser raises tokenizer and syntax errors of its own on odd text
        return None
    if unit.dimensionless:
        return None
    name = str(unit).replace("_", " ")
    for american, british in BRITISH_SPELLING.items():
        name = name.replace(american, british)
    return name, "quantity"


def unit_after(doc: Doc, start: int) -> UnitMatch | None:
    """Longest table alias starting at token `start` (a hyphen may come first: "six-mile")."""
    arrays = doc_arrays(doc)
    text, space = arrays.text, arrays.space
    if start < len(text) and text[start] in ("-", "–") and not space[start]:
        start += 1
    if start >= len(text):
        return None
    # the few tokens a unit can span; a unit never runs over a line break or paragraph
    last = start
    while last < min(len(text), start + MAX_UNIT_TOKENS) and not arrays.is_space[last]:
        last += 1
    first_idx = arrays.idx[start]
    for size in range(last - start, 0, -1):
        written = arrays.span_text(start, start + size)
        if written.endswith(".") and len(written) > 1:
            # "km/h." at the end of a sentence keeps the full stop in its token
            written = written[:-1]
        found = lookup_alias(" ".join(written.split()))
        if found and (size > 1 or accepts_lone_token(written)):
            end_char = first_idx + len(written)
            return UnitMatch(written, found[0], found[1], start, start + size, first_idx, end_char)
    if found := pint_unit(text[start]):
        end_char = first_idx + len(text[start])
        return UnitMatch(text[start], *found, start, start + 1, first_idx, end_char)
    return None


def accepts_lone_token(text: str) -> bool:
    return len(text) > 1 or text in LONE_LETTER_UNITS or not text.isalpha()


def currency_before(doc: Doc, start: int) -> UnitMatch | None:
    """A currency symbol or code right before the number: "$", "US$", "C $", "€", "EUR"."""
    arrays = doc_arrays(doc)
    for size in range(min(CURRENCY_PREFIX_TOKENS, start), 0, -1):
        first = start - size
        written = arrays.span_text(first, start)
        found = lookup_alias(written)
        if found is None and size > 1 and not arrays.is_stop[first]:
            found = lookup_alias(written.replace(" ", ""))  # "hk $", "c $"; not "a $"
        symbol = not written.isalpha() or written.isupper() or written in ("Rs", "Rs.")
        if found and found[1] == "money" and symbol:
            end_char = arrays.end_char(start - 1)
            return UnitMatch(written, found[0], "money", first, start, arrays.idx[first], end_char)
    return None


def suffix_unit(suffix: str) -> tuple[str, str] | None:
    """The unit glued to a number ("200lbs", "20km", "12C")."""
    return lookup_alias(suffix) or pint_unit(suffix)


def rate_unit(doc: Doc, unit: UnitMatch) -> UnitMatch:
    """ "320 km per hour", "50 km/ms", "1,500 calories per day", "60 km an hour": a measure
    per a second unit is one rate unit, "kilometre per hour"; a noun after "per" ("per
    person") is no unit of a measure."""
    if unit.kind != "quantity" or " per " in unit.normalized:
        return unit
    denominator = rate_denominator(doc, unit.end, nouns=False)
    return per(doc, unit, denominator) if denominator is not None else unit


def per(doc: Doc, unit: UnitMatch, denominator: UnitMatch) -> UnitMatch:
    """The rate unit `unit` per `denominator`, spanning both."""
    text = doc[unit.start : denominator.end].text
    normalized = f"{unit.normalized} per {denominator.normalized}"
    return replace(
        unit, text=text, normalized=normalized, end=denominator.end, end_char=denominator.end_char
    )


def rate_denominator(doc: Doc, at: int, nouns: bool) -> UnitMatch | None:
    """The unit a rate is per, written at token `at`: "per tonne", "a barrel", "an ounce",
    "/h"; with `nouns` a singular noun too ("$5 a share", "per person"). "a year earlier" and
    "a year ago" name a time, not a rate."""
    lower = doc_arrays(doc).lower
    if at + 1 >= len(lower) or lower[at] not in RATE_OR_ARTICLE:
        return None
    found = unit_after(doc, at + 1)
    if found is not None and found.kind == "money" and found.text.lower() in WEIGHT_POUNDS:
        found = replace(found, normalized="pound", kind="quantity")  # "$2.41 a pound"
    if found is not None and found.kind not in ("quantity", "duration"):
        return None
    if found is None and nouns:
        found = noun_denominator(doc, at + 1)
    if found is None or found.start != at + 1:
        return None
    if found.kind == "duration" and found.end < len(lower) and lower[found.end] in TIME_AFTER:
        return None
    return found


def noun_denominator(doc: Doc, at: int) -> UnitMatch | None:
    """ "a share", "per head": a singular noun that ends its phrase."""
    arrays = doc_arrays(doc)
    if arrays.tag[at] != "NN" or not arrays.is_alpha[at] or arrays.is_stop[at]:
        return None
    if at + 1 < len(arrays.pos) and arrays.pos[at + 1] in ("NOUN", "PROPN", "NUM"):
        return None  # "$5 a share buyback", "a year 2 pupil": the noun is not the last
    word, idx = arrays.text[at], arrays.idx[at]
    lemma = arrays.lemma[at].lower()
    return UnitMatch(word, lemma, "count", at, at + 1, idx, idx + len(word))


@cache
def currency_code(unit_normalized: str | None) -> str | None:
    """ISO 4217 code of a money unit ("US dollar per barrel" -> "USD"), from our table, else
    pycountry's currency names; None for "cent" (of which currency?) and withdrawn ones."""
    if unit_normalized is None:
        return None
    name = unit_normalized.split(" per ")[0]
    return currency_codes().get(name) or pycountry_currencies().get(name.lower())


@cache
def pycountry_currencies() -> dict[str, str]:
    import pycountry

    return {currency.name.lower(): currency.alpha_3 for currency in pycountry.currencies}
