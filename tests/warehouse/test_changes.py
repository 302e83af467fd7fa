import polars as pl
import pytest

from pipelines.warehouse.changes import plan_changes

SCHEMA = {"article_id": pl.String, "content_sha256": pl.String, "duplicate_of": pl.String}


def frame(rows):
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


SCANNED = frame([("a", "h1", None), ("b", "h2", None), ("c", "h1", "a")])


@pytest.mark.parametrize(
    ("loaded", "on_removed", "changed", "removed", "to_extract"),
    [
        # first run: everything is new, the duplicate is loaded but not extracted
        ([], "keep", ["a", "b", "c"], [], ["a", "b"]),
        # nothing changed
        ([("a", "h1", None), ("b", "h2", None), ("c", "h1", "a")], "keep", [], [], []),
        # b edited
        ([("a", "h1", None), ("b", "old", None), ("c", "h1", "a")], "keep", ["b"], [], ["b"]),
        # d's file is gone: kept by default, deleted on request
        (
            [("a", "h1", None), ("b", "h2", None), ("c", "h1", "a"), ("d", "h4", None)],
            "keep",
            [],
            [],
            [],
        ),
        (
            [("a", "h1", None), ("b", "h2", None), ("c", "h1", "a"), ("d", "h4", None)],
            "delete",
            [],
            ["d"],
            [],
        ),
        # c stopped being a duplicate of a (its original changed): it must be reloaded
        ([("a", "h1", None), ("b", "h2", None), ("c", "h1", None)], "keep", ["c"], [], []),
    ],
)
def test_plan_changes(loaded, on_removed, changed, removed, to_extract):
    plan = plan_changes(SCANNED, frame(loaded), on_removed)
    assert sorted(plan.changed["article_id"]) == changed
    assert plan.removed_ids == removed
    assert sorted(plan.to_extract["article_id"]) == to_extract
    assert plan.unchanged == SCANNED.height - len(changed)
