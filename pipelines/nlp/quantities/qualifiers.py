"""Qualifiers ("more than", "about") and changes ("rose", "down") around a number."""

from spacy.tokens import Doc

from pipelines.nlp.doc_arrays import DocArrays, doc_arrays
from pipelines.nlp.quantities.facts import Fact
from pipelines.nlp.quantities.tables import (
    change_lemmas,
    qualifier_phrases,
    trailing_qualifier_phrases,
)

MAX_PHRASE = 5  # "less than or equal to"
MOTION_VERBS = frozenset(
    {"edge", "creep", "go", "move", "tick", "inch", "rise", "climb", "jump", "surge", "soar"}
)
RATE_NOUNS = frozenset({"rate", "pace"})
RESTATEMENT = (["or"], [",", "or"], ["("], [",", "or", "about"])
NEGATIVE_WORDS = ("minus", "negative")
SIGNS = {"+": "up", "-": "down", "−": "down"}
SIGNED_UNITS = frozenset({"point", "basis point"})
LEVEL_WORDS = frozenset({"at", "of", "to", "from", "=", "is"})
# a comparative right after the amount tells the direction: "4.5% higher than a year ago"
TRAILING_CHANGES = {"higher": "up", "up": "up", "lower": "down", "down": "down"}
# "10% more than a year earlier": more or less than something else, a change
COMPARATIVES = {"more": "up", "less": "down", "fewer": "down"}
# prepositions that bound a number only after a verb of motion: "weakened past 150",
# "climbed beyond $100"; "over the past 30 days" names a period
VERB_BOUNDS = {"past": ">", "beyond": ">"}
# nouns spelled like a verb of change that name no change: "a two-year contract"
NOT_CHANGE_NOUNS = frozenset({"contract"})
MODIFIER_OF_NOUN = ("compound", "amod", "nmod", "nummod")
TIME_UNITS = frozenset({"day", "week", "month", "year", "hour", "minute", "decade", "session"})
CHANGE_DEPS = ("dobj", "npadvmod", "advmod", "attr", "compound", "amod", "nmod", "pobj")


def find_qualifier(doc: Doc, start: int) -> tuple[str, int] | None:
    """(change, first token) of the longest qualifier phrase that ends right before `start`."""
    arrays = doc_arrays(doc)
    words = tuple(arrays.lower[max(0, start - MAX_PHRASE) : start])
    phrases = qualifier_phrases()
    for size in range(min(MAX_PHRASE, len(words)), 0, -1):
        change = phrases.get(words[-size:])
        if change and not is_target_level(doc, start - size, words[-size:]):
            return change, start - size
    if words and words[-1] in VERB_BOUNDS and start > 1 and arrays.pos[start - 2] == "VERB":
        return VERB_BOUNDS[words[-1]], start - 1
    return None


def is_target_level(doc: Doc, first: int, phrase: tuple[str, ...]) -> bool:
    """ "edged up to 3.7%" names the new level; "cut up to 700 jobs" a bound."""
    return phrase == ("up", "to") and first > 0 and doc_arrays(doc).lemma[first - 1] in MOTION_VERBS


def find_trailing_qualifier(doc: Doc, end: int) -> tuple[str, int] | None:
    """(change, token after the phrase) of "or more", "and over" right after `end`."""
    phrases = trailing_qualifier_phrases()
    lower = doc_arrays(doc).lower
    for size in (2, 1):
        words = tuple(lower[end : end + size])
        if len(words) == size and words in phrases and not opens_comparison(doc, end + size):
            if words == ("plus",) and not closes_clause(doc, end + 1):
                return None  # "45 million euros plus add-ons" adds a thing, "£50,000 plus." a bound
            return phrases[words], end + size
    return None


def opens_comparison(doc: Doc, after: int) -> bool:
    """ "equal to 5000 or less than 6000": the words open the next bound, not close this one."""
    lower = doc_arrays(doc).lower
    return after < len(lower) and lower[after] in ("than", "of")


def closes_clause(doc: Doc, after: int) -> bool:
    arrays = doc_arrays(doc)
    return (
        after >= len(arrays.pos) or arrays.is_punct[after] or arrays.pos[after] in ("CCONJ", "ADP")
    )


def negation_start(doc: Doc, start: int) -> int | None:
    """The first token of "minus 4" or "minus-12" before the number at `start`, or None."""
    arrays = doc_arrays(doc)
    if start > 0 and arrays.lower[start - 1] in NEGATIVE_WORDS:
        return start - 1
    glued = start > 1 and arrays.text[start - 1] == "-" and not arrays.space[start - 2]
    return start - 2 if glued and arrays.lower[start - 2] in NEGATIVE_WORDS else None


