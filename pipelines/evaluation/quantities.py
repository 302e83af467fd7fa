"""Numeric facts scored against gold quantities: value, value+unit, value+change and, where the
gold carries them, value+concept, value+entity, value+currency_code and value+value_from P/R/F1.

Sets:
- ../shared/corpora/numbers-recognizers (Microsoft Recognizers-Text specs, MIT). Their
  conventions are mapped here, not copied into the product: `End` is inclusive; unit names
  ("Kilometer", "Dollar") are mapped to ours ("kilometre", "* dollar"); their spans leave the
  qualifier out, so the gold change of a Currency/Dimension/Percent case is read from the words
  right before the span ("more than", "rose"); NumberRange intervals become ranges
  ("[20,30)" -> 25 with bounds) or bounds ("(30,)" -> 30 `>`, "(,30]" -> 30 `<`). Each file
  only annotates its own kind, so only our facts of that kind are scored on it.
  Mapping decisions, each one because the two conventions differ, not to forgive errors:
  - A point interval ("equals 20" -> "[20,20]") is neither a range nor a bound: under our
    convention it is a plain number, and the number-range file is scored on ranges and bounds
    only, so it is not gold there.
  - Temperatures are annotated in their own file (TemperatureModel), never in the Dimension
    file: our facts in degrees Celsius or Fahrenheit are not scored on it.
  - The Currency and Dimension files have no ranges; "eight to 10 feet" is annotated as
    "10 feet" alone. Our range (value 9, bounds 8 and 10) matches such a gold fact when the
    gold value is one of its bounds; each prediction still matches one gold fact only.
  - Unit names: theirs are mapped to ours ("Kilometer" -> "kilometre", "Metric ton" ->
    "tonne"); a family name ("Dollar", "Pound", "Peseta") matches any of ours ending so
    ("US dollar", "Spanish peseta"), since they leave the country out; their "Ton" is written
    for "t" and "tonnes" too, so it matches our "ton" or "tonne".
  - Rates: their Currency file annotates the currency of "$98 a share" alone, and their
    Dimension file writes "barrels a day" as "barrel" (but "miles an hour" as a rate); in
    those two files our rate ("US dollar per share") also matches their unit on its first part.
  - Ordinals are no quantities in our convention: a NumberRange case between ranks ("between
    the tenth and the fifteenth") is not gold.
  - `NotSupported` names platforms where Microsoft's own library fails a case; the gold is
    still the intended answer, so those cases are scored like the others.
- tests/data/quantities_dev.jsonl, our own sentences. One JSON object a line:
  {"text": sentence, "facts": [{"text": span (first occurrence in the sentence), "value": 2500,
  "unit": unit_normalized or null, "change": "=", "value_low"/"value_high": range bounds}]}.
  Only quantities are gold (count, money, percent, quantity, duration); dates, times, ordinals
  and identifiers are left out, so predicting them as quantities costs precision.
  Optional per-fact keys (tests/data/quantities_blind/ carries them): "concept" (what the
  number measures or counts, or null), "entity" (the named owner, or null), "value_from" (the
  level a change started from, or null), "currency_code" (ISO 4217, or null).
- tests/data/quantities_blind/NN-topic.jsonl: batches in the dev format, each scored before
  any rule was written for it (`blind.py`).

Optional metrics are scored on a set only when its gold carries the key (and, for
currency_code and value_from, when the extractor's rows have the column); a gold fact without
the key agrees on value alone. Concepts and entities agree when they share a content word
("wholesale electricity prices" and "electricity prices"; "Norland Mining" and "Norland");
a null agrees only with a null.

A prediction matches a gold fact when their spans overlap and the values agree (value+unit:
units agree too; value+change: the change too). Each gold and prediction is matched once.
"""

import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

