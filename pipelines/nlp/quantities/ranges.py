"""Ranges: "from 252 to 287 miles", "between 2,000 and 5,000 euros", "5-7%"."""

from dataclasses import replace

from spacy.tokens import Doc

from pipelines.nlp.quantities.facts import Fact
from pipelines.nlp.quantities.tables import change_lemmas

DASHES = ("-", "–", "—", "~")
# verbs of motion that move a level without saying which way: "went from 14C to 31C"
MOVE_VERBS = frozenset({"go", "move", "swing", "shift", "change", "switch", "come", "turn"})
# "more than 1% and less than 3%": two bounds on one quantity, joined by one of these
BOUND_JOINERS = (["and"], ["but"], [",", "but"], [","])


def merge_ranges(doc: Doc, facts: list[Fact]) -> list[Fact]:
    merged: list[Fact] = []
    for fact in facts:
        if merged and (change := level_change(doc, merged[-1], fact)) is not None:
            merged[-1] = change
        elif merged and (verb := amount_then_level(doc, merged[-1], fact)) is not None:
            merged[-1].change = verb
            if fact.change in ("up", "down"):
                fact.change = "="  # the level reached, which the parse hung off the verb too
            merged.append(fact)
        elif merged and is_range(doc, merged[-1], fact):
            merged[-1] = as_range(doc, merged[-1], fact)
        elif merged and is_bound_pair(doc, merged[-1], fact):
            merged[-1] = bounds_range(merged[-1], fact)
        else:
            merged.append(fact)
    return merged


def level_change(doc: Doc, first: Fact, second: Fact) -> Fact | None:
    """One fact for a move between two levels, or None: "rose from 4.1% to 4.6%" and "went
    from $380,000 to $412,000" (the second level reached), "widened to £42.6m from £18.1m"
    and "63 jets in May, up from 61" (the first)."""
    if not (shares_unit(first, second) or shares_unit(second, first)):
        return None
    if first.value is None or second.value is None or first.value_low is not None:
        return None
    # Only the last two words between the levels decide; the words are read (made Tokens)
    # only there, and the whole gap, which can run over many words, only when they match.
    words = [doc[i].lower_ for i in range(max(first.end, second.start - 2), second.start)]
    opener = doc[first.start - 1] if first.start > 0 else None
    if (
        words[-1:] == ["to"]
        and plain(doc, first, second)
        and opener is not None
        and opener.lower_ == "from"
    ):
        # "from 3.2% in March to 2.3% in April": a time phrase may follow each level
        if first.change != "=" or not names_a_move(opener.head):
            return None  # "homes priced from $450,000 to $900,000": a range
        return moved(doc, second, first, first.start - 1, second)
    if (
        words[-1:] == ["from"]
        and plain(doc, first, second)
        and opener is not None
        and opener.lower_ == "to"
    ):
        # "climbed to 61,300 in March from 60,500 in February"
        if second.change != "=" or not names_a_move(opener.head):
            return None
        return moved(doc, first, second, first.start, second)
    direction = words[-2:-1] if words[-2:] in (["up", "from"], ["down", "from"]) else None
    if direction and plain(doc, first, second) and second.change == "=":
        return moved(doc, first, second, first.start, second, direction[0])
    return None


def plain(doc: Doc, first: Fact, second: Fact) -> bool:
    """No verb and no number between the two facts."""
    return not any(doc[i].pos_ in ("VERB", "AUX", "NUM") for i in range(first.end, second.start))


def amount_then_level(doc: Doc, amount: Fact, level: Fact) -> str | None:
    """ "rose A$15,000 to A$1.6m": right after a verb of change, "X to Y" is the amount of
    the change and the level reached, not a range (the parse may not link the amount to the
    verb); returns the change of the amount."""
    if amount.change != "=" or amount.start == 0 or amount.value_low is not None:
        return None
    if level.start - amount.end != 1 or doc[amount.end].lower_ != "to":
        return None
    return change_lemmas(with_by=False).get(doc[amount.start - 1].lemma_.lower())


def names_a_move(word) -> bool:
    """A verb or noun of change ("rose", "an increase") or of motion ("went", "moved")."""
    lemma = word.lemma_.lower()
    return lemma in change_lemmas() or lemma in MOVE_VERBS


