"""Cutting long texts into pieces spaCy can take, and pieces into batches of bounded size.

spaCy's memory grows with the characters of a batch, not its number of texts: tok2vec holds
a few arrays per token for every doc of the batch at once, about 3 KB per character with
the small English model (a 100,000-character chunk: some 300 MB). A 2.7 MB article cut into
27 chunks and fed as one batch of 32 texts took 11 GB; a batch bounded by characters holds
no more than a batch of ordinary articles does.
"""

import re
from collections.abc import Iterator

import numpy as np

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


# tok2vec and the parser hold their arrays per token, and a text of emoji and "&" is a token
# per character or two where prose has one per five: a 300,000-character page of them took
# 1.8 GB where 1 MB of prose takes 0.5 GB. Chunks are therefore also bounded by an estimate
# of their tokens: max_chars // CHARS_PER_TOKEN, which prose (about 4.5 to 6 characters per
# estimated token) does not reach, so its chunks stay those the character bound makes.
CHARS_PER_TOKEN = 4
_SYMBOL = re.compile(r"[^\w\s]")
_SPACE_NOT_BLANK = re.compile(r"[^\S ]")
_SPACE, _SYMBOL_MARK = ord(" "), 1


def token_starts(text: str) -> np.ndarray:
    """1 where an estimated token starts, else 0, per character of ``text``: the first
    character of a run of word characters and every symbol (neither word nor space). A few
    regex substitutions that keep the length, then numpy: no Python per character."""
    marked = _SPACE_NOT_BLANK.sub(" ", _SYMBOL.sub("\x01", text))
    # any other character is a word character; "?" stands in for those beyond ASCII
    codes = np.frombuffer(marked.encode("ascii", errors="replace"), dtype=np.uint8)
    symbol = codes == _SYMBOL_MARK
    word = ~symbol & (codes != _SPACE)
    word_start = word.copy()
    word_start[1:] &= ~word[:-1]
    return (word_start | symbol).astype(np.int8)


def token_estimate(text: str) -> int:
    """Roughly the tokens spaCy makes of ``text`` (runs of word characters plus symbols)."""
    return int(token_starts(text).sum(dtype=np.int64))


def weight(text: str) -> int:
    """The characters of prose that would hold the estimated tokens of ``text``, if more than
    its own characters: what a spaCy batch is bounded by, so that a batch of token-dense
    chunks holds no more tokens than one of prose."""
    return max(len(text), token_estimate(text) * CHARS_PER_TOKEN)


def _token_windows(text: str, max_chars: int, max_tokens: int | None):
    """A function from a chunk's start to its window: at most ``max_chars`` characters
    holding at most ``max_tokens`` estimated tokens (at least one character)."""
    if max_tokens is None or len(text) <= max_tokens:  # never more tokens than characters
        return lambda start: max_chars
    before = np.zeros(len(text) + 1, dtype=np.int64)  # estimated tokens before each offset
    np.cumsum(token_starts(text), out=before[1:])

    def window(start: int) -> int:
        end = int(np.searchsorted(before, before[start] + max_tokens, side="right")) - 1
        return max(1, min(max_chars, end - start))

    return window


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


def chunk_spans(text: str, max_chars: int, max_tokens: int | None = None) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text`` in order, each at most ``max_chars`` long and,
    if given, holding at most ``max_tokens`` estimated tokens (``token_estimate``).

    Cuts prefer a blank line, then a line break, then a sentence end, then a space, so
    sentences are rarely split; a text without any of them is cut hard.
    """
    if max_chars < 1:
        raise ValueError(f"pieces of {max_chars} characters would never cover the text")
    if max_tokens is not None and max_tokens < 1:
        raise ValueError(f"pieces of {max_tokens} tokens would never cover the text")
    window = _token_windows(text, max_chars, max_tokens)
    spans, start = [], 0
    while len(text) - start > (size := window(start)):
        cut = _cut(text, start, size)
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