QUANTITY_KINDS = frozenset({"count", "money", "percent", "quantity", "duration"})
METRICS = ("value", "value+unit", "value+change")
# metric -> the gold key it needs; scored only where the gold (and the rows) carry it
OPTIONAL_METRICS = {
    "value+concept": "concept",
    "value+entity": "entity",
    "value+currency_code": "currency_code",
    "value+value_from": "value_from",
}
ALL_METRICS = METRICS + tuple(OPTIONAL_METRICS)
# keys the extractor's rows must carry before a metric on them is scored
ROW_KEYS = {"currency_code": "currency_code", "value_from": "value_from"}
RECOGNIZER_FILES = {
    "recognizers/currency": ("CurrencyModel.json", {"money"}),
    "recognizers/dimension": ("DimensionModel.json", {"quantity"}),
    "recognizers/percent": ("PercentModel.json", {"percent"}),
    "recognizers/number-range": ("NumberRangeModel.json", None),
}
# Their unit names that mean a family ("Dollar" for any "$") match any of ours ending so.
GENERIC_UNITS = {"dollar", "franc", "rupee", "pound", "peso", "yen"}
# Currencies they name without the country ("Peseta"); ours always says which one.
BARE_CURRENCIES = {"peseta", "guilder", "mark", "krone", "krona", "lira", "rand", "real", "won"}
# Their "Ton" is written for "t" and "tonnes" as well as short tons; "Metric ton" is a tonne.
TON_UNITS = {"ton", "tonne"}
CURRENCY_UNITS = {
    "netherlands guilder": "dutch guilder",
    "united states dollar": "us dollar",
    "british pound": "pound sterling",
    "pound": "pound sterling",
    "pence": "penny",
}
# Units the Dimension file never annotates (TemperatureModel does).
TEMPERATURE_UNITS = frozenset({"degree celsius", "degree fahrenheit", "kelvin"})
RENAMED_UNITS = {"metric ton": "tonne", "pound": "pound", "percentage": "percent"}
# Words right before a Recognizers span that carry the qualifier or change they leave out.
CONTEXT_CHANGES = [
    (r"(more than|over|at least|above|upwards of|in excess of)\s*$", ">"),
    (r"(less than|fewer than|under|below|up to|no more than|at most|within)\s*$", "<"),
    (
        r"(about|around|roughly|some|approximately|nearly|almost|estimated|averag\w+"
        r"|average of)\s*$",
        "~",
    ),
    (
        r"\b(rose|gained|climbed|jumped|increased|up|grew|added|rising|surged|soared)( by)?\s*$",
        "up",
    ),
    (
        r"\b(fell|lost|dropped|declined|decreased|down|slid|shed|falling|tumbled|plunged|slumped)"
        r"( by)?\s*$",
        "down",
    ),
]
# words that do not tell two names apart: "Bank of England" and "the England team" share none
NAME_FILLERS = frozenset({"the", "of", "and", "a", "an", "s", "for", "at", "in", "on"})
ORDINAL_DIGITS = re.compile(r"^\d+(?:st|nd|rd|th)$")
INTERVAL = re.compile(r"^([\[(])\s*([^,]*)\s*,\s*([^\])]*)\s*([\])])$")


@dataclass
class Gold:
    start: int
    end: int
    value: float
    unit: str | None
    change: str
    # the optional keys the annotator wrote: concept, entity, value_from, currency_code
    annotations: dict = field(default_factory=dict)


@dataclass
class Case:
    text: str
    gold: list[Gold]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def f1(self) -> float:
        precision, recall = self.precision(), self.recall()
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def add(self, other: "Counts") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def line(self) -> str:
        counts = f"tp {self.tp} fp {self.fp} fn {self.fn}"
        return f"P {self.precision():.3f}  R {self.recall():.3f}  F1 {self.f1():.3f}  ({counts})"


@dataclass
class SetScores:
    counts: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in ALL_METRICS})
    unit_scored: bool = True
    range_ends: bool = False  # a range may match a gold fact at one of its bounds
    scored: set[str] = field(default_factory=lambda: set(METRICS))  # metrics this set has

    def f1(self, metric: str) -> float | None:
        if metric not in self.scored or (metric == "value+unit" and not self.unit_scored):
            return None
        return self.counts[metric].f1()

    def add(self, other: "SetScores") -> None:
        self.scored |= other.scored
        for metric in ALL_METRICS:
            self.counts[metric].add(other.counts[metric])


