"""Units after (or currency before) a number: the alias table first, pint for the rest."""

import re
from dataclasses import dataclass, replace
from functools import cache

import pint
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

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


def lookup_alias(text: str) -> tuple[str, str] | None:
    """Exact, lower-cased, then with hyphens as spaces ("square-foot")."""
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
    if start < len(doc) and doc[start].text in ("-", "–") and not doc[start].whitespace_:
        start += 1
    if start >= len(doc):
        return None
    # The few tokens a unit can span, made Token objects once: spans (doc[a:b]) and doc[i]
    # in the loop below were a large part of the numeric-fact rules' cost.
    tokens = []
    for i in range(start, min(len(doc), start + MAX_UNIT_TOKENS)):
        token = doc[i]
        if token.is_space:  # a unit never runs over a line break or paragraph
            break
        tokens.append(token)
    first = tokens[0] if tokens else doc[start]
    pieces = [token.text_with_ws for token in tokens]
    for size in range(len(tokens), 0, -1):
        written = span_text(tokens[:size], pieces[:size])
        if written.endswith(".") and len(written) > 1:
            # "km/h." at the end of a sentence keeps the full stop in its token
            written = written[:-1]
        found = lookup_alias(" ".join(written.split()))
        if found and (size > 1 or accepts_lone_token(written)):
            end_char = first.idx + len(written)
            return UnitMatch(written, found[0], found[1], start, start + size, first.idx, end_char)
    if found := pint_unit(first.text):
        end_char = first.idx + len(first)
        return UnitMatch(first.text, *found, start, start + 1, first.idx, end_char)
    return None


def span_text(tokens: list, pieces: list[str]) -> str:
    """What ``doc[a:b].text`` gives for these tokens: their text, the last one's trailing
    whitespace left out."""
    joined = "".join(pieces)
    trailing = len(tokens[-1].whitespace_)
    return joined[: len(joined) - trailing] if trailing else joined


def accepts_lone_token(text: str) -> bool:
    return len(text) > 1 or text in LONE_LETTER_UNITS or not text.isalpha()


def currency_before(doc: Doc, start: int) -> UnitMatch | None:
    """A currency symbol or code right before the number: "$", "US$", "C $", "€", "EUR"."""
    tokens = [doc[i] for i in range(start - min(CURRENCY_PREFIX_TOKENS, start), start)]
    pieces = [token.text_with_ws for token in tokens]
    for size in range(len(tokens), 0, -1):
        first, last = tokens[-size], tokens[-1]
        written = span_text(tokens[-size:], pieces[-size:])
        found = lookup_alias(written)
        if found is None and size > 1 and not first.is_stop:
            found = lookup_alias(written.replace(" ", ""))  # "hk $", "c $"; not "a $"
        symbol = not written.isalpha() or written.isupper() or written in ("Rs", "Rs.")
        if found and found[1] == "money" and symbol:
            end_char = last.idx + len(last)
            return UnitMatch(written, found[0], "money", start - size, start, first.idx, end_char)
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
    if at + 1 >= len(doc) or doc[at].lower_ not in RATE_WORDS | RATE_ARTICLES:
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
    if found.kind == "duration" and found.end < len(doc) and doc[found.end].lower_ in TIME_AFTER:
        return None
    return found


def noun_denominator(doc: Doc, at: int) -> UnitMatch | None:
    """ "a share", "per head": a singular noun that ends its phrase."""
    token = doc[at]
    if token.tag_ != "NN" or not token.is_alpha or token.is_stop:
        return None
    if at + 1 < len(doc) and doc[at + 1].pos_ in ("NOUN", "PROPN", "NUM"):
        return None  # "$5 a share buyback", "a year 2 pupil": the noun is not the last
    end_char = token.idx + len(token)
    return UnitMatch(token.text, token.lemma_.lower(), "count", at, at + 1, token.idx, end_char)


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
