"""Settings from environment variables: a wrong value is an error that names the variable."""

import pytest

from pipelines.nlp.chunks import chunk_spans
from pipelines.settings import Settings


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("NEWSFACTS_PROCESSES", "two", "NEWSFACTS_PROCESSES='two' is not a number"),
        ("NEWSFACTS_LOCK_WAIT_SECONDS", "1h", "NEWSFACTS_LOCK_WAIT_SECONDS='1h' is not a decimal"),
        ("NEWSFACTS_STRICT", "maybe", "NEWSFACTS_STRICT='maybe': use 1 (on) or 0 (off)"),
    ],
)
def test_a_value_of_the_wrong_kind_names_the_variable(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NEWSFACTS_PROCESSES", "0"),
        ("NEWSFACTS_BATCH_SIZE", "0"),
        ("NEWSFACTS_MAX_CHUNK_CHARS", "0"),
        ("NEWSFACTS_MAX_ARTICLE_BYTES", "-1"),
        ("NEWSFACTS_LOCK_WAIT_SECONDS", "-5"),
        ("NEWSFACTS_HTML_PARSE_SECONDS", "0"),
        ("NEWSFACTS_BLAS", "mkl"),
    ],
)
def test_a_value_out_of_range_is_refused(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=f"^{variable}="):
        Settings().validate()


@pytest.mark.parametrize(("value", "strict"), [("true", True), ("yes", True), ("0", False)])
def test_strict_reads_the_usual_switch_words(monkeypatch, value, strict):
    monkeypatch.setenv("NEWSFACTS_STRICT", value)
    assert Settings().strict is strict


def test_pieces_of_no_characters_are_refused_rather_than_looping():
    with pytest.raises(ValueError):
        chunk_spans("ab cd", 0)
