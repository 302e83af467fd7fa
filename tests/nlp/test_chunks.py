import pytest

from pipelines.nlp.chunks import chunk_spans


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        ("Short article.", 100, [(0, 14)]),
        # a blank line is the preferred cut
        ("First para.\n\nSecond para is here.", 20, [(0, 13), (13, 33)]),
        # no paragraph break in reach: cut after a space
        ("aaaa bbbb cccc dddd", 10, [(0, 10), (10, 19)]),
        # no separator at all: hard cut
        ("x" * 25, 10, [(0, 10), (10, 20), (20, 25)]),
    ],
)
def test_chunks_cover_text_in_order(text, max_chars, expected):
    spans = chunk_spans(text, max_chars)
    assert spans == expected
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(e - s <= max_chars for s, e in spans)
