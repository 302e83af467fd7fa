"""Numbers that are not quantities: dates, times, ordinals, identifiers, scores, shares."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span

from pipelines.nlp.doc_arrays import DocArrays, doc_arrays
from pipelines.nlp.quantities.chunks import NumberChunk
from pipelines.nlp.quantities.qualifiers import find_qualifier
from pipelines.nlp.quantities.tables import calendar_words, label_nouns
from pipelines.nlp.quantities.units import lookup_alias, unit_after

NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT"})
YEAR_LIKE = re.compile(r"^(?:1[6-9]|20)\d\d$")
FRACTION_WORDS = frozenset({"half", "halve", "third", "quarter", "fifth", "eighth", "tenth"})
IDENTIFIER_MARKERS = frozenset({"no", "no.", "number", "#", "nos", "nos.", "tel", "page"})
DASHES = frozenset({"-", "–", "—"})
# a bare number right after these nouns is a measure, not the noun's label ("age 14")
MEASURED_NOUNS = frozenset({"age", "aged", "score", "total", "toll", "tally"})
RANK_WORDS = frozenset({"top", "bottom"})
LIST_LINKS = frozenset({"and", "or", ",", "to", "&"})


@dataclass(frozen=True)
class Candidate:
    """A number read as a quantity of `kind`, before the reject rules look at it."""

    doc: Doc
    chunk: NumberChunk
    kind: str
    noun: tuple[int, int] | None
    ents: dict[int, Span]

    @property
    def bare(self) -> bool:
        """A count without a scale word: only these can be dates, codes or labels."""
        return self.kind == "count" and self.chunk.scale == 1.0

    @cached_property
    def arrays(self) -> DocArrays:
        return doc_arrays(self.doc)

    @property
    def previous(self) -> int | None:
        """The index of the token before the number."""
        return self.chunk.start - 1 if self.chunk.start > 0 else None


def inside_name(c: Candidate) -> bool:
    ent = c.ents.get(c.chunk.start)
    return ent is not None and c.bare and ent.label_ in NAME_LABELS | {"ORDINAL"}


def year_in_name(c: Candidate) -> bool:
    """ "World Cup 2018 day five": a year in a name, even before a unit."""
    return c.kind in ("count", "duration") and names_year(c.doc, c.chunk)


def leading_zero(c: Candidate) -> bool:
    """ "0800": a code, not a count."""
    return c.bare and c.chunk.base[0] == "0" and c.chunk.base[1:2].isdigit()


def pronoun_one(c: Candidate) -> bool:
    """ "one after another", "the one who": a pronoun, not a count."""
    one = c.bare and c.noun is None and c.chunk.base.lower() == "one"
    return one and not opens_share(c.doc, c.chunk.end) and not opens_alternative(c.doc, c.chunk.end)


def part_of_fraction(c: Candidate) -> bool:
    return c.bare and follows_fraction(c.doc, c.chunk.end)


def score_line(c: Candidate) -> bool:
    return c.bare and scores(c.doc, c.noun) and is_score(c.doc, c.chunk)


def bare_year(c: Candidate) -> bool:
    if not c.bare or not YEAR_LIKE.match(c.chunk.base):
        return False
    return c.noun is None or c.arrays.lower[c.chunk.start - 1] in ("the", "'s", "in", "since")


def list_number(c: Candidate) -> bool:
    """ "1. Taxes will rise." at a line start."""
    return c.bare and numbers_a_list(c.doc, c.chunk)


def phone_number(c: Candidate) -> bool:
    """ "555-0134"."""
    return c.bare and dashed_to_leading_zero(c.doc, c.chunk)


def dash_chain(c: Candidate) -> bool:
    """ "1-800-555-1234", "2021-12-31": an identifier or a date."""
    return c.bare and dash_chain_length(c.doc, c.chunk.start) >= 3


def after_marker(c: Candidate) -> bool:
    """ "No. 5", "0800 123 456"."""
    previous = c.previous
    if not c.bare or previous is None:
        return False
    arrays = c.arrays
    if arrays.lower[previous] in IDENTIFIER_MARKERS or arrays.text[previous][0].isdigit():
        return True
    # "No. 10" when the tokenizer splits the full stop off
    start = c.chunk.start
    return arrays.text[previous] == "." and start > 1 and arrays.lower[start - 2] in ("no", "nos")


def hyphenated_label(c: Candidate) -> bool:
    """ "F-150", "COVID-19": a word glued by a hyphen to the number."""
    previous, start, arrays = c.previous, c.chunk.start, c.arrays
    if not c.bare or previous is None:
        return False
    return (
        arrays.text[previous] in ("-", "–")
        and not arrays.space[previous]
        and start > 1
        and arrays.is_alpha[start - 2]
        and not arrays.space[start - 2]
    )


def rank(c: Candidate) -> bool:
    """ "in the top 4": a rank in a table, not a count."""
    previous = c.previous
    if not c.bare or previous is None or c.noun is not None:
        return False
    return c.arrays.lower[previous] in RANK_WORDS


def label_after_noun(c: Candidate) -> bool:
    """ "gate 12", "checkpoints 14 and 15", "day three": a label, not a count."""
    bare_label = c.bare and c.previous is not None and c.noun is None
    return bare_label and labels_noun(c.doc, c.chunk.start)


def label_word_before(c: Candidate) -> bool:
    """ "a category 1 system", "Level 4 restrictions": a grade, even before a noun."""
    previous = c.previous
    return c.bare and previous is not None and c.arrays.lower[previous] in label_nouns()


def title_case_name(c: Candidate) -> bool:
    """ "the Five Eyes alliance", "the Big Four": a capitalised number word inside a name."""
    first, arrays = c.chunk.start, c.arrays
    if not c.bare or not arrays.is_alpha[first] or not arrays.is_title[first]:
        return False
    if arrays.sent_start[first]:
        return False
    after = c.chunk.end
    return after < len(arrays.text) and arrays.is_title[after] and arrays.is_alpha[after]


def label_after_name(c: Candidate) -> bool:
    """ "Interstate 5", "Windows 11": a number written after a name, with no qualifier."""
    previous, arrays = c.previous, c.arrays
    if not c.bare or previous is None:
        return False
    pos = arrays.pos[previous]
    is_name = pos == "PROPN" or (
        arrays.is_title[previous] and pos == "NOUN" and not arrays.sent_start[previous]
    )
    return is_name and arrays.space[previous] and find_qualifier(c.doc, c.chunk.start) is None


# Named reject rules, tried in order: the first that matches names why a number is no
# quantity (the evaluation counts them).
REJECT_RULES: tuple[tuple[str, Callable[[Candidate], bool]], ...] = (
    ("inside_name", inside_name),
    ("year_in_name", year_in_name),
    ("leading_zero", leading_zero),
    ("pronoun_one", pronoun_one),
    ("part_of_fraction", part_of_fraction),
    ("score", score_line),
    ("bare_year", bare_year),
    ("list_number", list_number),
    ("phone_number", phone_number),
    ("dash_chain", dash_chain),
    ("after_marker", after_marker),
    ("hyphenated_label", hyphenated_label),
    ("rank", rank),
    ("label_after_noun", label_after_noun),
    ("label_after_name", label_after_name),
    ("label_word_before", label_word_before),
    ("title_case_name", title_case_name),
)


def reject_reason(candidate: Candidate) -> str | None:
    """The name of the first rule that rejects the number (a date, time, ordinal or
    identifier: "Interstate 5", "the 1988 film"); None when it is a quantity."""
    return next((name for name, rejects in REJECT_RULES if rejects(candidate)), None)


def numbers_a_list(doc: Doc, chunk: NumberChunk) -> bool:
    """ "1." or "2)" opening a line: a list item's number."""
    arrays = doc_arrays(doc)
    marker = chunk.end < len(arrays.text) and arrays.text[chunk.end] in (".", ")")
    line_start = chunk.start == 0 or "\n" in arrays.text_with_ws(chunk.start - 1)
    return marker and line_start


