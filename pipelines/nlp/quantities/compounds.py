"""Amounts written in two units: "3 dollars 50 cents", "5 feet and 2 inches", "15 dollars 50"."""

from spacy.tokens import Doc

from pipelines.nlp.quantities.facts import Fact
from pipelines.nlp.quantities.tables import compound_units

CONNECTORS = ([], ["and"])


def merge_compounds(doc: Doc, facts: list[Fact]) -> list[Fact]:
    merged: list[Fact] = []
    for fact in facts:
        if merged and (minor := minor_value(doc, merged[-1], fact)) is not None:
            major = merged[-1]
            major.value = float(f"{major.value + minor:.12g}")
            major.end, major.end_char, major.number_end = fact.end, fact.end_char, fact.number_end
        else:
            merged.append(fact)
    return merged


def minor_value(doc: Doc, major: Fact, minor: Fact) -> float | None:
    """The minor amount in major units, when `minor` continues `major`; else None."""
    unit = compound_units().get(major.unit_normalized or "")
    if minor.start < major.end:
        return None  # "10 usd 20": the code is the unit of both amounts
    if unit is None or minor.start - major.end > 1 or major.value_low is not None:
        return None  # no connector is longer than one word
    if [t.lower_ for t in doc[major.end : minor.start]] not in CONNECTORS:
        return None
    if minor.value is None or minor.change != "=" or major.value != int(major.value):
        return None
    minor_unit, ratio = unit
    if minor.unit_normalized == minor_unit and 0 < minor.value < ratio:
        return minor.value / ratio
    # "15 dollars 50": a bare two-digit amount that ends the clause is the cents
    spelled = major.kind == "money" and major.unit is not None and len(major.unit) > 3
    bare = minor.kind == "count" and minor.unit is None and spelled  # not "10 usd 20"
    closes = minor.end == len(doc) or doc[minor.end].is_punct
    if bare and closes and 0 < minor.value < ratio and minor.value == int(minor.value):
        return minor.value / ratio
    return None
