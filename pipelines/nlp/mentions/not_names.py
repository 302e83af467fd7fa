"""Mentions that are a part of something else, not a name of their own.

- a post-nominal after a person's name: "Mark Tedeschi, QC," (nameparser's suffixes and
  ``data/post_nominals.csv``);
- a time zone after a clock time: "As of 15:11 GMT", "at 9 a.m. EST", "UTC+8"
  (``data/time_zones.csv``, the tz database's abbreviations);
- a word of a title: "Shadow Home" of "Shadow Home Secretary Yvette Cooper", "Emeritus" of
  "Emeritus Professor John Burrows" (``data/title_modifiers.csv``), and the portfolio of
  "Minister of Education Stefania Giannini" (``data/portfolio_titles.csv``);
- a fear or a hatred: "subject to Islamophobia" (one capitalised word ending "-phobia");
- a stage of a tournament: "Group G", "Pool B" (a group's letter after its word);
- a word, or ordinary words, that name a category, a constituency or a genre, right before
  that noun: "in Hitwise UK's Lifestyle-Religion category", "the Social Welfare
  constituency" (``data/category_nouns.csv``).
"""

import re

from nameparser.config import CONSTANTS

from pipelines.entities.gazetteers import (
    category_nouns,
    is_region,
    known_places,
    portfolio_titles,
    time_zones,
    title_modifiers,
)
from pipelines.entities.names import _data_rows, known_variant, name_key, titles_by_first_word
from pipelines.entities.word_case import lowercase_margin
from pipelines.nlp.mentions.cleaning import CleanMention

_POST_NOMINALS = frozenset(CONSTANTS.suffix_acronyms) | {
    row["abbreviation"].lower() for row in _data_rows("post_nominals.csv")
}
# "15:11", "9 a.m.", "10pm", "0900": a clock time right before the zone
_CLOCK_BEFORE = re.compile(r"(?:\d{1,2}[:.]\d\d|\d{1,2}\s?[ap]\.?m\.?|\b\d{4})\s*$", re.IGNORECASE)
_OFFSET_AFTER = re.compile(r"[+−-]\d")
_CLOSING = frozenset(",.;)")


def is_post_nominal(before: CleanMention | None, mention: CleanMention, text: str) -> bool:
    """ "Mark Tedeschi, QC, said": capitals of an honour or a degree right after a person's
    name and a comma, closing the phrase, are part of the name, no organisation."""
    if before is None or before.label != "PERSON" or not mention.name.isupper():
        return False
    if text[before.end_char : mention.start_char] != ", ":
        return False
    closes = mention.end_char == len(text) or text[mention.end_char] in _CLOSING
    return closes and mention.name.lower() in _POST_NOMINALS


def is_time_zone(mention: CleanMention, text: str) -> bool:
    """ "As of 15:11 GMT", "UTC+8": a time zone's abbreviation after a clock time or before
    an offset is part of the time."""
    if mention.name not in time_zones():
        return False
    before = text[max(mention.start_char - 12, 0) : mention.start_char]
    return bool(_CLOCK_BEFORE.search(before) or _OFFSET_AFTER.match(text, mention.end_char))


_NEXT_WORD = re.compile(r" ([A-Z][\w-]*)")
_PORTFOLIO_BEFORE = re.compile(r"\b([A-Z][\w-]+) (?:of|for) (?:the )?$")


def is_title_word(mention: CleanMention, text: str) -> bool:
    """ "Shadow Home Secretary Yvette Cooper": words written before a title as part of it,
    right before the title; "NASA Administrator Charles Bolden" is an organisation's."""
    keys = name_key(mention.name).split()
    if not keys or any(key not in title_modifiers() for key in keys):
        return False
    after = _NEXT_WORD.match(text, mention.end_char)
    return after is not None and name_key(after.group(1)) in titles_by_first_word()


def is_portfolio(mention: CleanMention, text: str) -> bool:
    """ "Minister of Education Stefania Giannini", "Undersecretary for Education": what a
    minister's title holds is no organisation of its own; "Minister of Iraq" is a place."""
    before = _PORTFOLIO_BEFORE.search(text, max(mention.start_char - 40, 0), mention.start_char)
    if before is None or before.group(1) not in portfolio_titles() or mention.name.isupper():
        return False
    name = mention.name
    places = name_key(name) in known_places() or is_region(name)
    return not places and known_variant(name, "GPE") is None


_PHOBIA = re.compile(r"^[A-Z][a-z]+phobia$")


def is_phobia(mention: CleanMention) -> bool:
    """ "Islamophobia", "Homophobia": a fear or a hatred, no organisation nor person."""
    return _PHOBIA.match(mention.name) is not None


# "Group G", "Pool B": a group's word and one capital letter
_TOURNAMENT_STAGE = re.compile(r"^(?:Group|Pool) [A-L]$")


def is_tournament_stage(mention: CleanMention) -> bool:
    """ "In the first game of Group G": a stage of a tournament, no organisation."""
    return _TOURNAMENT_STAGE.match(mention.name) is not None


_NOUN_AFTER = re.compile(r" ([a-z]+)\b")


_JOINING_WORDS = frozenset({"and", "of", "&"})


def _ordinary_words(name: str) -> bool:
    """Every word one English writes in lowercase at least as often ("Social Welfare"),
    "and" and "of" aside (``word_case``)."""
    return all(w in _JOINING_WORDS or lowercase_margin(w) is not None for w in name.split())


def is_category_word(mention: CleanMention, text: str) -> bool:
    """ "Hitwise UK's Lifestyle-Religion category": one word (hyphens allowed), or ordinary
    words ("the Social Welfare constituency"), right before a noun of
    ``data/category_nouns.csv`` name a kind of thing, no entity; a place keeps its name
    ("the Kowloon East constituency" stays a place)."""
    if mention.name.isupper() or (" " in mention.name and not _ordinary_words(mention.name)):
        return False
    after = _NOUN_AFTER.match(text, mention.end_char)
    if after is None or after.group(1) not in category_nouns():
        return False
    return name_key(mention.name) not in known_places()


def parts_of_other_things(mentions: list[CleanMention], text: str) -> list[CleanMention]:
    """The mentions (in text order) without post-nominals, time zones, words of titles,
    fears, tournament stages and category words."""
    kept = []
    for index, mention in enumerate(mentions):
        before = mentions[index - 1] if index else None
        if is_post_nominal(before, mention, text) or is_time_zone(mention, text):
            continue
        if is_title_word(mention, text) or is_portfolio(mention, text) or is_phobia(mention):
            continue
        if is_tournament_stage(mention) or is_category_word(mention, text):
            continue
        kept.append(mention)
    return kept
