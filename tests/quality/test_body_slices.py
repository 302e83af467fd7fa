"""body_slice of long bodies (sliced by bytes) equals Python's slice of the body."""

import polars as pl
import pytest

from pipelines.quality.body_slices import LONG_BODY_CHARS, with_body_slice

PARAGRAPH = "Zürich’s council approved 12 new schools 😀 for €3.2 million. "


@pytest.mark.parametrize(
    "body",
    [
        "The council approved 12 new schools. " * 4000,  # long ASCII
        PARAGRAPH * 3000,  # long, 1- to 4-byte characters
        PARAGRAPH,  # short: sliced by characters
    ],
)
def test_body_slice_is_the_python_slice(body):
    spans = [(s, s + 17) for s in range(0, len(body) - 17, 997)] + [(3, 3), (len(body) - 4, 10**9)]
    frame = pl.DataFrame(
        {
            "article_id": ["a1"] * len(spans) + ["a2"],
            "start_char": [s for s, _ in spans] + [0],
            "end_char": [e for _, e in spans] + [5],
            "body": [body] * len(spans) + ["short"],
        }
    ).with_columns(body_length=pl.col("body").str.len_chars())
    assert (len(body) > LONG_BODY_CHARS) == (body != PARAGRAPH)
    expected = [body[s:e] for s, e in spans] + ["short"]
    assert with_body_slice(frame)["body_slice"].to_list() == expected
