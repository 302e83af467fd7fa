"""Ranges: "from 252 to 287 miles", "between 2,000 and 5,000 euros", "5-7%"."""

from spacy.tokens import Doc

from pipelines.nlp.quantities.facts import Fact
from pipelines.nlp.quantities.tables import change_lemmas

DASHES = ("-", "–", "—")


def merge_ranges(doc: Doc, facts: list[Fact]) -> list[Fact]:
    merged: list[Fact] = []
    for fact in facts:
        if merged and is_range(doc, merged[-1], fact):
            merged[-1] = as_range(doc, merged[-1], fact)
        else:
            merged.append(fact)
    return merged


def is_range(doc: Doc, low: Fact, high: Fact) -> bool:
    between = doc[low.end : high.start]
    if len(between) != 1 or low.value is None or high.value is None:
        return False
    if low.value * shared_scale(low, high) > high.value:
        return False
    if low.unit_normalized not in (None, high.unit_normalized) or low.value_low is not None:
        return False
    if low.change in ("up", "down"):
        return False  # "increased by 1.5 million to 68 million": a change, then a level
    connector = between[0].lower_
    opener = doc[low.start - 1].lower_ if low.start > 0 else ""
    if connector in DASHES:
        return True
    if connector == "and":
        return opener == "between"
    if connector != "to":
        return False
    if opener == "from":
        # "rose from 5% to 7%" names two levels, not a range
        return change_lemmas().get(doc[low.start - 1].head.lemma_.lower()) is None
    return low.unit_normalized is None


def shared_scale(low: Fact, high: Fact) -> float:
    """ "between 40 and 50 thousand": the scale word of the high end applies to the low end."""
    if low.scale == 1.0 and high.scale != 1.0 and low.value * high.scale <= high.value:
        return high.scale
    return 1.0


def as_range(doc: Doc, low: Fact, high: Fact) -> Fact:
    low_value = low.value * shared_scale(low, high)
    start = low.start
    if start > 0 and doc[start - 1].lower_ in ("from", "between"):
        start -= 1
    return Fact(
        start,
        high.end,
        doc[start].idx if start < low.start else low.start_char,
        high.end_char,
        high.kind,
        (low_value + high.value) / 2,
        high.unit,
        high.unit_normalized,
        low.change if low.change != "=" else high.change,
        high.concept,
        high.entity,
        low_value,
        high.value,
        number_start=low.number_start,
        number_end=high.number_end,
        scale=high.scale,
        calendar=low.calendar and high.calendar,
    )
