"""Shares and vague amounts: "two-thirds of the board", "one in five adults", "dozens of homes"."""

from dataclasses import dataclass, replace

from spacy.tokens import Doc

from pipelines.nlp.quantities.concepts import counted_noun
from pipelines.nlp.quantities.facts import Fact
from pipelines.nlp.quantities.numbers import parse_words
from pipelines.nlp.quantities.tables import fraction_words, vague_magnitudes
from pipelines.nlp.quantities.units import UnitMatch, unit_after

ONE_WORDS = frozenset({"a", "an", "one"})
RATIO_LINKS = (["in"], ["out", "of"])
MAX_NUMERATOR = 10
# what may stand between "of" and the noun a share is of: "half of the voters"
# words before a share that is a level or a change of its own: "cut by a third", "from a fifth"
LEVEL_OPENERS = frozenset({"by", "from", "to"})
OF_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "all", "those", "these"})


@dataclass
class ShareMatch:
    """A share or vague amount, with the unit or counted noun the extractor finishes it with."""

    fact: Fact
    unit: UnitMatch | None = None
    noun: tuple[int, int] | None = None


def share_word_texts() -> frozenset[str]:
    """Lower-cased words a share or vague amount starts from: fractions and plural scales."""
    return frozenset(fraction_words()) | {phrase[0] for phrase in vague_magnitudes()}


def share_matches(doc: Doc, indices: list[int], covered: set[int]) -> list[ShareMatch]:
    """Shares and vague amounts around the words at `indices`, outside the tokens `covered`
    by facts already read ("half a million", "three quarters of a million yen")."""
    matches = []
    for index in indices:
        found = fraction_match(doc, index) or vague_match(doc, index)
        if found is None:
            continue
        fact = found.fact
        if any(token in covered for token in range(fact.start, fact.end)):
            continue
        covered.update(range(fact.start, fact.end))
        matches.append(found)
    return matches


def fraction_match(doc: Doc, index: int) -> ShareMatch | None:
    """ "half of the voters", "a third of the respondents", "two-thirds of the board",
    "cut by a third", "a quarter of an hour"."""
    word = doc[index].lower_
    denominator = fraction_words().get(word)
    if denominator is None:
        return None
    start, numerator = numerator_before(doc, index)
    if numerator is None or (start == index and word != "half"):
        return None  # "the third of May", "thirds": no share
    after = index + 1
    of = after < len(doc) and doc[after].lower_ == "of"
    opener = doc[start - 1].lower_ if start > 0 else ""
    if not of and not (opener in LEVEL_OPENERS and ends_level(doc, after)):
        return None  # "a third quarter", "the first half": an ordinal or a period
    end, unit, noun = index + 1, None, None
    if of:
        unit = unit_of_article(doc, after + 1)
        noun = None if unit is not None else noun_after_of(doc, after + 1)
        end = unit.end if unit is not None else end
    last = doc[end - 1]
    end_char = unit.end_char if unit is not None else last.idx + len(last)
    kind = unit.kind if unit is not None else "count"
    fact = Fact(start, end, doc[start].idx, end_char, kind, numerator / denominator)
    fact.number_start, fact.number_end = start, index + 1
    return ShareMatch(fact, unit, noun)


def numerator_before(doc: Doc, index: int) -> tuple[int, float | None]:
    """(first token, numerator) of a fraction word: "a" and "one" are 1, "two-thirds" 2;
    a bare "half" is 1 too; (index, None) when a word before makes it no fraction."""
    if index == 0:
        return index, 1.0
    before = index - 1
    if doc[before].text == "-" and not doc[before].whitespace_ and index > 1:
        before -= 1  # "two-thirds"
    token = doc[before]
    if token.lower_ in ONE_WORDS:
        return before, 1.0
    if token.like_num:
        value = parse_words(token.text) if token.is_alpha else float(token.text)
        usable = value is not None and 1 <= value <= MAX_NUMERATOR and value == int(value)
        return (before, value) if usable else (index, None)
    if token.lower_ in ("the", "first", "second", "last"):
        return index, None  # "the third of May", "the second half"
    return index, 1.0


