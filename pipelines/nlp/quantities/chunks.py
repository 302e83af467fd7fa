"""Group number tokens into written numbers and read their value."""

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipelines.nlp.doc_arrays import DocArrays, doc_arrays
from pipelines.nlp.quantities.numbers import (
    FRACTION,
    VULGAR_FRACTIONS,
    parse_digits,
    parse_words,
    split_glued,
)
from pipelines.nlp.quantities.tables import ordinal_words, scale_words
from pipelines.nlp.quantities.units import unit_after

TIMES_SIGNS = frozenset({"×", "x", "*"})
POWER = re.compile(r"^[-−]?\d{1,3}$")
# fractions written before a scale word: "a quarter million", "three quarters of a billion"
SCALE_FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}


@dataclass
class NumberChunk:
    start: int  # token span
    end: int
    start_char: int
    end_char: int
    base: str  # the number as written without scale words: "2.5", "two hundred", "2 000"
    scale: float = 1.0
    suffix: str | None = None  # letters glued to the last digit: "lbs" in "200lbs"
    negative: bool = False
    plus: bool = False  # "+0.7%": a sign written before the digits, as market tables do
    scientific: bool = False  # "6.02×10^23": a power of ten written after the digits
    spelled: bool = False  # "one thousand and five hundred": `base` holds the scale words too

    def value(self, decimal_dots: bool = False) -> float | None:
        if self.spelled:
            return parse_words(self.base)
        base = read_base(self.base, decimal_dots or self.scale != 1.0)
        if base is None:
            return None
        # 12 significant digits: "16.4 million" is 16400000, not 16399999.999999998
        return float(f"{(-base if self.negative else base) * self.scale:.12g}")


def read_base(text: str, decimal_dots: bool) -> float | None:
    parts = text.split()
    if len(parts) == 2 and FRACTION.match(parts[1]) or parts[-1] in VULGAR_FRACTIONS:
        whole = parse_digits(parts[0]) if len(parts) == 2 else 0.0
        fraction = parse_digits(parts[-1])
        return None if whole is None or fraction is None else whole + fraction
    if all(part[0].isdigit() for part in parts):
        return parse_digits("".join(parts), decimal_dots)
    return parse_words(text)


def is_scale(token: Token) -> bool:
    return token.lower_ in scale_words()


def _is_scale(a: DocArrays, i: int) -> bool:
    return a.lower[i] in scale_words()


def _is_word_number(a: DocArrays, i: int) -> bool:
    return a.is_alpha[i] and a.like_num[i] and a.lower[i] not in ordinal_words()


def joins(a: DocArrays, left: int, right: int) -> bool:
    """Whether token `right` continues the number that token `left` ends."""
    if _is_scale(a, right):
        return True
    if _is_word_number(a, left) and _is_word_number(a, right):
        return True
    left_text, right_text = a.text[left], a.text[right]
    if left_text.isdigit() and len(left_text) <= 3 and a.space[left] and _is_group(a, right):
        return space_grouped(a, right)
    return left_text.isdigit() and bool(
        FRACTION.match(right_text) or right_text in VULGAR_FRACTIONS
    )


def _is_group(a: DocArrays, i: int) -> bool:
    return len(a.text[i]) == 3 and a.text[i].isdigit()


def space_grouped(a: DocArrays, group: int) -> bool:
    """ "2 000", "45 500", "1 234 567": a space as thousands separator when the group is round
    or more groups follow; "35 737 jets" is a count before a model number."""
    following = group + 1 < len(a.text) and _is_group(a, group + 1)
    previous = group > 1 and _is_group(a, group - 1) and a.is_digit[group - 2]
    return a.text[group].endswith("0") or (following and a.space[group]) or previous