def signed_change(doc: Doc, number_start: int, kind: str, unit: str | None) -> str | None:
    """ "+0.7%", "Nikkei -2.4%", "+5 points": a sign on a percentage or on points states a
    change, unless a word before makes it a level ("inflation of -0.3%", "at -1%")."""
    arrays = doc_arrays(doc)
    sign = arrays.text[number_start][:1]
    if sign not in SIGNS or (kind != "percent" and unit not in SIGNED_UNITS):
        return None
    if number_start > 0 and arrays.lower[number_start - 1] in LEVEL_WORDS:
        return None
    return SIGNS[sign]


def trailing_change(doc: Doc, end: int) -> str | None:
    """ "4.5% higher than a year ago", "shares were 3% down", "10% more than a year earlier":
    the comparative after."""
    lower = doc_arrays(doc).lower
    if end >= len(lower):
        return None
    than = "than" in lower[end + 1 : end + 4]
    return TRAILING_CHANGES.get(lower[end]) or (COMPARATIVES.get(lower[end]) if than else None)


def find_change(doc: Doc, start: int, anchor: int) -> str | None:
    """`up`/`down` when the quantity is the amount of a rise or fall, not its end point;
    `anchor` is the index of the number's top token."""
    a = doc_arrays(doc)
    lower = a.lower
    lemmas = change_lemmas(with_by=False)
    if start > 0 and lower[start - 1] in ("up", "down"):
        return lower[start - 1]
    if start > 1 and lower[start - 1] == "by":
        if lower[start - 2] in ("up", "down"):
            return lower[start - 2]  # "sales were up by 15%"
        return change_lemmas().get(a.lemma[a.head[start - 1]].lower())
    head = a.head[anchor]
    if a.dep[anchor] in ("conj", "appos") and any(lower[c] == "or" for c in a.children(head)):
        # "lost a third of its value, or $40 billion": a restatement shares the change
        return find_change(doc, doc[head].left_edge.i, head) if head < anchor else None
    if a.dep[anchor] == "pobj":
        # "an increase of 5%" counts, "rose to 5%" and "fell from 7%" do not
        if lower[head] != "of" and lower[head] != "by":
            return None
        if any(a.like_num[head + 1 : start]):
            return None  # "rose by 15,000 to 210,000": the amount was the number after "by"
        head = a.head[head]
        if lower[head] in RATE_NOUNS and a.dep[head] == "pobj" and lower[a.head[head]] == "at":
            head = a.head[a.head[head]]  # "grew at an annual rate of 2.4%"
    if a.dep[anchor] not in CHANGE_DEPS or head == anchor:
        return None
    if a.pos[head] == "NOUN" and lower[head] in NOT_CHANGE_NOUNS:
        return None
    if a.dep[anchor] in MODIFIER_OF_NOUN and a.pos[head] == "NOUN" and is_length_of_time(a, anchor):
        return None  # "after a three-day rally": the rally lasted three days
    if a.tag[head] == "VB" and a.sent_start[head]:
        return None  # "Add 3/4 of a cup": an instruction, not a change
    change = lemmas.get(a.lemma[head].lower())
    if change is None and a.dep[anchor] == "compound" and a.dep[head] in ("npadvmod", "dobj"):
        # "grew 2.4% year on year": the measure modifies a noun that hangs off the verb
        change = lemmas.get(a.lemma[a.head[head]].lower())
    return change


def is_length_of_time(a: DocArrays, anchor: int) -> bool:
    """ "three-day", "two-week": a unit of time joined by a hyphen to its number."""
    unit = a.lower[anchor] in TIME_UNITS and anchor > 0 and a.text[anchor - 1] == "-"
    return unit and not a.space[anchor - 1]


def share_changes(doc: Doc, facts: list[Fact]) -> None:
    """ "fell 190 points, or 1.2%": a restatement after "or" shares the change."""
    for before, after in zip(facts, facts[1:], strict=False):
        if before.change in ("up", "down") and after.change == "=" and restates(doc, before, after):
            after.change = before.change


def restates(doc: Doc, before: Fact, after: Fact) -> bool:
    """ "fell 190 points, or 1.2%", "fell 4% in March, or $2 billion": the same change told
    again; a verb or a number between starts another statement."""
    arrays = doc_arrays(doc)
    words = arrays.lower[before.end : after.start]
    if words in RESTATEMENT:
        return True
    plain = not any(pos in ("VERB", "AUX", "NUM") for pos in arrays.pos[before.end : after.start])
    return words[-2:] == [",", "or"] and plain