def ends_level(doc: Doc, at: int) -> bool:
    """ "cut by a third.", "rose from a fifth to a third in a decade": nothing is counted."""
    return at >= len(doc) or doc[at].is_punct or doc[at].pos_ in ("ADP", "CCONJ")


def unit_of_article(doc: Doc, at: int) -> UnitMatch | None:
    """ "of a cup", "of an hour": the unit a share of one measures."""
    if at + 1 >= len(doc) or doc[at].lower_ not in ("a", "an"):
        return None
    unit = unit_after(doc, at + 1)
    return unit if unit is not None and unit.kind in ("quantity", "duration", "percent") else None


def noun_after_of(doc: Doc, at: int) -> tuple[int, int] | None:
    """The noun phrase a share is of, without its determiner: "of the voters" -> voters."""
    while at < len(doc) and doc[at].lower_ in OF_DETERMINERS:
        at += 1
    return counted_noun(doc, at) if at < len(doc) else None


def vague_match(doc: Doc, index: int) -> ShareMatch | None:
    """ "dozens of protesters" (12-120), "tens of thousands of people", "billions of dollars":
    a range with change `~`, from data/vague_magnitudes.csv."""
    if index > 0 and (doc[index - 1].like_num or doc[index - 1].lower_ in ("of", "the")):
        return None  # "three thousands", "tens of thousands": the phrase starts earlier
    for size in (3, 1):
        bounds = vague_magnitudes().get(tuple(t.lower_ for t in doc[index : index + size]))
        if bounds is not None and index + size < len(doc) and doc[index + size].lower_ == "of":
            break
    else:
        return None
    after = index + size + 1
    unit = unit_after(doc, after) if after < len(doc) else None
    unit = unit if unit is not None and unit.kind == "money" and unit.start == after else None
    noun = None if unit is not None or after >= len(doc) else noun_after_of(doc, after)
    if unit is None and noun is None:
        return None
    end = unit.end if unit is not None else noun[1]
    last = doc[end - 1]
    end_char = unit.end_char if unit is not None else last.idx + len(last)
    low, high = bounds
    kind = "money" if unit is not None else "count"
    fact = Fact(index, end, doc[index].idx, end_char, kind, (low + high) / 2)
    fact.value_low, fact.value_high, fact.change = low, high, "~"
    fact.number_start, fact.number_end = index, index + size
    return ShareMatch(fact, unit, noun)


def merge_ratios(doc: Doc, facts: list[Fact]) -> list[Fact]:
    """ "one in five adults", "nine out of 10 doctors": a share, not two counts."""
    merged: list[Fact] = []
    for fact in facts:
        if merged and is_ratio(doc, merged[-1], fact):
            merged[-1] = as_ratio(doc, merged[-1], fact)
        else:
            merged.append(fact)
    return merged


def is_ratio(doc: Doc, part: Fact, whole: Fact) -> bool:
    if part.kind != "count" or whole.kind != "count" or part.unit is not None:
        return False
    if part.value is None or whole.value is None or not 0 < part.value < whole.value:
        return False
    if part.value != int(part.value):
        return False  # "rated 4.5 out of 5": a score
    if part.value_low is not None or whole.value_low is not None:
        return False
    # "40 of the 120 seats" stays two counts: the seats won and the seats there are
    return [t.lower_ for t in doc[part.end : whole.start]] in RATIO_LINKS


def as_ratio(doc: Doc, part: Fact, whole: Fact) -> Fact:
    """The share up to the whole's number ("one in five", without "adults"), or with its
    trailing bound ("2 in 5 or more")."""
    end = whole.end if whole.unit is None else whole.number_end
    last = doc[end - 1]
    return replace(
        part,
        end=end,
        end_char=last.idx + len(last),
        value=part.value / whole.value,
        # "about 2 in 5 or more": the trailing bound says more than the estimate
        change=whole.change if whole.change in ("<", ">") else part.change,
        concept=whole.concept,
        entity=whole.entity,
        number_end=whole.number_end,
    )