def joins_words(a: DocArrays, left: int, connector: int, right: int) -> bool:
    """ "twenty-five" split in three tokens, "two hundred and fifty"."""
    if not (_is_word_number(a, left) and _is_word_number(a, right)):
        return False
    if a.text[connector] == "-":
        return not a.space[left] and not a.space[connector]
    return a.lower[connector] == "and" and a.lower[left] in ("hundred", "thousand", "million")


def number_chunks(doc: Doc, starts: list[int]) -> list[NumberChunk]:
    """`starts`: sorted indices of tokens the number patterns matched."""
    a = doc_arrays(doc)
    chunks: list[NumberChunk] = []
    matched = set(starts)
    position = 0
    for index in starts:
        if index < position:
            continue
        end = index + 1
        while True:
            if end in matched and joins(a, end - 1, end):
                end += 1
            elif end + 1 in matched and joins_words(a, end - 1, end, end + 1):
                end += 2
            elif end + 1 in matched and a.text[end] == "-" and _is_scale(a, end + 1):
                # "$1.5-billion", "a 2-million-strong crowd"
                end += 2
            else:
                break
        exponent = scientific_exponent(doc, end)
        position = end + 4 * (exponent is not None)
        chunk = make_chunk(doc, index, end)
        if chunk is not None and exponent is not None:
            with_power(doc, chunk, exponent)
        if chunk is not None:
            # "three quarters billion": the numerator read before belongs to the fraction
            while chunks and chunks[-1].start >= chunk.start:
                chunks.pop()
            chunks.append(chunk)
    return chunks


def scientific_exponent(doc: Doc, end: int) -> int | None:
    """ "6.02×10^23", "3 x 10^8": the power of ten written after a number, or None."""
    text = doc_arrays(doc).text
    if end + 3 >= len(text) or text[end] not in TIMES_SIGNS:
        return None
    ten, caret, power = text[end + 1 : end + 4]
    if ten != "10" or caret != "^" or not POWER.match(power):
        return None
    return int(power.replace("−", "-"))


def with_power(doc: Doc, chunk: NumberChunk, exponent: int) -> None:
    chunk.scale *= 10.0**exponent
    chunk.scientific = True
    chunk.end += 4
    chunk.end_char = doc_arrays(doc).end_char(chunk.end - 1)


def article_durations(doc: Doc, matches: list[tuple[int, int]]) -> list[NumberChunk]:
    """ "in a single week" -> the number one over "a single"; the unit is read after it.
    `matches`: (start, end) of the article duration pattern, the preposition first."""
    a = doc_arrays(doc)
    chunks = []
    for start, end in matches:
        if end < len(a.text) and a.text[end] == "-" and not a.space[end - 1]:
            continue  # "in a year-long inquiry": the unit describes a noun
        chunk_end = a.end_char(end - 2)
        chunks.append(
            NumberChunk(start + 1, end - 1, a.idx[start + 1], chunk_end, "a", spelled=True)
        )
    return chunks


