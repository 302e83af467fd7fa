"""Dates, times and ordinals: kept as facts of their own kind, never as quantities."""

import contextlib
import re
from datetime import date, datetime
from functools import cache

from spacy.tokens import Span

from pipelines.nlp.doc_arrays import doc_arrays
from pipelines.nlp.quantities.facts import Fact
from pipelines.nlp.quantities.periods import date_period
from pipelines.nlp.quantities.tables import ordinal_words

YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)
NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
# "September 2010", "Sept. 2010": a month and a year name no day; dateparser would say so too,
# after most of a millisecond
MONTH_YEAR = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? (?:1[5-9]|20)\d\d$",
    re.IGNORECASE,
)
# Two month names make a span of days ("January 23 - March 9 2014"), not one day; dateparser
# says None to those too, after up to tens of milliseconds
MONTH_NAME = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b",
    re.IGNORECASE,
)
ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
DATEPARSER_SETTINGS = {
    # a date is kept only when the text itself names day, month and year: nothing is resolved
    # against today ("last year" stays without date_value)
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


# Day-month-year forms read with strptime first: the same day dateparser gives them, at a
# hundredth of its cost (dateparser takes most of a millisecond a call); anything else, or
# anything strptime rejects, still goes to dateparser.
_DAY_FORMATS = (
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %B, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%Y-%m-%d",
)


@cache
def date_parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings=DATEPARSER_SETTINGS)


def resolve_date(text: str) -> date | None:
    """ISO day of "December 31, 2021" or "31 Dec 2021"; None for years, months, relative dates."""
    if not YEAR.search(text) or not (MONTH.search(text) or NUMERIC_DATE.search(text)):
        return None  # a year alone ("in 2019") never resolves to a day
    words = text.split()
    # drop leading words like "by", "on", "the" spaCy keeps inside DATE entities
    while words and not (words[0][0].isdigit() or words[0][0].isupper()):
        words = words[1:]
    if not words:
        return None
    cleaned = " ".join(words)
    if MONTH_YEAR.match(cleaned) or len(MONTH_NAME.findall(cleaned)) > 1:
        return None
    for pattern in _DAY_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(cleaned, pattern).date()
    parsed = date_parser().get_date_data(cleaned)
    if parsed is None or parsed.date_obj is None or parsed.period != "day":
        return None
    return parsed.date_obj.date()


def ordinal_value(ent: Span) -> float | None:
    """3 for "third", "the third quarter" or "3rd"; None when no ordinal is written."""
    for token in ent:
        if match := ORDINAL_DIGITS.match(token.lower_):
            return float(match.group(1))
        if token.lower_ in ordinal_words():
            return float(ordinal_words()[token.lower_])
    return None


# Auxiliaries and verbs that put the sentence in the future: "will meet", "is due to", "plans to"
FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})
FUTURE_LEMMAS = frozenset({"schedule", "expect", "due", "set", "plan", "slate", "intend"})
PAST_TAGS = frozenset({"VBD"})
PRESENT_TAGS = frozenset({"VBZ", "VBP"})


def future_tense(ent: Span) -> bool | None:
    """Whether the verb a date belongs to speaks of the future (True), the past (False), or
    neither tense is written (None). A verb in the present ("returns in March", "takes effect
    on January 1") announces, in news; "since" always looks back."""
    a = doc_arrays(ent.doc)
    lower = a.lower
    if ent.start > 0 and lower[ent.start - 1] == "since" or lower[ent.start] == "since":
        return False
    verb = ent.root.i
    while a.pos[verb] not in ("VERB", "AUX") and a.head[verb] != verb:
        verb = a.head[verb]
    if a.pos[verb] not in ("VERB", "AUX"):
        return None
    above = [verb]  # the verb and its first two ancestors
    while len(above) < 3 and a.head[above[-1]] != above[-1]:
        above.append(a.head[above[-1]])
    for token in above:
        children = a.children(token)
        if any(a.dep[c] == "aux" and lower[c] in FUTURE_AUXILIARIES for c in children):
            return True
        if a.tag[token] != "VBD" and any(
            a.lemma[t].lower() in FUTURE_LEMMAS for t in [token, *children]
        ):
            return True
        if a.tag[token] in PAST_TAGS or any(
            a.dep[c] in ("aux", "auxpass") and a.tag[c] in PAST_TAGS for c in children
        ):
            return False
    return True if a.tag[verb] in PRESENT_TAGS and a.lemma[verb] != "be" else None


def calendar_fact(ent: Span, covered: set[int], published: date | None = None) -> Fact | None:
    """DATE, TIME and ORDINAL entities that hold a digit or an ordinal word, and DATE
    entities that name a period relative to the publication date ("last week", "on Tuesday")."""
    if ent.label_ not in ("DATE", "TIME", "ORDINAL"):
        return None
    # "seven years ago" names a year even where "seven years" is also kept as a duration
    inside = any(i in covered for i in range(ent.start, ent.end))
    if inside and not (ent.label_ == "DATE" and ent[-1].lower_ == "ago"):
        return None
    precision = None
    if ent.label_ == "ORDINAL":
        value = ordinal_value(ent)
        kind, date_value = "ordinal", None
    elif not any(ch.isdigit() for ch in ent.text):
        # "the third quarter" is a DATE to spaCy and an ordinal to us; "last year" is a date
        value = ordinal_value(ent)
        if value is not None:
            kind, date_value = "ordinal", None
        elif ent.label_ != "DATE":
            return None
        else:
            kind, value = "date", None
            date_value, precision = date_period(ent.text, published, future_tense(ent))
            if date_value is None and not _names_a_period(ent.text):
                return None
    else:
        kind, value = ent.label_.lower(), None
        date_value = resolve_date(ent.text) if kind == "date" else None
        if kind == "date":
            date_value, precision = date_period(
                ent.text, published, future_tense(ent), day=date_value
            )
    return Fact(
        ent.start,
        ent.end,
        ent.start_char,
        ent.end_char,
        kind,
        value,
        date_value=date_value,
        date_precision=precision,
        number_start=ent.start,
        number_end=ent.end,
    )


def _names_a_period(text: str) -> bool:
    """A relative date that a publication date would resolve ("last week"): kept as a date
    fact even when the article has no date, so the row is there, with date_value null."""
    return date_period(text, date(2000, 1, 1), None)[0] is not None
