"""Qualifiers ("more than", "about") and changes ("rose", "down") around a number."""

from spacy.tokens import Doc, Token

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
    words = tuple(t.lower_ for t in doc[max(0, start - MAX_PHRASE) : start])
    phrases = qualifier_phrases()
    for size in range(min(MAX_PHRASE, len(words)), 0, -1):
        change = phrases.get(words[-size:])
        if change and not is_target_level(doc, start - size, words[-size:]):
            return change, start - size
    if words and words[-1] in VERB_BOUNDS and start > 1 and doc[start - 2].pos_ == "VERB":
        return VERB_BOUNDS[words[-1]], start - 1
    return None


def is_target_level(doc: Doc, first: int, phrase: tuple[str, ...]) -> bool:
    """ "edged up to 3.7%" names the new level; "cut up to 700 jobs" a bound."""
    return phrase == ("up", "to") and first > 0 and doc[first - 1].lemma_ in MOTION_VERBS


def find_trailing_qualifier(doc: Doc, end: int) -> tuple[str, int] | None:
    """(change, token after the phrase) of "or more", "and over" right after `end`."""
    phrases = trailing_qualifier_phrases()
    for size in (2, 1):
        words = tuple(t.lower_ for t in doc[end : end + size])
        if len(words) == size and words in phrases and not opens_comparison(doc, end + size):
            if words == ("plus",) and not closes_clause(doc, end + 1):
                return None  # "45 million euros plus add-ons" adds a thing, "£50,000 plus." a bound
            return phrases[words], end + size
    return None


def opens_comparison(doc: Doc, after: int) -> bool:
    """ "equal to 5000 or less than 6000": the words open the next bound, not close this one."""
    return after < len(doc) and doc[after].lower_ in ("than", "of")


def closes_clause(doc: Doc, after: int) -> bool:
    return after >= len(doc) or doc[after].is_punct or doc[after].pos_ in ("CCONJ", "ADP")


def negation_start(doc: Doc, start: int) -> int | None:
    """The first token of "minus 4" or "minus-12" before the number at `start`, or None."""
    if start > 0 and doc[start - 1].lower_ in NEGATIVE_WORDS:
        return start - 1
    glued = start > 1 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_
    return start - 2 if glued and doc[start - 2].lower_ in NEGATIVE_WORDS else None


def signed_change(doc: Doc, number_start: int, kind: str, unit: str | None) -> str | None:
    """ "+0.7%", "Nikkei -2.4%", "+5 points": a sign on a percentage or on points states a
    change, unless a word before makes it a level ("inflation of -0.3%", "at -1%")."""
    sign = doc[number_start].text[:1]
    if sign not in SIGNS or (kind != "percent" and unit not in SIGNED_UNITS):
        return None
    if number_start > 0 and doc[number_start - 1].lower_ in LEVEL_WORDS:
        return None
    return SIGNS[sign]


def trailing_change(doc: Doc, end: int) -> str | None:
    """ "4.5% higher than a year ago", "shares were 3% down", "10% more than a year earlier":
    the comparative after."""
    if end >= len(doc):
        return None
    than = any(token.lower_ == "than" for token in doc[end + 1 : end + 4])
    return TRAILING_CHANGES.get(doc[end].lower_) or (
        COMPARATIVES.get(doc[end].lower_) if than else None
    )


def find_change(doc: Doc, start: int, anchor: Token) -> str | None:
    """`up`/`down` when the quantity is the amount of a rise or fall, not its end point."""
    lemmas = change_lemmas(with_by=False)
    if start > 0 and doc[start - 1].lower_ in ("up", "down"):
        return doc[start - 1].lower_
    if start > 1 and doc[start - 1].lower_ == "by":
        if doc[start - 2].lower_ in ("up", "down"):
            return doc[start - 2].lower_  # "sales were up by 15%"
        return change_lemmas().get(doc[start - 1].head.lemma_.lower())
    head = anchor.head
    if anchor.dep_ in ("conj", "appos") and any(c.lower_ == "or" for c in head.children):
        # "lost a third of its value, or $40 billion": a restatement shares the change
        return find_change(doc, head.left_edge.i, head) if head.i < anchor.i else None
    if anchor.dep_ == "pobj":
        # "an increase of 5%" counts, "rose to 5%" and "fell from 7%" do not
        if head.lower_ != "of" and head.lower_ != "by":
            return None
        if any(token.like_num for token in doc[head.i + 1 : start]):
            return None  # "rose by 15,000 to 210,000": the amount was the number after "by"
        head = head.head
        if head.lower_ in RATE_NOUNS and head.dep_ == "pobj" and head.head.lower_ == "at":
            head = head.head.head  # "grew at an annual rate of 2.4%"
    if anchor.dep_ not in CHANGE_DEPS or head.i == anchor.i:
        return None
    if head.pos_ == "NOUN" and head.lower_ in NOT_CHANGE_NOUNS:
        return None
    if anchor.dep_ in MODIFIER_OF_NOUN and head.pos_ == "NOUN" and is_length_of_time(anchor):
        return None  # "after a three-day rally": the rally lasted three days
    if head.tag_ == "VB" and head.is_sent_start:
        return None  # "Add 3/4 of a cup": an instruction, not a change
    change = lemmas.get(head.lemma_.lower())
    if change is None and anchor.dep_ == "compound" and head.dep_ in ("npadvmod", "dobj"):
        # "grew 2.4% year on year": the measure modifies a noun that hangs off the verb
        change = lemmas.get(head.head.lemma_.lower())
    return change


def is_length_of_time(anchor: Token) -> bool:
    """ "three-day", "two-week": a unit of time joined by a hyphen to its number."""
    doc = anchor.doc
    unit = anchor.lower_ in TIME_UNITS and anchor.i > 0 and doc[anchor.i - 1].text == "-"
    return unit and not doc[anchor.i - 1].whitespace_


def share_changes(doc: Doc, facts: list[Fact]) -> None:
    """ "fell 190 points, or 1.2%": a restatement after "or" shares the change."""
    for before, after in zip(facts, facts[1:], strict=False):
        if before.change in ("up", "down") and after.change == "=" and restates(doc, before, after):
            after.change = before.change


def restates(doc: Doc, before: Fact, after: Fact) -> bool:
    """ "fell 190 points, or 1.2%", "fell 4% in March, or $2 billion": the same change told
    again; a verb or a number between starts another statement."""
    between = doc[before.end : after.start]
    words = [t.lower_ for t in between]
    if words in RESTATEMENT:
        return True
    plain = not any(t.pos_ in ("VERB", "AUX", "NUM") for t in between)
    return words[-2:] == [",", "or"] and plain