def dashed_to_leading_zero(doc: Doc, chunk: NumberChunk) -> bool:
    """ "555-0134": a glued dash to digits with a leading zero, which no range writes."""
    arrays = doc_arrays(doc)
    text, space = arrays.text, arrays.space
    after = chunk.end + 1
    if after >= len(text) or text[chunk.end] not in DASHES or space[chunk.end - 1]:
        return False
    right = text[after]
    return not space[chunk.end] and len(right) > 1 and right[0] == "0" and right.isdigit()


def names_year(doc: Doc, chunk: NumberChunk) -> bool:
    arrays = doc_arrays(doc)
    previous = chunk.start - 1
    named = previous >= 0 and arrays.pos[previous] == "PROPN" and arrays.space[previous]
    return named and chunk.scale == 1.0 and bool(YEAR_LIKE.match(chunk.base))


def labels_noun(doc: Doc, start: int) -> bool:
    """A bare number written right after a common noun names one of them ("room 214",
    "posts 542 and 543"); English writes a count before its noun."""
    arrays = doc_arrays(doc)
    lower, like_num = arrays.lower, arrays.like_num
    before = start - 1
    if before > 1 and lower[before] in LIST_LINKS and like_num[before - 1]:
        before -= 2  # "posts 542 and 543": the second label follows the first
    common = arrays.is_lower[before] or (arrays.sent_start[before] and arrays.is_title[before])
    if arrays.pos[before] != "NOUN" or not common or not arrays.space[before]:
        return False
    unit = lookup_alias(arrays.text[before])
    if unit is not None and unit[1] in ("money", "quantity"):
        return False  # "15 dollars 50": the cents of a price; "magnitude 5.9": a unit before
    if lower[before] in MEASURED_NOUNS or find_qualifier(doc, start) is not None:
        return False
    after = start + 1
    while after + 1 < len(lower) and lower[after] in LIST_LINKS and like_num[after + 1]:
        after += 2  # "measure 800 to 1,200 sq ft": the unit after the last number counts
    return unit_after(doc, after) is None


