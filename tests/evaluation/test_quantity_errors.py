"""The concept/entity scoring, the error table, the blind first scores and the owner coverage
of `make eval`, on hand-made cases."""

import json

import polars as pl
import pytest

from pipelines.evaluation.blind import (
    batch_summary,
    read_first_scores,
    weighted_mean,
    write_first_scores,
)
from pipelines.evaluation.coverage import owner_coverage
from pipelines.evaluation.quantities import Case, Gold, SetScores, load_dev, same_words, score
from pipelines.evaluation.quantity_errors import ErrorTable, add_errors


def row(start, end, value, unit=None, change="=", **extra):
    return {
        "text": "x",
        "start_char": start,
        "end_char": end,
        "value": value,
        "unit_normalized": unit,
        "change": change,
        **extra,
    }


SENTENCE = "Wholesale electricity prices rose 4% in March."
GOLD = Gold(34, 36, 4, "percent", "up", {"concept": "wholesale electricity prices"})


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("wholesale electricity prices", "electricity prices", True),
        ("wholesale electricity prices", "Wholesale electricity price", True),
        ("operating loss", "loss", True),
        ("operating loss", "the company", False),
        ("shares", None, False),
        (None, None, True),
        (None, "revenue", False),
    ],
)
def test_concepts_agree_on_a_content_word(gold, predicted, same):
    assert same_words(gold, predicted) is same


def test_value_concept_is_scored_where_the_gold_has_concepts():
    case = Case(SENTENCE, [GOLD])
    right = row(34, 36, 4, "percent", "up", concept="electricity prices")
    wrong = row(34, 36, 4, "percent", "up", concept="March")
    scores = score([case], [[right]], SetScores())
    assert scores.f1("value+concept") == 1.0
    assert score([case], [[wrong]], SetScores()).counts["value+concept"].tp == 0
    assert scores.f1("value+entity") is None  # no entity gold in this set


def test_currency_code_is_scored_only_once_the_rows_have_it():
    case = Case("$5m", [Gold(0, 3, 5e6, "US dollar", "=", {"currency_code": "USD"})])
    assert (
        score([case], [[row(0, 3, 5e6, "US dollar")]], SetScores()).f1("value+currency_code")
        is None
    )
    coded = row(0, 3, 5e6, "US dollar", currency_code="USD")
    assert score([case], [[coded]], SetScores()).f1("value+currency_code") == 1.0


def test_an_entity_named_us_matches():
    case = Case("US troops", [Gold(0, 9, 5, "troop", "=", {"entity": "US"})])
    rows = [row(0, 9, 5, "troop", entity="US")]
    assert score([case], [rows], SetScores()).f1("value+entity") == 1.0


def test_errors_are_grouped_by_kind():
    case = Case(SENTENCE, [GOLD, Gold(40, 45, 3, None, "=")])
    rows = [
        row(34, 36, 4, "percent", "=", concept=None),  # wrong change, missing concept
        row(0, 9, 7),  # spurious
    ]
    table = ErrorTable()
    add_errors(table, case, rows, unit_scored=True)
    kinds = {kind for kind, count in table.counts.items() if count}
    assert kinds == {"missed value", "spurious", "wrong change", "missing concept"}
    assert SENTENCE in table.examples["wrong change"][0]


def test_a_bad_gold_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "01-test.jsonl"
    path.write_text('{"text": "a", "facts": []}\n{"text": "b", "facts": [{"text": "zz"}]}\n')
    with pytest.raises(ValueError, match=r"01-test.jsonl:2"):
        load_dev(path)


def test_first_scores_are_one_batch_a_line_and_read_back(tmp_path):
    scores = {
        "02-b": {"value": 0.9, "sentences": 10},
        "01-a": {"value": 0.5, "sentences": 30},
    }
    write_first_scores(scores, tmp_path)
    lines = (tmp_path / "first_scores.json").read_text().splitlines()
    assert lines[1].startswith('  "01-a"') and lines[2].startswith('  "02-b"')
    assert read_first_scores(tmp_path) == scores
    assert weighted_mean(list(scores.values()), "value") == pytest.approx(0.6)


def test_a_batch_summary_leaves_unscored_metrics_empty():
    summary = batch_summary(SetScores(), 4)
    assert summary["value+concept"] is None and summary["sentences"] == 4


def test_owner_coverage_against_annotated_owners():
    body = "Acme's revenue rose 5%. It rained 3 days."
    articles = pl.DataFrame({"article_id": ["a1"], "source": ["x.txt"], "body": [body]})
    facts = pl.DataFrame(
        {
            "article_id": ["a1", "a1"],
            "start_char": [20, 34],
            "end_char": [22, 40],
            "entity_start_char": [0, None],
            "entity_end_char": [4, None],
            "entity_id": ["e1", None],
        }
    )
    owners = [
        {"source": "x.txt", "start_char": 20, "end_char": 22, "owner": ["Acme"]},
        {"source": "x.txt", "start_char": 34, "end_char": 40, "owner": None},
    ]
    found = owner_coverage(facts, articles, owners)
    assert found["entity_id, facts with an annotated owner"] == (1, 1)
    assert found["  of these, the annotated owner"] == (1, 1)
    assert found["entity_id, facts annotated with no owner"] == (0, 1)


def test_the_seed_owner_annotations_are_well_formed():
    from pipelines.evaluation.coverage import OWNERS

    for line in OWNERS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        assert item["end_char"] > item["start_char"]
        assert item["owner"] is None or all(isinstance(name, str) for name in item["owner"])


def test_every_blind_batch_has_a_first_score():
    from pipelines.evaluation.blind import blind_batches

    first = read_first_scores()
    for name, cases in blind_batches():
        assert name in first, f"{name}: record its first score before writing rules for it"
        assert first[name]["sentences"] == len(cases)
