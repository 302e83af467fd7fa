"""The blind entity sets' scoring: exact spans, labels, and confusions in a stable order."""

from pipelines.evaluation.entities_blind import score


def test_scores_and_confusions_most_frequent_first_then_by_name():
    gold = {"a": [(0, 5, "ORG"), (10, 15, "LOC"), (20, 25, "PER"), (30, 35, "ORG")]}
    predicted = {"a": [(0, 5, "LOC"), (10, 15, "ORG"), (20, 25, "PER"), (30, 35, "LOC")]}
    result = score(gold, predicted)
    assert result["span_f1"] == 1.0
    assert result["label_f1"] == 0.25
    assert list(result["confusions"].items()) == [("ORG->LOC", 2), ("LOC->ORG", 1)]
    # ties: alphabetical, whatever order the spans come in
    tied = score({"a": [(0, 5, "PER"), (10, 15, "LOC")]}, {"a": [(10, 15, "ORG"), (0, 5, "ORG")]})
    assert list(tied["confusions"]) == ["LOC->ORG", "PER->ORG"]