def same_value(gold: float, predicted: float | None) -> bool:
    return predicted is not None and math.isclose(gold, predicted, rel_tol=1e-6, abs_tol=1e-9)


def canonical_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    unit = unit.lower().replace("meter", "metre").replace("liter", "litre")
    return RENAMED_UNITS.get(unit, unit)


def same_unit(gold: str | None, predicted: str | None) -> bool:
    gold, predicted = canonical_unit(gold), canonical_unit(predicted)
    if gold is None or predicted is None:
        return gold == predicted
    if gold == "ton" and predicted in TON_UNITS:
        return True
    generic = gold in GENERIC_UNITS or gold in BARE_CURRENCIES
    return gold == predicted or (generic and predicted.endswith(" " + gold))


def content_words(text: str | None) -> set[str]:
    """Lower-case words that carry meaning, plural -s dropped: "The oil prices" -> oil, price."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[a-z0-9]+", (text or "").lower())
    return {word.removesuffix("s") if len(word) > 3 else word for word in words} - STOP_WORDS


def name_words(text: str | None) -> set[str]:
    """The words of a name, lower-cased: "the US" -> us ("us" is no stop word in a name)."""
    return set(re.findall(r"[a-z0-9]+", (text or "").lower())) - NAME_FILLERS


def same_words(gold: str | None, predicted: str | None, words=content_words) -> bool:
    """Partial agreement: both null, or a word in common."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return bool(words(gold) & words(predicted))


def same_annotation(key: str, gold: Gold, row: dict) -> bool:
    """The fact agrees on an optional key; a gold fact without the key agrees on value alone."""
    if key not in gold.annotations:
        return True
    expected = gold.annotations[key]
    if key == "value_from":
        found = row.get("value_from")
        return found is None if expected is None else same_value(expected, found)
    if key == "currency_code":
        return expected == row.get("currency_code")
    return same_words(expected, row.get(key), name_words if key == "entity" else content_words)


