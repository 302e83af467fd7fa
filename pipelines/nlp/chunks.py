"""Cutting long texts into pieces spaCy can take, and pieces into batches of bounded size.

spaCy's memory grows with the characters of a batch, not its number of texts: tok2vec holds
a few arrays per token for every doc of the batch at once, about 3 KB per character with
the small English model (a 100,000-character chunk: some 300 MB). A 2.7 MB article cut into
27 chunks and fed as one batch of 32 texts took 11 GB; a batch bounded by characters holds
no more than a batch of ordinary articles does.
"""

import re
from collections.abc import Iterator

# spaCy's tokenizer strips prefixes and suffixes one at a time, copying and searching the rest
# of the whitespace-free span each time: a run of n symbols ("$$$$", "((((", emoji) costs
# n squared (8,000 emoji: 13 s; 100,000: hours). The text spaCy reads gets a space in place of
# every 51st character of a longer run, so no run is longer than this; its length and so
# every offset stay those of the body.
MAX_SYMBOL_RUN = 50
_LONG_SYMBOL_RUN = re.compile(rf"[^\w\s]{{{MAX_SYMBOL_RUN + 1},}}")


def _spaced(run: re.Match) -> str:
    characters = list(run.group())
    characters[MAX_SYMBOL_RUN :: MAX_SYMBOL_RUN + 1] = " " * len(
        characters[MAX_SYMBOL_RUN :: MAX_SYMBOL_RUN + 1]
    )
    return "".join(characters)


def tokenizable(text: str) -> str:
    """``text`` as spaCy should read it: the same length, runs of symbols (neither letter,
    digit nor space) broken by a space every MAX_SYMBOL_RUN characters."""
    return _LONG_SYMBOL_RUN.sub(_spaced, text)


# Where a cut may go, best first: a paragraph break, a line break (lines end sentences
# here), a sentence end, a space. The cut is placed after the separator.
_PARAGRAPH_BREAKS = ("\n\n",)
_LINE_BREAKS = ("\n",)
_SENTENCE_ENDS = (". ", "! ", "? ", '." ', ".\u201d ", ".) ", ".' ")
_SPACES = (" ", "\t")
_SEPARATORS = (_PARAGRAPH_BREAKS, _LINE_BREAKS, _SENTENCE_ENDS, _SPACES)


def _cut(text: str, start: int, max_chars: int) -> int:
    """The end of the piece that starts at ``start``: the best separator in the second half
    of the window, else a hard cut at ``max_chars``."""
    low, high = start + max_chars // 2, start + max_chars
    for separators in _SEPARATORS:
        found = max(
            (at + len(sep) for sep in separators if (at := text.rfind(sep, low, high)) != -1),
            default=-1,
        )
        if found != -1:
            return found
    return high


def chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text`` in order, each at most ``max_chars`` long.

    Cuts prefer a blank line, then a line break, then a sentence end, then a space, so
    sentences are rarely split; a text without any of them is cut hard.
    """
    if max_chars < 1:
        raise ValueError(f"pieces of {max_chars} characters would never cover the text")
    if len(text) <= max_chars:
        return [(0, len(text))]
    spans, start = [], 0
    while len(text) - start > max_chars:
        cut = _cut(text, start, max_chars)
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def pipe_batches(lengths: list[int], max_texts: int, max_chars: int) -> Iterator[range]:
    """Consecutive index ranges over texts of these lengths, each at most ``max_texts`` texts
    and ``max_chars`` characters (a single longer text is a batch of its own)."""
    start, chars = 0, 0
    for index, length in enumerate(lengths):
        if index > start and (index - start >= max_texts or chars + length > max_chars):
            yield range(start, index)
            start, chars = index, 0
        chars += length
    if start < len(lengths):
        yield range(start, len(lengths))