def make_chunk(doc: Doc, start: int, end: int) -> NumberChunk | None:
    a = doc_arrays(doc)
    stop = end  # the number's tokens without the scale words after it
    scale = 1.0
    while stop - start > 1 and (_is_scale(a, stop - 1) or a.text[stop - 1] == "-"):
        scale *= scale_words().get(a.lower[stop - 1], 1.0)
        stop -= 1
    single = stop - start == 1
    first_lower = a.lower[start]
    start_char = a.idx[start]
    if single and _is_scale(a, start):
        return article_scale(doc, start, end, scale)
    if single and first_lower == "half" and end > start + 1:
        return article_scale(doc, start + 1, end, scale / scale_words()[a.lower[start + 1]])
    if single and not_a_fraction(a.text[start]):
        return None  # "24/7", "9/11": a slash between numbers that is no fraction
    if single and first_lower == "half" and half_a_unit(doc, start):
        # "half a percentage point", "half an hour": 0.5 of the unit
        return NumberChunk(
            start, start + 2, start_char, a.end_char(start + 1), "half", spelled=True
        )
    if first_lower in ordinal_words() or first_lower == "half":
        return None
    texts = a.text[start:stop]
    # "-4" is negative, but "75 -300mm" is a range written with a loose dash; "$-3.2bn" is
    # a negative amount after its currency sign
    previous = start - 1 if start > 0 else None
    glued = previous is not None and not a.space[previous] and not a.is_currency[previous]
    after_number = previous is not None and (a.like_num[previous] or glued)
    negative = texts[0][0] in "-−" and len(texts[0]) > 1 and not after_number
    plus = texts[0][0] == "+" and len(texts[0]) > 1 and not after_number
    if negative or plus:
        texts[0] = texts[0][1:]
    suffix = None
    if len(texts) == 1 and not texts[0][0].isalpha() and not FRACTION.match(texts[0]):
        glued = split_glued(texts[0])  # "4.5bn", "200lbs"; "1/2" is a fraction, not "1" + "/2"
        if glued:
            texts[0], suffix = glued
            if suffix.endswith(".") and len(suffix) > 1:
                suffix = suffix[:-1]  # "1.5C." at the end of a sentence
            if suffix.lower() in scale_words():
                scale *= scale_words()[suffix.lower()]
                suffix = None
    elif len(texts) == 1 and texts[0][0].islower() and texts[0][-1].isdigit():
        # "of160,000" without the tokenizer rule: the digits start after the letters
        digits_at = next(i for i, c in enumerate(texts[0]) if c.isdigit())
        texts[0] = texts[0][digits_at:]
        start_char += digits_at
    chunk_end = a.end_char(end - 1)
    if a.is_alpha[start]:
        spelled = a.span_text(start, end)
        return NumberChunk(start, end, start_char, chunk_end, spelled, scale, spelled=True)
    base = " ".join(texts)
    return NumberChunk(start, end, start_char, chunk_end, base, scale, suffix, negative, plus)


def article_scale(doc: Doc, start: int, end: int, scale: float) -> NumberChunk | None:
    """ "a million", "a dozen", "half a million", "a quarter (of a) million", "three quarters
    billion"; a lone "thousands" is vague, not a number."""
    found = fraction_before(doc, start)
    if found is None:
        return None
    first, multiplier = found
    a = doc_arrays(doc)
    chunk_scale = scale * scale_words()[a.lower[start]] * multiplier
    return NumberChunk(first, end, a.idx[first], a.end_char(end - 1), "a", chunk_scale)


def not_a_fraction(text: str) -> bool:
    found = FRACTION.match(text)
    return found is not None and int(found.group(1)) >= int(found.group(2))


def half_a_unit(doc: Doc, start: int) -> bool:
    after = start + 2
    lower = doc_arrays(doc).lower
    article = after < len(lower) and lower[start + 1] in ("a", "an")
    return article and unit_after(doc, after) is not None


def fraction_before(doc: Doc, scale_at: int) -> tuple[int, float] | None:
    """(first token, multiplier) of what stands before a scale word: "a" -> 1,
    "half a" -> 0.5, "a quarter of a" -> 0.25, "three quarters" -> 0.75; None when nothing."""
    a = doc_arrays(doc)
    lower = a.lower
    i = scale_at - 1
    article = i >= 0 and lower[i] in ("a", "an")
    if article:
        i -= 1
    of = i >= 1 and article and lower[i] == "of"
    fraction = SCALE_FRACTIONS.get(lower[i - of]) if i - of >= 0 else None
    if fraction is None:
        return (scale_at - 1, 1.0) if article else None
    i -= of
    numerator = i - 1 if i > 0 else None
    if numerator is not None and lower[numerator] in ("a", "an"):
        return i - 1, fraction
    if numerator is not None and (_is_word_number(a, numerator) or a.is_digit[numerator]):
        text = a.text[numerator]
        count = parse_words(text) if a.is_alpha[numerator] else float(text)
        if count is not None and count < 10:
            return i - 1, fraction * count
    return i, fraction