def opens_alternative(doc: Doc, end: int) -> bool:
    """ "one or two ministers", "one to three years": "one" counts with the number after it."""
    arrays = doc_arrays(doc)
    linked = end + 1 < len(arrays.lower) and arrays.lower[end] in ("or", "to")
    return linked and arrays.like_num[end + 1]


def opens_share(doc: Doc, end: int) -> bool:
    """ "one in five adults", "one out of ten": the numerator of a share is a count."""
    arrays = doc_arrays(doc)
    words = arrays.lower[end : end + 2]
    after = end + (2 if words == ["out", "of"] else 1)
    linked = words[:1] == ["in"] or words == ["out", "of"]
    return linked and after < len(arrays.lower) and arrays.like_num[after]


def dash_chain_length(doc: Doc, index: int) -> int:
    """How many numbers are joined by dashes, without spaces, around the number at `index`."""
    text = doc_arrays(doc).text
    first = last = index
    while first > 1 and text[first - 1] in ("-", "–") and glued(doc, first - 2, first):
        first -= 2
    while last + 2 < len(text) and text[last + 1] in ("-", "–") and glued(doc, last, last + 2):
        last += 2
    return (last - first) // 2 + 1


def glued(doc: Doc, left: int, right: int) -> bool:
    """Tokens left..right written without spaces, both ends numbers."""
    arrays = doc_arrays(doc)
    numbers = arrays.like_num[left] and arrays.like_num[right]
    return numbers and not any(arrays.space[left:right])


def follows_fraction(doc: Doc, end: int) -> bool:
    """ "three-quarters", "two thirds of voters": a share, left out."""
    arrays = doc_arrays(doc)
    lower = arrays.lower
    if end + 1 < len(lower) and arrays.text[end] == "-":
        return lower[end + 1].rstrip("s") in FRACTION_WORDS
    fraction = end < len(lower) and lower[end].rstrip("s") in FRACTION_WORDS
    return fraction and end + 1 < len(lower) and lower[end + 1] == "of"


def scores(doc: Doc, noun) -> bool:
    """A score stands alone or before a singular noun ("a 2-1 win"); a range counts plurals."""
    return noun is None or doc_arrays(doc).tag[noun[1] - 1] == "NN"


def is_score(doc: Doc, chunk: NumberChunk) -> bool:
    """ "beat Arsenal 4-1", "won 121-114", "lost 0 – 1": two bare whole numbers joined by a
    dash, the first not smaller (else "10-20" is a range); with spaces around the dash any
    order of small numbers, since a range of bare numbers is written "10-20" or "10 to 20"."""
    arrays = doc_arrays(doc)
    text, space, is_digit = arrays.text, arrays.space, arrays.is_digit
    start, end = chunk.start, chunk.end
    if start > 1 and text[start - 1] in DASHES:
        left, dash, right = start - 2, start - 1, start
    elif end + 1 < len(text) and text[end] in DASHES:
        left, dash, right = end - 1, end, end + 1
    else:
        return False
    left_text, right_text = text[left], text[right]
    if not (is_digit[left] and is_digit[right] and len(left_text) <= 3 and len(right_text) <= 3):
        return False
    spaced = space[left] and space[dash]
    glued = not space[left] and not space[dash]
    small = len(left_text) <= 2 and len(right_text) <= 2
    return bool(spaced and small) or ((glued or spaced) and int(left_text) >= int(right_text))


def in_calendar(chunk: NumberChunk, kind: str, noun, ents: dict[int, Span]) -> bool:
    """A bare number inside a DATE or TIME entity ("2019", "9 am"); ranges may still use it."""
    ent = ents.get(chunk.start)
    if ent is None or kind != "count" or noun is not None:
        return False
    if ent.label_ == "TIME" or YEAR_LIKE.match(chunk.base):
        return True
    # spaCy also tags bare ranges and ages as DATE ("between 20 and 30", "aged 65"): a date
    # needs a calendar word next to the number
    return ent.label_ == "DATE" and any(t.lower_ in calendar_words() for t in ent)
