"""Relative dates against our own annotated sentences with publication dates.

tests/data/dates_eval.jsonl: one sentence a line, {"id", "published" (ISO day), "text",
"dates": [{"text", "start", "value" (first day of the period), "precision" (day, week,
month, year)}]}. The real model and the numeric-facts extractor run over each sentence with
its publication date; a gold date is matched by the date fact that overlaps it, and is exact
when both date_value and date_precision agree.
"""

import json
from datetime import date
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

DATES_SET = PROJECT_ROOT / "tests" / "data" / "dates_eval.jsonl"


def read_cases(path: Path = DATES_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def predict(cases: list[dict]) -> dict[str, list[dict]]:
    """Date fact rows per case id, from the real model and extractor."""
    from pipelines.nlp.model import load_nlp
    from pipelines.nlp.quantities import NumericFactExtractor
    from pipelines.settings import Settings

    nlp = load_nlp(Settings().spacy_model)
    extractor = NumericFactExtractor(nlp)
    docs = nlp.pipe(case["text"] for case in cases)
    return {
        case["id"]: [
            row
            for row in extractor(doc, date.fromisoformat(case["published"]))
            if row["kind"] == "date"
        ]
        for case, doc in zip(cases, docs, strict=True)
    }


def score(cases: list[dict], predictions: dict[str, list[dict]]) -> dict:
    totals = {"gold": 0, "found": 0, "exact": 0}
    errors = []
    for case in cases:
        for gold in case["dates"]:
            start, end = gold["start"], gold["start"] + len(gold["text"])
            hits = [
                row
                for row in predictions[case["id"]]
                if row["start_char"] < end and row["end_char"] > start
            ]
            totals["gold"] += 1
            totals["found"] += bool(hits)
            got = (str(hits[0]["date_value"]), hits[0]["date_precision"]) if hits else None
            if got == (gold["value"], gold["precision"]):
                totals["exact"] += 1
            else:
                errors.append(
                    f"{case['id']} {gold['text']!r} (published {case['published']}): want "
                    f"{gold['value']} {gold['precision']}, got "
                    + (f"{got[0]} {got[1]} from {hits[0]['text']!r}" if got else "no date fact")
                )
    return {**totals, "errors": errors}


def run(shared: Path) -> None:
    del shared
    cases = read_cases()
    result = score(cases, predict(cases))
    gold = result["gold"]
    print(f"dates set ({DATES_SET.name}): {len(cases)} sentences, {gold} date expressions")
    exact = result["exact"]
    print(f"  date exact (value and precision): {exact / gold:.3f} ({exact}/{gold})")
    print(f"  found as a date fact:             {result['found'] / gold:.3f}")
    for error in result["errors"]:
        print(f"  - {error}")