def pairs(
    gold: list[Gold], rows: list[dict], agrees: Callable[[Gold, dict], bool]
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of overlapping spans that agree: (gold, row) index pairs."""
    used: set[int] = set()
    found = []
    for fact_index, fact in enumerate(gold):
        for index, row in enumerate(rows):
            overlaps = row["start_char"] < fact.end and fact.start < row["end_char"]
            if index not in used and overlaps and agrees(fact, row):
                used.add(index)
                found.append((fact_index, index))
                break
    return found


def match(gold: list[Gold], rows: list[dict], agrees: Callable[[Gold, dict], bool]) -> int:
    """The true positives of `pairs`."""
    return len(pairs(gold, rows, agrees))


def same_or_bound(gold: Gold, row: dict, range_ends: bool) -> bool:
    """The value; with `range_ends` (files without ranges annotate one end) a bound too."""
    values = (row["value"], row.get("value_low"), row.get("value_high")) if range_ends else ()
    return same_value(gold.value, row["value"]) or any(same_value(gold.value, v) for v in values)


def agreement(metric: str, range_ends: bool = False) -> Callable[[Gold, dict], bool]:
    def agrees(gold: Gold, row: dict) -> bool:
        if not same_or_bound(gold, row, range_ends):
            return False
        if metric == "value+unit":
            unit = row["unit_normalized"]
            numerator = unit.split(" per ")[0] if range_ends and unit else unit
            return same_unit(gold.unit, unit) or same_unit(gold.unit, numerator)
        if metric == "value+change":
            return gold.change == row["change"]
        if metric in OPTIONAL_METRICS:
            return same_annotation(OPTIONAL_METRICS[metric], gold, row)
        return True

    return agrees


def scored_metrics(cases: list[Case], predictions: list[list[dict]]) -> set[str]:
    """The metrics a set can be scored on: the base three, and each optional metric whose key
    the gold carries (and the rows, for keys the extractor may not have yet)."""
    gold_keys = {key for case in cases for fact in case.gold for key in fact.annotations}
    row_keys = {key for rows in predictions for row in rows for key in row}
    scored = set(METRICS)
    for metric, key in OPTIONAL_METRICS.items():
        if key in gold_keys and (key not in ROW_KEYS or ROW_KEYS[key] in row_keys):
            scored.add(metric)
    return scored


def score(cases: list[Case], predictions: list[list[dict]], scores: SetScores) -> SetScores:
    scores.scored = scored_metrics(cases, predictions)
    for case, rows in zip(cases, predictions, strict=True):
        for metric in scores.scored:
            hits = match(case.gold, rows, agreement(metric, scores.range_ends))
            counts = scores.counts[metric]
            counts.tp += hits
            counts.fp += len(rows) - hits
            counts.fn += len(case.gold) - hits
    return scores


def context_change(text: str, start: int) -> str:
    before = text[max(0, start - 30) : start].lower()
    return next((change for pattern, change in CONTEXT_CHANGES if re.search(pattern, before)), "=")


def recognizer_unit(resolution: dict) -> str | None:
    unit = resolution.get("unit")
    if unit is None:
        return None
    lowered = unit.lower()
    if resolution.get("isoCurrency") or resolution.get("subtype") is None:
        return CURRENCY_UNITS.get(lowered, lowered)
    return lowered


def interval_gold(text: str, result: dict) -> Gold | None:
    """ "[20,30)" -> 25 `=`; "(30,)" -> 30 `>`; "(,30]" -> 30 `<`."""
    found = INTERVAL.match(result["Resolution"]["value"].replace(" ", ""))
    if not found:
        return None
    low, high = found.group(2), found.group(3)
    start, end = result["Start"], result["End"] + 1
    if is_ordinal_range(result.get("Text") or text[start:end]):
        return None  # "between the tenth and the fifteenth": ranks, not quantities
    if low and high and float(low) == float(high):
        return None  # "equals 20": a plain number, neither a range nor a bound
    if low and high:
        return Gold(start, end, (float(low) + float(high)) / 2, None, "=")
    if low:
        return Gold(start, end, float(low), None, ">")
    return Gold(start, end, float(high), None, "<")


def is_ordinal_range(text: str) -> bool:
    from pipelines.nlp.quantities.tables import ordinal_words

    words = re.findall(r"[a-z0-9]+", text.lower())
    return any(word in ordinal_words() or ORDINAL_DIGITS.match(word) for word in words)


def recognizer_gold(text: str, result: dict) -> Gold | None:
    if result["TypeName"] == "numberrange":
        return interval_gold(text, result)
    resolution = result["Resolution"]
    if resolution.get("value") in (None, "null"):  # a unit without a number: nothing to score
        return None
    value = float(str(resolution["value"]).rstrip("%"))
    unit = "percent" if result["TypeName"] == "percentage" else recognizer_unit(resolution)
    start = result["Start"]
    return Gold(start, result["End"] + 1, value, unit, context_change(text, start))


def load_recognizers(path: Path) -> list[Case]:
    cases = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        gold = [g for r in item["Results"] if (g := recognizer_gold(item["Input"], r))]
        cases.append(Case(item["Input"], gold))
    return cases


def load_dev(path: Path) -> list[Case]:
    """Cases of a file in the dev format; a bad line raises naming the file, line and fix."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases.append(dev_case(json.loads(line)))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(
                f"{path}:{number}: not a gold sentence ({error!r}); each line needs "
                '{"text": ..., "facts": [{"text", "value", "unit", "change"}]} with every '
                "fact's text inside the sentence"
            ) from error
    return cases


def dev_case(item: dict) -> Case:
    text, gold = item["text"], []
    for fact in item["facts"]:
        start = text.index(fact["text"])
        end = start + len(fact["text"])
        annotations = {key: fact[key] for key in OPTIONAL_METRICS.values() if key in fact}
        gold.append(Gold(start, end, fact["value"], fact["unit"], fact["change"], annotations))
    return Case(text, gold)


def keeps(row: dict, kinds: set[str] | None) -> bool:
    if row["kind"] not in QUANTITY_KINDS:
        return False
    if kinds is None:  # number ranges: only bounded quantities are what that file annotates
        return row["value_low"] is not None or row["change"] in ("<", ">")
    if kinds == {"quantity"} and canonical_unit(row["unit_normalized"]) in TEMPERATURE_UNITS:
        return False  # the Dimension file leaves temperatures to TemperatureModel
    return row["kind"] in kinds


