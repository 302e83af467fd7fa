"""The error table of `make eval`: numeric-fact errors grouped by kind, with examples.

A gold fact and a prediction are paired on value (spans overlap, values agree); what is left
over is a missed value or a spurious fact, and a pair that disagrees on unit, change, concept,
owner entity, value_from or currency_code is an error of that kind. One pair can carry several.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from pipelines.evaluation.quantities import (
    Case,
    Gold,
    agreement,
    content_words,
    name_words,
    pairs,
    same_annotation,
    same_unit,
)

EXAMPLES = 3
KINDS = (
    "missed value",
    "spurious",
    "wrong unit",
    "wrong change",
    "missing concept",
    "wrong concept",
    "missing entity",
    "wrong entity",
    "wrong value_from",
    "wrong currency_code",
)


@dataclass
class ErrorTable:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    examples: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})

    def add(self, kind: str, example: str) -> None:
        self.counts[kind] += 1
        if len(self.examples[kind]) < EXAMPLES:
            self.examples[kind].append(example)


def words_error(kind: str, expected: str | None, found: str | None) -> str | None:
    """ "missing X" when nothing was found, "wrong X" when something else was."""
    words = name_words if kind == "entity" else content_words
    if expected is None and found is None:
        return None
    if found is None:
        return f"missing {kind}"
    if expected is None or not words(expected) & words(found):
        return f"wrong {kind}"
    return None


def pair_errors(gold: Gold, row: dict, unit_scored: bool, row_keys: set[str]) -> Iterator[str]:
    if unit_scored and not same_unit(gold.unit, row["unit_normalized"]):
        yield "wrong unit"
    if gold.change != row["change"]:
        yield "wrong change"
    for key in ("concept", "entity"):
        if key in gold.annotations and (
            error := words_error(key, gold.annotations[key], row.get(key))
        ):
            yield error
    for key in ("value_from", "currency_code"):
        if key in gold.annotations and key in row_keys and not same_annotation(key, gold, row):
            yield f"wrong {key}"


def describe_gold(case: Case, gold: Gold) -> str:
    extras = "".join(f" {key}={value!r}" for key, value in gold.annotations.items())
    return f"{case.text[gold.start : gold.end]!r} {gold.value:g} {gold.unit} {gold.change}{extras}"


def describe_row(row: dict) -> str:
    keys = [key for key in ("concept", "entity", "value_from", "currency_code") if key in row]
    extras = "".join(f" {key}={row[key]!r}" for key in keys)
    return f"{row['text']!r} {row['value']} {row['unit_normalized']} {row['change']}{extras}"


def add_errors(
    table: ErrorTable, case: Case, rows: list[dict], unit_scored: bool, range_ends: bool = False
) -> None:
    found = pairs(case.gold, rows, agreement("value", range_ends))
    paired_gold = {g for g, _ in found}
    paired_rows = {r for _, r in found}
    row_keys = {key for row in rows for key in row}
    sentence = case.text if len(case.text) <= 160 else case.text[:157] + "..."
    for index, gold in enumerate(case.gold):
        if index not in paired_gold:
            table.add("missed value", f"{sentence}\n      gold {describe_gold(case, gold)}")
    for index, row in enumerate(rows):
        if index not in paired_rows:
            table.add("spurious", f"{sentence}\n      got  {describe_row(row)}")
    for gold_index, row_index in found:
        gold, row = case.gold[gold_index], rows[row_index]
        for kind in pair_errors(gold, row, unit_scored, row_keys):
            gold_text, row_text = describe_gold(case, gold), describe_row(row)
            table.add(kind, f"{sentence}\n      gold {gold_text}\n      got  {row_text}")


def report_errors(title: str, table: ErrorTable) -> None:
    print(f"errors by kind, {title} ({EXAMPLES} examples each)")
    for kind in KINDS:
        if not table.counts[kind]:
            continue
        print(f"  {kind}: {table.counts[kind]}")
        for example in table.examples[kind]:
            print(f"    - {example}")
