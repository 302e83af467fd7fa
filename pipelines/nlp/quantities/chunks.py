"""Group number tokens into written numbers and read their value."""

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

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


def is_word_number(token: Token) -> bool:
    return token.is_alpha and token.like_num and token.lower_ not in ordinal_words()


def joins(left: Token, right: Token) -> bool:
    """Whether `right` continues the number that `left` ends."""
    if is_scale(right):
        return True
    if is_word_number(left) and is_word_number(right):
        return True
    if left.text.isdigit() and len(left.text) <= 3 and left.whitespace_ and is_group(right):
        return space_grouped(right)
    return left.text.isdigit() and (FRACTION.match(right.text) or right.text in VULGAR_FRACTIONS)


def is_group(token: Token) -> bool:
    return len(token.text) == 3 and token.text.isdigit()


def space_grouped(group: Token) -> bool:
    """ "2 000", "45 500", "1 234 567": a space as thousands separator when the group is round
    or more groups follow; "35 737 jets" is a count before a model number."""
    following = group.i + 1 < len(group.doc) and is_group(group.doc[group.i + 1])
    previous = group.i > 1 and is_group(group.doc[group.i - 1]) and group.doc[group.i - 2].is_digit
    return group.text.endswith("0") or (following and group.whitespace_) or previous


def joins_words(left: Token, connector: Token, right: Token) -> bool:
    """ "twenty-five" split in three tokens, "two hundred and fifty"."""
    if not (is_word_number(left) and is_word_number(right)):
        return False
    if connector.text == "-":
        return not left.whitespace_ and not connector.whitespace_
    return connector.lower_ == "and" and left.lower_ in ("hundred", "thousand", "million")


def number_chunks(doc: Doc, starts: list[int]) -> list[NumberChunk]:
    """`starts`: sorted indices of tokens the number patterns matched."""
    chunks: list[NumberChunk] = []
    matched = set(starts)
    position = 0
    for index in starts:
        if index < position:
            continue
        end = index + 1
        while True:
            if end in matched and joins(doc[end - 1], doc[end]):
                end += 1
            elif end + 1 in matched and joins_words(doc[end - 1], doc[end], doc[end + 1]):
                end += 2
            elif end + 1 in matched and doc[end].text == "-" and is_scale(doc[end + 1]):
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
    if end + 3 >= len(doc) or doc[end].text not in TIMES_SIGNS:
        return None
    ten, caret, power = doc[end + 1 : end + 4]
    if ten.text != "10" or caret.text != "^" or not POWER.match(power.text):
        return None
    return int(power.text.replace("−", "-"))


def with_power(doc: Doc, chunk: NumberChunk, exponent: int) -> None:
    last = doc[chunk.end + 3]
    chunk.scale *= 10.0**exponent
    chunk.scientific = True
    chunk.end += 4
    chunk.end_char = last.idx + len(last)


def article_durations(doc: Doc, matches: list[tuple[int, int]]) -> list[NumberChunk]:
    """ "in a single week" -> the number one over "a single"; the unit is read after it.
    `matches`: (start, end) of the article duration pattern, the preposition first."""
    chunks = []
    for start, end in matches:
        unit = doc[end - 1]
        if end < len(doc) and doc[end].text == "-" and not unit.whitespace_:
            continue  # "in a year-long inquiry": the unit describes a noun
        article, last = doc[start + 1], doc[end - 2]
        chunk_end = last.idx + len(last)
        chunks.append(NumberChunk(start + 1, end - 1, article.idx, chunk_end, "a", spelled=True))
    return chunks


def make_chunk(doc: Doc, start: int, end: int) -> NumberChunk | None:
    tokens = doc[start:end]
    scale = 1.0
    while len(tokens) > 1 and (is_scale(tokens[-1]) or tokens[-1].text == "-"):
        scale *= scale_words().get(tokens[-1].lower_, 1.0)
        tokens = tokens[:-1]
    first = doc[start]
    start_char = first.idx
    if len(tokens) == 1 and is_scale(first):
        return article_scale(doc, start, end, scale)
    if len(tokens) == 1 and first.lower_ == "half" and end > start + 1:
        return article_scale(doc, start + 1, end, scale / scale_words()[doc[start + 1].lower_])
    if len(tokens) == 1 and not_a_fraction(first.text):
        return None  # "24/7", "9/11": a slash between numbers that is no fraction
    if len(tokens) == 1 and first.lower_ == "half" and half_a_unit(doc, start):
        last = doc[start + 1]  # "half a percentage point", "half an hour": 0.5 of the unit
        return NumberChunk(start, start + 2, first.idx, last.idx + len(last), "half", spelled=True)
    if first.lower_ in ordinal_words() or first.lower_ == "half":
        return None
    texts = [t.text for t in tokens]
    # "-4" is negative, but "75 -300mm" is a range written with a loose dash; "$-3.2bn" is
    # a negative amount after its currency sign
    previous = doc[start - 1] if start > 0 else None
    glued = previous is not None and not previous.whitespace_ and not previous.is_currency
    after_number = previous is not None and (previous.like_num or glued)
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
    last = doc[end - 1]
    if tokens[0].is_alpha:
        spelled = doc[start:end].text
        chunk_end = last.idx + len(last)
        return NumberChunk(start, end, start_char, chunk_end, spelled, scale, spelled=True)
    base = " ".join(texts)
    chunk_end = last.idx + len(last)
    return NumberChunk(start, end, start_char, chunk_end, base, scale, suffix, negative, plus)


def article_scale(doc: Doc, start: int, end: int, scale: float) -> NumberChunk | None:
    """ "a million", "a dozen", "half a million", "a quarter (of a) million", "three quarters
    billion"; a lone "thousands" is vague, not a number."""
    found = fraction_before(doc, start)
    if found is None:
        return None
    first, multiplier = found
    chunk_scale = scale * scale_words()[doc[start].lower_] * multiplier
    last = doc[end - 1]
    return NumberChunk(first, end, doc[first].idx, last.idx + len(last), "a", chunk_scale)


def not_a_fraction(text: str) -> bool:
    found = FRACTION.match(text)
    return found is not None and int(found.group(1)) >= int(found.group(2))


def half_a_unit(doc: Doc, start: int) -> bool:
    after = start + 2
    article = after < len(doc) and doc[start + 1].lower_ in ("a", "an")
    return article and unit_after(doc, after) is not None


def fraction_before(doc: Doc, scale_at: int) -> tuple[int, float] | None:
    """(first token, multiplier) of what stands before a scale word: "a" -> 1,
    "half a" -> 0.5, "a quarter of a" -> 0.25, "three quarters" -> 0.75; None when nothing."""
    i = scale_at - 1
    article = i >= 0 and doc[i].lower_ in ("a", "an")
    if article:
        i -= 1
    of = i >= 1 and article and doc[i].lower_ == "of"
    fraction = SCALE_FRACTIONS.get(doc[i - of].lower_) if i - of >= 0 else None
    if fraction is None:
        return (scale_at - 1, 1.0) if article else None
    i -= of
    numerator = doc[i - 1] if i > 0 else None
    if numerator is not None and numerator.lower_ in ("a", "an"):
        return i - 1, fraction
    if numerator is not None and is_word_number(numerator) or (numerator and numerator.is_digit):
        count = parse_words(numerator.text) if numerator.is_alpha else float(numerator.text)
        if count is not None and count < 10:
            return i - 1, fraction * count
    return i, fraction
