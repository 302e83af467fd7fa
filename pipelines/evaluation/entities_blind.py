"""Entity mentions scored on our blind news set, with CoNLL-2003's labels and span convention.

``tests/data/entities_blind/batch*.jsonl`` hold news-style articles (business, sport with
teams named by their city or university, health with diseases, wire and caption debris) with
gold names marked inline: ``[ORG Norland Mining] shares jump``. Each batch was scored before
any rule was written for it; the first scores are kept in ``first_scores.json`` beside them.
Spans are compared exactly on the name (no determiner, title or possessive), as CoNLL does.

A place mark may carry its OntoNotes kind, which CoNLL's one LOC hides: ``[LOC/GPE Chapel
Hill]`` (a city, state or country), ``[LOC/LOC Sahel]`` (a region, a body of water, a
mountain range), ``[LOC/FAC Louvre]`` (a building). Batches that carry kinds are also scored
on them: of the gold places we find with their span, how many carry the right kind.

``python -m pipelines.evaluation.entities_blind batchN`` records the first score of a new
batch; it refuses a batch that already has one.
"""

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polars as pl
import spacy

from pipelines.settings import PROJECT_ROOT, Settings

BLIND_SET = PROJECT_ROOT / "tests" / "data" / "entities_blind"
_GOLD_MARK = re.compile(r"\[(PER|ORG|LOC|MISC)(?:/(GPE|LOC|FAC))? ([^\]]+)\]")
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
    text, spans, _ = parse_marked_kinds(marked)
    return text, spans


def parse_marked_kinds(
    marked: str,
) -> tuple[str, list[tuple[int, int, str]], dict[tuple[int, int], str]]:
    """Text, gold spans, and the OntoNotes kind of the place marks that carry one:
    "in [LOC/GPE Dhaka]" → ("in Dhaka", [(3, 8, "LOC")], {(3, 8): "GPE"})."""
    text, spans, kinds, last = [], [], {}, 0
    length = 0
    for match in _GOLD_MARK.finditer(marked):
        before = marked[last : match.start()]
        text.append(before)
        length += len(before)
        name = match.group(3)
        spans.append((length, length + len(name), match.group(1)))
        if match.group(2):
            kinds[(length, length + len(name))] = match.group(2)
        text.append(name)
        length += len(name)
        last = match.end()
    text.append(marked[last:])
    return "".join(text), spans, kinds


def batches(folder: Path = BLIND_SET) -> list[Path]:
    return sorted(folder.glob("batch*.jsonl"))


def load_blind_set(path: Path) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """article id → (text, gold spans) of one batch file."""
    return {a: (text, spans) for a, (text, spans, _) in load_blind_kinds(path).items()}


def load_blind_kinds(path: Path) -> dict[str, tuple[str, list, dict]]:
    """article id → (text, gold spans, place kinds) of one batch file."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return {row["id"]: parse_marked_kinds(row["text"]) for row in rows}


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
    # most frequent first, ties by name: set order differs between processes
    result["confusions"] = dict(sorted(confusion.items(), key=lambda item: (-item[1], item[0])))
    return result


def _f1(tp: int, predicted: int, gold: int) -> float:
    p, r = tp / max(predicted, 1), tp / max(gold, 1)
    return round(2 * p * r / max(p + r, 1e-9), 3)


# Our own labels, for the place kinds.
ONTONOTES_LABEL = {label: label for label in CONLL_LABEL}
PLACE_KINDS = frozenset({"GPE", "LOC", "FAC"})


def pipeline_spans(
    resolved: pl.DataFrame, texts: dict[str, str], labels: dict[str, str] = CONLL_LABEL
) -> dict[str, list]:
    """Our mentions (after every rule and the corpus vote) as CoNLL spans."""
    spans: dict[str, list] = {a: [] for a in texts}
    for row in resolved.iter_rows(named=True):
        offset = row["text"].find(row["name"])
        start = row["start_char"] + max(offset, 0)
        end = start + len(row["name"]) if offset >= 0 else row["end_char"]
        spans[row["article_id"]].append((start, end, labels[row["label"]]))
    return spans


def model_spans(
    nlp, texts: dict[str, str], labels: dict[str, str] = CONLL_LABEL
) -> dict[str, list]:
    """The bare model's entities, with the same label mapping and span convention."""
    spans: dict[str, list] = {}
    for article, doc in zip(texts, nlp.pipe(texts.values()), strict=True):
        spans[article] = [
            (*conll_core(doc.text, e.start_char, e.end_char), labels[e.label_])
            for e in doc.ents
            if e.label_ in CONLL_LABEL
        ]
    return spans


