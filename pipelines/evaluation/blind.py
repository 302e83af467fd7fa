"""Blind batches: new sentences scored before any rule was written for them.

Each batch is `tests/data/quantities_blind/NN-topic.jsonl` (the dev format, with the optional
concept, entity, value_from and currency_code keys). Its first score, taken with the code as it
was before any rule changed for it, is `first_scores.json`, committed with the batch (the git
history is the proof). `make eval` prints each batch's first score next to its score now.

`python -m pipelines.evaluation.blind NN-topic` records the first score of a new batch; it
refuses a batch that already has one.
"""

import json
import sys
from pathlib import Path

from pipelines.evaluation.quantities import (
    QUANTITY_KINDS,
    Case,
    SetScores,
    load_dev,
    predict,
    score,
)

BLIND_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "quantities_blind"
FIRST_SCORES = "first_scores.json"
REPORTED = ("value", "value+unit", "value+change", "value+concept", "value+entity")


def blind_batches(folder: Path = BLIND_DIR) -> list[tuple[str, list[Case]]]:
    """(name, cases) for every batch, in file-name order."""
    return [(path.stem, load_dev(path)) for path in sorted(folder.glob("*.jsonl"))]


def read_first_scores(folder: Path = BLIND_DIR) -> dict[str, dict]:
    path = folder / FIRST_SCORES
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error}): fix the file by hand") from error


def write_first_scores(scores: dict[str, dict], folder: Path = BLIND_DIR) -> None:
    """One batch a line, sorted, so batches added on two branches merge line by line."""
    lines = [f"  {json.dumps(name)}: {json.dumps(scores[name])}" for name in sorted(scores)]
    (folder / FIRST_SCORES).write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def batch_summary(scores: SetScores, sentences: int) -> dict:
    """The F1 of each reported metric (None where the batch cannot be scored on it)."""
    summary = {}
    for metric in REPORTED:
        f1 = scores.f1(metric)
        summary[metric] = None if f1 is None else round(f1, 3)
    return {**summary, "sentences": sentences}


def shown(f1: float | None) -> str:
    return "  –  " if f1 is None else f"{f1:.3f}"


def cell(first: float | None, now: float | None) -> str:
    return f"{shown(first)} → {shown(now)}"


def weighted_mean(rows: list[dict], metric: str) -> float | None:
    """Mean F1 over batches weighted by sentences, over the batches scored on `metric`."""
    scored = [(row[metric], row["sentences"]) for row in rows if row.get(metric) is not None]
    total = sum(weight for _, weight in scored)
    return sum(f1 * weight for f1, weight in scored) / total if total else None


def report_blind(results: list[tuple[str, SetScores, int]], first: dict[str, dict]) -> None:
    """Each batch's first score → its score now, and both means over the batches."""
    print("blind batches (tests/data/quantities_blind), F1: first score (before any rule for")
    print("the batch) → now")
    print(f"  {'batch':<24} {'sents':>5}  " + "  ".join(f"{m:<15}" for m in REPORTED))
    firsts, nows = [], []
    for name, scores, sentences in results:
        now = batch_summary(scores, sentences)
        before = first.get(name, {})
        firsts.append({**before, "sentences": sentences})
        nows.append(now)
        cells = "  ".join(f"{cell(before.get(m), now[m]):<15}" for m in REPORTED)
        note = "" if name in first else "  (no first score recorded)"
        print(f"  {name:<24} {sentences:>5}  {cells}{note}")
    total = sum(sentences for _, _, sentences in results)
    means = "  ".join(
        f"{cell(weighted_mean(firsts, m), weighted_mean(nows, m)):<15}" for m in REPORTED
    )
    print(f"  {'mean (by sentences)':<24} {total:>5}  {means}")


def score_batches(nlp, extract, folder: Path = BLIND_DIR):
    """(name, cases, predictions, scores) of every blind batch."""
    results = []
    for name, cases in blind_batches(folder):
        predictions = predict(nlp, extract, cases, QUANTITY_KINDS)
        results.append((name, cases, predictions, score(cases, predictions, SetScores())))
    return results


def record(name: str, folder: Path = BLIND_DIR) -> dict:
    """Score batch `name` with the code as it is and write its first score; never overwrite."""
    from pipelines.nlp.model import load_nlp
    from pipelines.nlp.quantities import NumericFactExtractor
    from pipelines.settings import Settings

    first = read_first_scores(folder)
    if name in first:
        raise SystemExit(f"{name} already has a first score in {folder / FIRST_SCORES}: kept")
    path = folder / f"{name}.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} does not exist: write the batch first")
    nlp = load_nlp(Settings().spacy_model)
    cases = load_dev(path)
    predictions = predict(nlp, NumericFactExtractor(nlp), cases, QUANTITY_KINDS)
    first[name] = batch_summary(score(cases, predictions, SetScores()), len(cases))
    write_first_scores(first, folder)
    return first[name]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m pipelines.evaluation.blind NN-topic")
    print(json.dumps(record(sys.argv[1])))
