"""Numbers that are not quantities: dates, times, ordinals, identifiers, scores, shares."""

import re

from spacy.tokens import Doc, Span

from pipelines.nlp.quantities.chunks import NumberChunk
from pipelines.nlp.quantities.qualifiers import find_qualifier
from pipelines.nlp.quantities.tables import calendar_words
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


def keeps_number(doc: Doc, chunk: NumberChunk, kind: str, noun, ents: dict[int, Span]) -> bool:
    """Rejects dates, times, ordinals and identifiers ("Interstate 5", "the 1988 film")."""
    ent = ents.get(chunk.start)
    bare = kind == "count" and chunk.scale == 1.0
    if ent is not None and bare and ent.label_ in NAME_LABELS | {"ORDINAL"}:
        return False
    if kind in ("count", "duration") and names_year(doc, chunk):
        return False  # "World Cup 2018 day five": a year in a name, even before a unit
    if not bare:
        return True
    if chunk.base[0] == "0" and chunk.base[1:2].isdigit():
        return False  # "0800": a code, not a count
    one = noun is None and chunk.base.lower() == "one"
    if one and not opens_share(doc, chunk.end) and not opens_alternative(doc, chunk.end):
        return False  # "one after another", "the one who": a pronoun, not a count
    if follows_fraction(doc, chunk.end) or (scores(doc, noun) and is_score(doc, chunk)):
        return False
    if YEAR_LIKE.match(chunk.base) and (
        noun is None or doc[chunk.start - 1].lower_ in ("the", "'s", "in", "since")
    ):
        return False
    if numbers_a_list(doc, chunk) or dashed_to_leading_zero(doc, chunk):
        return False  # "1. Taxes will rise." at a line start; "555-0134": a phone number
    if dash_chain_length(doc, chunk.start) >= 3:
        return False  # "1-800-555-1234", "2021-12-31": an identifier or a date
    if chunk.start == 0:
        return True
    previous = doc[chunk.start - 1]
    if previous.lower_ in IDENTIFIER_MARKERS or previous.text[0].isdigit():
        return False  # "No. 5", "0800 123 456"
    if previous.text == "." and chunk.start > 1 and doc[chunk.start - 2].lower_ in ("no", "nos"):
        return False  # "No. 10" when the tokenizer splits the full stop off
    if (
        previous.text in ("-", "–")
        and not previous.whitespace_
        and chunk.start > 1
        and doc[chunk.start - 2].is_alpha
        and not doc[chunk.start - 2].whitespace_
    ):
        return False
    if noun is None and previous.lower_ in RANK_WORDS:
        return False  # "in the top 4": a rank in a table, not a count
    if noun is None and labels_noun(doc, chunk.start):
        return False  # "gate 12", "checkpoints 14 and 15", "day three": a label, not a count
    is_name = previous.pos_ == "PROPN" or (
        previous.is_title and previous.pos_ == "NOUN" and not previous.is_sent_start
    )
    return not (is_name and previous.whitespace_ and find_qualifier(doc, chunk.start) is None)


def numbers_a_list(doc: Doc, chunk: NumberChunk) -> bool:
    """ "1." or "2)" opening a line: a list item's number."""
    marker = chunk.end < len(doc) and doc[chunk.end].text in (".", ")")
    line_start = chunk.start == 0 or "\n" in doc[chunk.start - 1].text_with_ws
    return marker and line_start


def dashed_to_leading_zero(doc: Doc, chunk: NumberChunk) -> bool:
    """ "555-0134": a glued dash to digits with a leading zero, which no range writes."""
    after = chunk.end + 1
    if after >= len(doc) or doc[chunk.end].text not in DASHES or doc[chunk.end - 1].whitespace_:
        return False
    right = doc[after].text
    return not doc[chunk.end].whitespace_ and len(right) > 1 and right[0] == "0" and right.isdigit()


def names_year(doc: Doc, chunk: NumberChunk) -> bool:
    previous = doc[chunk.start - 1] if chunk.start > 0 else None
    named = previous is not None and previous.pos_ == "PROPN" and previous.whitespace_
    return named and chunk.scale == 1.0 and bool(YEAR_LIKE.match(chunk.base))


