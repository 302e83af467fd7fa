"""Fixtures the mention tests share."""

import pytest

from pipelines.nlp.mentions import MentionExtractor


@pytest.fixture(scope="module")
def rows_of(nlp):
    """The mention extractor's rows for a text, checked to point at the text's own words."""
    extract = MentionExtractor(nlp)

    def run(text: str) -> list[dict]:
        rows = extract(nlp(text))
        assert all(r["text"] == text[r["start_char"] : r["end_char"]] for r in rows)
        return rows

    return run
