"""Real Great Expectations runs of the project's suites on good and broken frames."""

import polars as pl
import pytest

from pipelines.quality.prepare import with_body_columns, with_value_finite
from pipelines.quality.suites import validate_frame

ARTICLES = pl.DataFrame({"article_id": ["a"], "body": ["Joe Biden met 3 leaders."]})


def sentences(rows):
    return pl.DataFrame(
        rows, schema=["article_id", "sentence_index", "start_char", "end_char"], orient="row"
    )


def test_good_sentences_pass():
    result = validate_frame("sentences", with_body_columns(sentences([("a", 0, 0, 24)]), ARTICLES))
    assert result.success, result.markdown()


@pytest.mark.parametrize(
    ("rows", "failing"),
    [
        ([("a", 0, 0, 99)], "expect_column_pair_values_a_to_be_greater_than_b"),  # past the body
        ([("a", 0, 5, 5)], "expect_column_pair_values_a_to_be_greater_than_b"),  # empty span
        ([("a", 0, 0, 5), ("a", 0, 5, 10)], "expect_compound_columns_to_be_unique"),
    ],
)
def test_broken_sentences_fail_blocking(rows, failing):
    result = validate_frame("sentences", with_body_columns(sentences(rows), ARTICLES))
    assert not result.success
    assert failing in {o.expectation for o in result.blocking_failures}


def test_infinite_value_is_caught():
    facts = pl.DataFrame({"value": [1.0, None, float("inf")]})
    assert with_value_finite(facts)["value_is_finite"].to_list() == [1, 1, 0]


def test_markdown_names_failed_expectations():
    result = validate_frame("sentences", with_body_columns(sentences([("a", 0, 0, 99)]), ARTICLES))
    assert "FAIL (blocking)" in result.markdown()


def test_large_frames_are_validated_in_parts_with_the_same_verdict(monkeypatch):
    from pipelines.quality import suites

    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(40)], "body": ["x" * 50] * 40})
    rows = [(f"a{i}", s, s * 5, s * 5 + 5) for i in range(40) for s in range(10)]
    rows[7] = ("a0", 7, 0, 99)  # one sentence past its body
    frame = with_body_columns(sentences(rows), articles)
    whole = validate_frame("sentences", frame)
    monkeypatch.setattr(suites, "CHUNK_ROWS", 100)
    parted = validate_frame("sentences", frame)
    assert [(o.expectation, o.success, o.unexpected_count) for o in parted.outcomes] == [
        (o.expectation, o.success, o.unexpected_count) for o in whole.outcomes
    ]
    assert not parted.success


def test_frames_on_disk_are_validated_part_by_part(monkeypatch, tmp_path):
    """A lazy frame (Parquet parts) gets the verdict of the same rows in memory, with
    ``prepare`` adding the body columns to each part."""
    from pipelines.quality import suites

    articles = pl.DataFrame({"article_id": [f"a{i}" for i in range(40)], "body": ["x" * 50] * 40})
    rows = [(f"a{i}", s, s * 5, s * 5 + 5) for i in range(40) for s in range(10)]
    rows[7] = ("a0", 7, 0, 99)  # one sentence past its body
    sentences(rows).write_parquet(tmp_path / "sentences.parquet")
    whole = validate_frame("sentences", with_body_columns(sentences(rows), articles))

    def body_columns(frame: pl.DataFrame) -> pl.DataFrame:
        return with_body_columns(frame, articles)

    monkeypatch.setattr(suites, "CHUNK_ROWS", 100)
    lazy = validate_frame(
        "sentences", pl.scan_parquet(tmp_path / "sentences.parquet"), body_columns
    )
    assert lazy.rows == 400
    assert [(o.expectation, o.success, o.unexpected_count) for o in lazy.outcomes] == [
        (o.expectation, o.success, o.unexpected_count) for o in whole.outcomes
    ]
    assert not lazy.success


def test_body_columns_joined_in_slices_equal_one_join(monkeypatch):
    """Mentions get body_length and body_slice slice by slice; the rows, their order and
    the values are those of joining every body to every row at once."""
    from pipelines.quality import prepare

    articles = pl.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(30)],
            "body": [f"Body {i} " * (i + 3) for i in range(30)],
        }
    )
    mentions = pl.DataFrame(
        {
            "article_id": [f"a{(i * 7) % 31}" for i in range(200)],  # a30 has no body
            "text": ["x"] * 200,
            "start_char": [i % 9 for i in range(200)],
            "end_char": [i % 9 + 4 for i in range(200)],
        }
    )
    expected = (
        mentions.join(articles, on="article_id", how="left", maintain_order="left")
        .with_columns(
            body_length=pl.col("body").str.len_chars(),
            body_slice=pl.col("body").str.slice(
                pl.col("start_char"), pl.col("end_char") - pl.col("start_char")
            ),
        )
        .drop("body")
    )
    monkeypatch.setattr(prepare, "SLICE_CHARS", 100)  # many slices
    assert prepare.with_body_columns(mentions, articles).equals(expected)
    assert prepare.with_body_columns(mentions.clear(), articles).columns == expected.columns
