"""Entity mentions scored on our blind news set, with CoNLL-2003's labels and span convention.

``tests/data/entities_blind/batch*.jsonl`` hold news-style articles (business, sport with
teams named by their city or university, health with diseases, wire and caption debris) with
gold names marked inline: ``[ORG Norland Mining] shares jump``. Each batch was scored before
any rule was written for it; the first scores are kept in ``first_scores.json`` beside them.
Spans are compared exactly on the name (no determiner, title or possessive), as CoNLL does.
"""

import json
import re
from collections import Counter
from pathlib import Path

import polars as pl

from pipelines.settings import PROJECT_ROOT

BLIND_SET = PROJECT_ROOT / "tests" / "data" / "entities_blind"
_GOLD_MARK = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\]]+)\]")
# Our labels in CoNLL's four classes: buildings and facilities are locations there.
CONLL_LABEL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """ "[ORG Acme] fell" → ("Acme fell", [(0, 4, "ORG")])."""
    text, spans, last = [], [], 0
    length = 0
    for match in _GOLD_MARK.finditer(marked):
        before = marked[last : match.start()]
        text.append(before)
        length += len(before)
        name = match.group(2)
        spans.append((length, length + len(name), match.group(1)))
        text.append(name)
        length += len(name)
        last = match.end()
    text.append(marked[last:])
    return "".join(text), spans


def batches(folder: Path = BLIND_SET) -> list[Path]:
    return sorted(folder.glob("batch*.jsonl"))


def load_blind_set(path: Path) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """article id → (text, gold spans) of one batch file."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return {row["id"]: parse_marked(row["text"]) for row in rows}


def conll_core(text: str, start: int, end: int) -> tuple[int, int]:
    """A predicted span as CoNLL writes it: no leading article, no possessive."""
    piece = text[start:end]
    lead = _LEADING.match(piece)
    if lead and lead.end() < len(piece):
        start += lead.end()
    tail = _POSSESSIVE.search(text[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


def score(
    gold: dict[str, list[tuple[int, int, str]]], predicted: dict[str, list[tuple[int, int, str]]]
) -> dict:
    """Exact-span F1 without and with labels, per gold label, and the label confusions."""
    gold_spans = {(a, s, e): label for a, rows in gold.items() for s, e, label in rows}
    pred_spans = {(a, s, e): label for a, rows in predicted.items() for s, e, label in rows}
    hits = gold_spans.keys() & pred_spans.keys()
    right = {k for k in hits if gold_spans[k] == pred_spans[k]}
    result = {"gold": len(gold_spans), "predicted": len(pred_spans)}
    result["span_f1"] = _f1(len(hits), len(pred_spans), len(gold_spans))
    result["label_f1"] = _f1(len(right), len(pred_spans), len(gold_spans))
    per_label = {}
    for label in ("PER", "ORG", "LOC", "MISC"):
        g = {k for k, v in gold_spans.items() if v == label}
        p = {k for k, v in pred_spans.items() if v == label}
        per_label[label] = _f1(len(g & p & right), len(p), len(g))
    result["per_label_f1"] = per_label
    confusion = Counter(f"{gold_spans[k]}->{pred_spans[k]}" for k in hits - right)
    result["confusions"] = dict(confusion.most_common())
    return result


def _f1(tp: int, predicted: int, gold: int) -> float:
    p, r = tp / max(predicted, 1), tp / max(gold, 1)
    return round(2 * p * r / max(p + r, 1e-9), 3)


def pipeline_spans(resolved: pl.DataFrame, texts: dict[str, str]) -> dict[str, list]:
    """Our mentions (after every rule and the corpus vote) as CoNLL spans."""
    spans: dict[str, list] = {a: [] for a in texts}
    for row in resolved.iter_rows(named=True):
        offset = row["text"].find(row["name"])
        start = row["start_char"] + max(offset, 0)
        end = start + len(row["name"]) if offset >= 0 else row["end_char"]
        spans[row["article_id"]].append((start, end, CONLL_LABEL[row["label"]]))
    return spans


def model_spans(nlp, texts: dict[str, str]) -> dict[str, list]:
    """The bare model's entities, with the same label mapping and span convention."""
    spans: dict[str, list] = {}
    for article, doc in zip(texts, nlp.pipe(texts.values()), strict=True):
        spans[article] = [
            (*conll_core(doc.text, e.start_char, e.end_char), CONLL_LABEL[e.label_])
            for e in doc.ents
            if e.label_ in CONLL_LABEL
        ]
    return spans


def print_scores(title: str, result: dict) -> None:
    per_label = "  ".join(f"{k} {v:.3f}" for k, v in result["per_label_f1"].items())
    print(
        f"{title}: gold {result['gold']}, predicted {result['predicted']}, "
        f"F1 span {result['span_f1']:.3f}, span+label {result['label_f1']:.3f}; {per_label}"
    )
    if result["confusions"]:
        print(
            "  label confusions (gold->ours): "
            + ", ".join(f"{k} {v}" for k, v in result["confusions"].items())
        )


def run_batch(path: Path, nlp, extract_texts) -> dict:
    """Score the bare model and the pipeline on one batch; ``extract_texts`` is the entity
    evaluation's own extraction (model, mention rules, resolver)."""
    blind = load_blind_set(path)
    texts = {a: t for a, (t, _) in blind.items()}
    gold = {a: spans for a, (_, spans) in blind.items()}
    bare = score(gold, model_spans(nlp, texts))
    ours = score(gold, pipeline_spans(extract_texts(texts), texts))
    print(f"{len(texts)} articles of {path.relative_to(PROJECT_ROOT)}")
    print_scores("  bare spaCy", bare)
    print_scores("  newsfacts ", ours)
    return {"bare_spacy": bare, "newsfacts": ours}


def run(nlp, extract_texts) -> dict:
    """Every batch, then the first scores each had before rules were written for it."""
    results = {path.stem: run_batch(path, nlp, extract_texts) for path in batches()}
    first = json.loads((BLIND_SET / "first_scores.json").read_text("utf-8"))
    for batch, scores in first["batches"].items():
        bare, ours = scores["bare_spacy"]["label_f1"], scores["newsfacts"]["label_f1"]
        print(
            f"{batch} first scored (commit {scores['commit']}): span+label F1 "
            f"bare spaCy {bare:.3f}, newsfacts {ours:.3f}"
        )
    return results
