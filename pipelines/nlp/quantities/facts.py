"""The fact record built while reading one Doc, and its output row."""

import math
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from pipelines.nlp.quantities.tables import plausible_magnitudes
from pipelines.nlp.quantities.units import currency_code


@dataclass
class Fact:
    start: int  # token span of the whole fact, qualifier included
    end: int
    start_char: int
    end_char: int
    kind: str
    value: float | None
    unit: str | None = None
    unit_normalized: str | None = None
    change: str = "="
    concept: str | None = None
    entity: tuple[int, int] | None = None
    value_low: float | None = None
    value_high: float | None = None
    date_value: date | None = None
    date_precision: str | None = None  # day week month year: what date_value stands for
    value_from: float | None = None  # the level a change started from: "from 4.1% to 4.6%"
    note: str | None = None  # why the fact needs a second look ("implausible magnitude")
    number_start: int = 0  # token span of the number itself
    number_end: int = 0
    scale: float = 1.0  # the scale word applied: 1e6 for "2.5 million"
    calendar: bool = False  # a bare number inside a DATE or TIME entity: kept if in a range
    # the concept is a pronoun: "subject" ("this has dropped to 56%") or "of" ("39% of these")
    refers_back: str | None = None
    scientific: bool = False  # written with a power of ten: "6.02×10^23"


def to_row(text: str, fact: Fact, sentence_starts: list[int]) -> dict:
    return {
        "text": text[fact.start_char : fact.end_char],
        "start_char": fact.start_char,
        "end_char": fact.end_char,
        "sentence_index": bisect_right(sentence_starts, fact.start) - 1,
        "kind": fact.kind,
        "value": fact.value,
        "value_low": fact.value_low,
        "value_high": fact.value_high,
        "value_from": fact.value_from,
        "currency_code": currency_code(fact.unit_normalized) if fact.kind == "money" else None,
        "note": fact.note,
        "unit": fact.unit,
        "unit_normalized": fact.unit_normalized,
        "change": fact.change,
        "concept": fact.concept,
        "date_value": fact.date_value,
        "date_precision": fact.date_precision,
        "entity_start_char": fact.entity[0] if fact.entity else None,
        "entity_end_char": fact.entity[1] if fact.entity else None,
    }


def has_finite_values(fact: Fact) -> bool:
    """False for "10^999", "$1e308 trillion" or thousands of nines: a float cannot hold the
    number, and one infinite value would fail the article's whole validation, so the fact is
    left out and the article's other facts load."""
    values = (fact.value, fact.value_low, fact.value_high, fact.value_from)
    return all(value is None or math.isfinite(value) for value in values)


def implausible_note(fact: Fact) -> str | None:
    """ "$3bn trillion" (a scale word written twice) is 3e21 dollars: beyond what news of
    that kind plausibly holds (data/plausible_magnitudes.csv), so it carries a note; a
    power of ten written out ("6.02×10^23 atoms") is meant."""
    limit = plausible_magnitudes().get(fact.kind)
    if limit is None or fact.value is None or abs(fact.value) <= limit or fact.scientific:
        return None
    return f"implausible magnitude: {fact.kind} beyond {limit:g}, check the scale words"
