"""Numeric facts scored against gold quantities: value, value+unit and value+change P/R/F1.

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
ORDINAL_DIGITS = re.compile(r"^\d+(?:st|nd|rd|th)$")
INTERVAL = re.compile(r"^([\[(])\s*([^,]*)\s*,\s*([^\])]*)\s*([\])])$")


@dataclass
class Gold:
    start: int
    end: int
    value: float
    unit: str | None
    change: str


@dataclass
class Case:
    text: str
    gold: list[Gold]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def line(self) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        counts = f"tp {self.tp} fp {self.fp} fn {self.fn}"
        return f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  ({counts})"


@dataclass
class SetScores:
    counts: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in METRICS})
    unit_scored: bool = True
    range_ends: bool = False  # a range may match a gold fact at one of its bounds


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


def match(gold: list[Gold], rows: list[dict], agrees: Callable[[Gold, dict], bool]) -> int:
    """Greedy one-to-one matching of overlapping spans that agree; returns the true positives."""
    used: set[int] = set()
    hits = 0
    for fact in gold:
        for index, row in enumerate(rows):
            overlaps = row["start_char"] < fact.end and fact.start < row["end_char"]
            if index not in used and overlaps and agrees(fact, row):
                used.add(index)
                hits += 1
                break
    return hits


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
        return True

    return agrees


def score(cases: list[Case], predictions: list[list[dict]], scores: SetScores) -> SetScores:
    for case, rows in zip(cases, predictions, strict=True):
        for metric in METRICS:
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
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        text, gold = item["text"], []
        for fact in item["facts"]:
            start = text.index(fact["text"])
            end = start + len(fact["text"])
            gold.append(Gold(start, end, fact["value"], fact["unit"], fact["change"]))
        cases.append(Case(text, gold))
    return cases


def keeps(row: dict, kinds: set[str] | None) -> bool:
    if row["kind"] not in QUANTITY_KINDS:
        return False
    if kinds is None:  # number ranges: only bounded quantities are what that file annotates
        return row["value_low"] is not None or row["change"] in ("<", ">")
    if kinds == {"quantity"} and canonical_unit(row["unit_normalized"]) in TEMPERATURE_UNITS:
        return False  # the Dimension file leaves temperatures to TemperatureModel
    return row["kind"] in kinds


def predict(nlp, extract, cases: list[Case], kinds: set[str] | None) -> list[list[dict]]:
    docs = nlp.pipe((case.text for case in cases), batch_size=64)
    return [[row for row in extract(doc) if keeps(row, kinds)] for doc in docs]


def report(name: str, scores: SetScores, sentences: int) -> None:
    print(f"{name} ({sentences} sentences)")
    for metric in METRICS:
        if metric == "value+unit" and not scores.unit_scored:
            print(f"  {metric:<13} n/a (no units in this set)")
            continue
        print(f"  {metric:<13} {scores.counts[metric].line()}")


def evaluation_sets(shared_dir: Path) -> list[tuple[str, list[Case], set[str] | None, bool]]:
    corpus = shared_dir / "corpora" / "numbers-recognizers"
    sets = []
    for name, (filename, kinds) in RECOGNIZER_FILES.items():
        sets.append((name, load_recognizers(corpus / filename), kinds, kinds is not None))
    dev = Path(__file__).resolve().parents[2] / "tests" / "data" / "quantities_dev.jsonl"
    sets.append(("dev (tests/data/quantities_dev.jsonl)", load_dev(dev), QUANTITY_KINDS, True))
    return sets


def run(shared_dir: Path) -> None:
    from pipelines.nlp.model import load_nlp
    from pipelines.nlp.quantities import NumericFactExtractor
    from pipelines.settings import Settings

    nlp = load_nlp(Settings().spacy_model)
    extract = NumericFactExtractor(nlp)
    total = SetScores()
    pooled_sentences = 0
    for name, cases, kinds, unit_scored in evaluation_sets(Path(shared_dir)):
        range_ends = kinds in ({"money"}, {"quantity"})
        empty = SetScores(unit_scored=unit_scored, range_ends=range_ends)
        scores = score(cases, predict(nlp, extract, cases, kinds), empty)
        report(name, scores, len(cases))
        if name.startswith("recognizers/") and unit_scored:
            pooled_sentences += len(cases)
            for metric in METRICS:
                for attribute in ("tp", "fp", "fn"):
                    value = getattr(scores.counts[metric], attribute)
                    setattr(
                        total.counts[metric],
                        attribute,
                        getattr(total.counts[metric], attribute) + value,
                    )
    report("recognizers, currency+dimension+percent pooled", total, pooled_sentences)


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2].parent / "shared"
    run(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