def labels_noun(doc: Doc, start: int) -> bool:
    """A bare number written right after a common noun names one of them ("room 214",
    "posts 542 and 543"); English writes a count before its noun."""
    before = start - 1
    if before > 1 and doc[before].lower_ in LIST_LINKS and doc[before - 1].like_num:
        before -= 2  # "posts 542 and 543": the second label follows the first
    previous = doc[before]
    common = previous.is_lower or (previous.is_sent_start and previous.is_title)
    if previous.pos_ != "NOUN" or not common or not previous.whitespace_:
        return False
    if (unit := lookup_alias(previous.text)) is not None and unit[1] in ("money", "quantity"):
        return False  # "15 dollars 50": the cents of a price; "magnitude 5.9": a unit before
    if previous.lower_ in MEASURED_NOUNS or find_qualifier(doc, start) is not None:
        return False
    after = start + 1
    while after + 1 < len(doc) and doc[after].lower_ in LIST_LINKS and doc[after + 1].like_num:
        after += 2  # "measure 800 to 1,200 sq ft": the unit after the last number counts
    return unit_after(doc, after) is None


def opens_alternative(doc: Doc, end: int) -> bool:
    """ "one or two ministers", "one to three years": "one" counts with the number after it."""
    linked = end + 1 < len(doc) and doc[end].lower_ in ("or", "to")
    return linked and doc[end + 1].like_num


def opens_share(doc: Doc, end: int) -> bool:
    """ "one in five adults", "one out of ten": the numerator of a share is a count."""
    words = [t.lower_ for t in doc[end : end + 2]]
    after = end + (2 if words == ["out", "of"] else 1)
    linked = words[:1] == ["in"] or words == ["out", "of"]
    return linked and after < len(doc) and doc[after].like_num


def dash_chain_length(doc: Doc, index: int) -> int:
    """How many numbers are joined by dashes, without spaces, around the number at `index`."""
    first = last = index
    while first > 1 and doc[first - 1].text in ("-", "–") and glued(doc, first - 2, first):
        first -= 2
    while last + 2 < len(doc) and doc[last + 1].text in ("-", "–") and glued(doc, last, last + 2):
        last += 2
    return (last - first) // 2 + 1


def glued(doc: Doc, left: int, right: int) -> bool:
    """Tokens left..right written without spaces, both ends numbers."""
    numbers = doc[left].like_num and doc[right].like_num
    return numbers and not any(token.whitespace_ for token in doc[left:right])


def follows_fraction(doc: Doc, end: int) -> bool:
    """ "three-quarters", "two thirds of voters": a share, left out."""
    if end + 1 < len(doc) and doc[end].text == "-":
        return doc[end + 1].lower_.rstrip("s") in FRACTION_WORDS
    fraction = end < len(doc) and doc[end].lower_.rstrip("s") in FRACTION_WORDS
    return fraction and end + 1 < len(doc) and doc[end + 1].lower_ == "of"


def scores(doc: Doc, noun) -> bool:
    """A score stands alone or before a singular noun ("a 2-1 win"); a range counts plurals."""
    return noun is None or doc[noun[1] - 1].tag_ == "NN"


def is_score(doc: Doc, chunk: NumberChunk) -> bool:
    """ "beat Arsenal 4-1", "won 121-114", "lost 0 – 1": two bare whole numbers joined by a
    dash, the first not smaller (else "10-20" is a range); with spaces around the dash any
    order of small numbers, since a range of bare numbers is written "10-20" or "10 to 20"."""
    start, end = chunk.start, chunk.end
    if start > 1 and doc[start - 1].text in DASHES:
        left, dash, right = doc[start - 2], doc[start - 1], doc[start]
    elif end + 1 < len(doc) and doc[end].text in DASHES:
        left, dash, right = doc[end - 1], doc[end], doc[end + 1]
    else:
        return False
    if not (left.is_digit and right.is_digit and len(left) <= 3 and len(right) <= 3):
        return False
    spaced = left.whitespace_ and dash.whitespace_
    glued = not left.whitespace_ and not dash.whitespace_
    small = len(left) <= 2 and len(right) <= 2
    return bool(spaced and small) or ((glued or spaced) and int(left.text) >= int(right.text))


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