def moved(
    doc: Doc, level: Fact, origin: Fact, start: int, last: Fact, change: str | None = None
) -> Fact:
    """`level` reached from `origin`, one fact from token `start` to the end of `last`; the
    direction from the two values unless a word says it."""
    if change is None:
        up, down = level.value > origin.value, level.value < origin.value
        change = "up" if up else "down" if down else "="
    return replace(
        level,
        start=start,
        end=last.end,
        start_char=min(doc[start].idx, level.start_char),
        end_char=last.end_char,
        change=change,
        value_from=origin.value,
        number_start=min(level.number_start, origin.number_start),
        number_end=max(level.number_end, origin.number_end),
    )


def is_bound_pair(doc: Doc, first: Fact, second: Fact) -> bool:
    """ "more than 10 and less than 20", "at least 18 and no more than 35 years": a lower and
    an upper bound on the same thing, the second adding no counted noun of its own."""
    if {first.change, second.change} != {">", "<"} or first.value_low is not None:
        return False
    if [t.lower_ for t in doc[first.end : second.start]] not in BOUND_JOINERS:
        return False
    if not shares_unit(first, second):
        return False  # "more than 40 people died and fewer than 10 were rescued"
    low, high = (first, second) if first.change == ">" else (second, first)
    return low.value is not None and high.value is not None and low.value < high.value


def bounds_range(first: Fact, second: Fact) -> Fact:
    low, high = (first, second) if first.change == ">" else (second, first)
    return replace(
        second,
        start=first.start,
        start_char=first.start_char,
        value=(low.value + high.value) / 2,
        change="=",
        value_low=low.value,
        value_high=high.value,
        number_start=first.number_start,
    )


def is_range(doc: Doc, low: Fact, high: Fact) -> bool:
    between = doc[low.end : high.start]
    if len(between) != 1 or low.value is None or high.value is None:
        return False
    if low.value * shared_scale(low, high) > high.value:
        return False
    if not shares_unit(low, high) or low.value_low is not None:
        return False
    if low.change in ("up", "down"):
        return False  # "increased by 1.5 million to 68 million": a change, then a level
    connector = between[0].lower_
    opener = doc[low.start - 1].lower_ if low.start > 0 else ""
    if connector in DASHES:
        return not in_dash_chain(doc, low, high)
    if connector == "through":  # "20 through 100"
        return True
    if connector == "and":
        return opener == "between"
    if connector != "to":
        return False
    if opener == "from":
        # "rose from 5% to 7%" names two levels, not a range
        return change_lemmas().get(doc[low.start - 1].head.lemma_.lower()) is None
    # "$300,000 to $450,000"; "rose 5% to 7%" was left out above as a change then a level
    return True


def shares_unit(first: Fact, second: Fact) -> bool:
    """The first bound has no unit, the second's, or the second's without its rate: "between
    €35,000 and €50,000 a year"."""
    unit, other = first.unit_normalized, second.unit_normalized
    return unit is None or unit == other or (other or "").startswith(f"{unit} per ")


def in_dash_chain(doc: Doc, low: Fact, high: Fact) -> bool:
    """ "1-800-555-1234", "2021-12-31": three or more numbers joined by dashes are an identifier."""
    before = low.start > 1 and doc[low.start - 1].text in DASHES and doc[low.start - 2].like_num
    after = high.end + 1 < len(doc) and doc[high.end].text in DASHES and doc[high.end + 1].like_num
    return before or after


def shared_scale(low: Fact, high: Fact) -> float:
    """ "between 40 and 50 thousand": the scale word of the high end applies to the low end."""
    if low.scale == 1.0 and high.scale != 1.0 and low.value * high.scale <= high.value:
        return high.scale
    return 1.0


def as_range(doc: Doc, low: Fact, high: Fact) -> Fact:
    low_value = low.value * shared_scale(low, high)
    start = low.start
    if start > 0 and doc[start - 1].lower_ in ("from", "between"):
        start -= 1
    change = low.change if low.change != "=" else high.change
    if change == "=" and start < low.start and doc[start].lower_ == "between":
        # "rise between 10 and 15 percent": the verb above "between" names the change
        change = change_lemmas(with_by=False).get(doc[start].head.lemma_.lower(), "=")
    return Fact(
        start,
        high.end,
        doc[start].idx if start < low.start else low.start_char,
        high.end_char,
        high.kind,
        (low_value + high.value) / 2,
        high.unit,
        high.unit_normalized,
        change,
        high.concept,
        high.entity,
        low_value,
        high.value,
        number_start=low.number_start,
        number_end=high.number_end,
        scale=high.scale,
        calendar=low.calendar and high.calendar,
    )