def score_place_kinds(kinds: dict[tuple, str], predicted: dict[str, list]) -> dict:
    """Of the gold places with a kind that we found with their span and a place label
    (GPE, LOC, FAC), how many carry the gold kind; ``predicted`` holds our own labels."""
    ours = {(a, s, e): label for a, rows in predicted.items() for s, e, label in rows}
    found = {k: ours[k] for k in kinds.keys() & ours.keys() if ours[k] in PLACE_KINDS}
    wrong = Counter(f"{kinds[k]}->{label}" for k, label in found.items() if label != kinds[k])
    return {
        "gold": len(kinds),
        "found": len(found),
        "right": len(found) - sum(wrong.values()),
        "confusions": dict(wrong.most_common()),
    }


def print_place_kinds(title: str, result: dict) -> None:
    wrong = ", ".join(f"{k} {v}" for k, v in result["confusions"].items()) or "none"
    print(
        f"{title}: place kinds right {result['right']} of {result['found']} places found "
        f"({result['gold']} gold places with a kind); wrong (gold->ours): {wrong}"
    )


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
    blind = load_blind_kinds(path)
    texts = {a: t for a, (t, _, _) in blind.items()}
    gold = {a: spans for a, (_, spans, _) in blind.items()}
    kinds = {(a, s, e): kind for a, (_, _, k) in blind.items() for (s, e), kind in k.items()}
    resolved = extract_texts(texts)
    bare = score(gold, model_spans(nlp, texts))
    ours = score(gold, pipeline_spans(resolved, texts))
    print(f"{len(texts)} articles of {path.relative_to(PROJECT_ROOT)}")
    print_scores("  bare spaCy", bare)
    print_scores("  newsfacts ", ours)
    result = {"bare_spacy": bare, "newsfacts": ours}
    if kinds:
        bare_kinds = score_place_kinds(kinds, model_spans(nlp, texts, ONTONOTES_LABEL))
        our_kinds = score_place_kinds(kinds, pipeline_spans(resolved, texts, ONTONOTES_LABEL))
        print_place_kinds("  bare spaCy", bare_kinds)
        print_place_kinds("  newsfacts ", our_kinds)
        bare["place_kinds"], ours["place_kinds"] = bare_kinds, our_kinds
    return result


def _first_scores() -> dict:
    return json.loads((BLIND_SET / "first_scores.json").read_text("utf-8"))


def run(nlp, extract_texts) -> dict:
    """Every batch, then the first scores each had before rules were written for it."""
    results = {path.stem: run_batch(path, nlp, extract_texts) for path in batches()}
    for batch, scores in _first_scores()["batches"].items():
        bare, ours = scores["bare_spacy"]["label_f1"], scores["newsfacts"]["label_f1"]
        kinds = scores["newsfacts"].get("place_kinds")
        kind_note = f", place kinds {kinds['right']}/{kinds['found']}" if kinds else ""
        print(
            f"{batch} first scored (commit {scores['commit']}): span+label F1 "
            f"bare spaCy {bare:.3f}, newsfacts {ours:.3f}{kind_note}"
        )
    return results


def record(batch: str) -> dict:
    """Score ``batch`` with the code as it is and keep it as the batch's first score; a
    batch that has one keeps it (only a first score measures what generalizes)."""
    from pipelines.evaluation.entities import extract_texts, load_customized

    first = _first_scores()
    if batch in first["batches"]:
        raise SystemExit(f"{batch} already has a first score in {BLIND_SET / 'first_scores.json'}")
    path = BLIND_SET / f"{batch}.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} does not exist: write the batch first")
    customized = load_customized()
    result = run_batch(
        path, spacy.load(Settings().spacy_model), lambda t: extract_texts(customized, t)
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=PROJECT_ROOT
    ).stdout.strip()
    first["batches"][batch] = {"commit": commit, **result}
    text = json.dumps(first, indent=1, ensure_ascii=False) + "\n"
    (BLIND_SET / "first_scores.json").write_text(text, "utf-8")
    return first["batches"][batch]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m pipelines.evaluation.entities_blind batchN")
    record(sys.argv[1])
