"""The run's validation helper behind its one owner, pipelines/quality/validator.py."""

import ast
from pathlib import Path

import polars as pl
import pytest

from pipelines.quality.prepare import with_body_columns
from pipelines.quality.suites import validate_frame
from pipelines.quality.validator import Validator


def sentences(rows):
    return pl.DataFrame(
        rows, schema=["article_id", "sentence_index", "start_char", "end_char"], orient="row"
    )


def test_the_validation_helper_gives_the_same_verdict_and_survives_being_killed():
    articles = pl.DataFrame({"article_id": ["a"], "body": ["x" * 50]})
    frame = with_body_columns(sentences([("a", 0, 0, 20), ("a", 1, 20, 99)]), articles)
    here = validate_frame("sentences", frame)
    with Validator() as validator:
        helper = validator.helper
        assert helper is not None and helper.alive()
        there = validator.validate_frame("sentences", frame)
        assert there == here and not there.success
        helper.process.kill()
        helper.process.wait()
        # validated in this process instead
        assert validator.validate_frame("sentences", frame) == here
        assert validator.helper is None
        validator.start()  # a new run starts a new helper
        assert validator.helper is not None and validator.helper.alive()
        assert validator.validate_frame("sentences", frame) == here
    assert validator.helper is None and not helper.alive()


def test_an_error_in_the_helper_is_raised_in_the_run():
    with Validator() as validator:
        with pytest.raises(RuntimeError, match="no_such_suite"):
            validator.validate_frame("no_such_suite", sentences([("a", 0, 0, 5)]))
        assert validator.helper is not None and validator.helper.alive()


def test_a_large_helper_is_replaced_by_a_fresh_one():
    with Validator() as validator:
        before = validator.helper
        validator.recycle()
        assert validator.helper is before  # small: kept
        validator.max_bytes = 1
        validator.recycle()
        assert validator.helper is not before and validator.helper.alive()
        assert not before.alive()
        articles = pl.DataFrame({"article_id": ["a"], "body": ["x" * 50]})
        frame = with_body_columns(sentences([("a", 0, 0, 20)]), articles)
        assert validator.validate_frame("sentences", frame).success


def quality_imports(path: Path) -> set[str]:
    """The pipelines.quality modules that ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "pipelines.quality":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "pipelines.quality."
        ):
            found.add(node.module.rsplit(".", 1)[-1])
    return found


def test_the_quality_modules_import_each_other_without_a_cycle():
    """engine (GX) <- suites <- validator; the helper process imports the engine only."""
    folder = Path(__file__).resolve().parents[2] / "pipelines" / "quality"
    imports = {path.stem: quality_imports(path) for path in folder.glob("*.py")}
    assert imports["engine"] == set()
    assert imports["helper"] == {"engine"}
    assert imports["suites"] == {"engine"}
    assert imports["validator"] == {"engine", "suites"}