def with_entity_text(text: str, row: dict) -> dict:
    """The row with the text of the entity it belongs to, as `entity` (None without one)."""
    start, end = row.get("entity_start_char"), row.get("entity_end_char")
    return {**row, "entity": text[start:end] if start is not None else None}


def predict(nlp, extract, cases: list[Case], kinds: set[str] | None) -> list[list[dict]]:
    docs = nlp.pipe((case.text for case in cases), batch_size=64)
    return [
        [with_entity_text(doc.text, row) for row in extract(doc) if keeps(row, kinds)]
        for doc in docs
    ]


def report(name: str, scores: SetScores, sentences: int) -> None:
    print(f"{name} ({sentences} sentences)")
    for metric in ALL_METRICS:
        if metric == "value+unit" and not scores.unit_scored:
            print(f"  {metric:<19} n/a (no units in this set)")
        elif metric in scores.scored:
            print(f"  {metric:<19} {scores.counts[metric].line()}")
        elif metric == "value+concept":
            print(f"  {metric:<19} n/a (no concept gold in this set)")


def evaluation_sets(shared_dir: Path) -> list[tuple[str, list[Case], set[str] | None, bool]]:
    corpus = shared_dir / "corpora" / "numbers-recognizers"
    sets = []
    for name, (filename, kinds) in RECOGNIZER_FILES.items():
        sets.append((name, load_recognizers(corpus / filename), kinds, kinds is not None))
    dev = Path(__file__).resolve().parents[2] / "tests" / "data" / "quantities_dev.jsonl"
    sets.append(("dev (tests/data/quantities_dev.jsonl)", load_dev(dev), QUANTITY_KINDS, True))
    return sets


def run(shared_dir: Path) -> None:
    """Every set's scores, the blind batches' first scores beside their scores now, the error
    table by kind and the seed articles' concept and entity coverage."""
    from pipelines.evaluation.blind import read_first_scores, report_blind, score_batches
    from pipelines.evaluation.coverage import report_coverage
    from pipelines.evaluation.quantity_errors import ErrorTable, add_errors, report_errors
    from pipelines.nlp.model import load_nlp
    from pipelines.nlp.quantities import NumericFactExtractor
    from pipelines.settings import Settings

    nlp = load_nlp(Settings().spacy_model)
    extract = NumericFactExtractor(nlp)
    total, pooled_sentences = SetScores(), 0
    theirs, ours = ErrorTable(), ErrorTable()
    for name, cases, kinds, unit_scored in evaluation_sets(Path(shared_dir)):
        range_ends = kinds in ({"money"}, {"quantity"})
        empty = SetScores(unit_scored=unit_scored, range_ends=range_ends)
        predictions = predict(nlp, extract, cases, kinds)
        scores = score(cases, predictions, empty)
        report(name, scores, len(cases))
        table = theirs if name.startswith("recognizers/") else ours
        for case, rows in zip(cases, predictions, strict=True):
            add_errors(table, case, rows, unit_scored, range_ends)
        if name.startswith("recognizers/") and unit_scored:
            pooled_sentences += len(cases)
            total.add(scores)
    report("recognizers, currency+dimension+percent pooled", total, pooled_sentences)
    blind = score_batches(nlp, extract)
    blind_total = SetScores()
    for name, cases, _, scores in blind:
        report(f"blind/{name}", scores, len(cases))
        blind_total.add(scores)
    if blind:
        report("blind, all batches pooled", blind_total, sum(len(b[1]) for b in blind))
        print()
        report_blind([(n, s, len(c)) for n, c, _, s in blind], read_first_scores())
    blind_errors = ErrorTable()
    for _, cases, predictions, _ in blind:
        for case, rows in zip(cases, predictions, strict=True):
            add_errors(blind_errors, case, rows, True)
    for title, table in (
        ("blind batches", blind_errors),
        ("dev set", ours),
        ("Recognizers-Text", theirs),
    ):
        print()
        report_errors(title, table)
    print()
    report_coverage()


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2].parent / "shared"
    run(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
