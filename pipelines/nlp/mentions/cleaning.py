"""From a spaCy entity to a clean mention: trimmed offsets, a normalised name, or nothing.

The surface text stays exactly ``doc.text[start:end]``; only whitespace, edge punctuation and a
glued function word ("theUnited States") are trimmed from the span. Determiners, possessives
and titles leave the *name* only: "the White House" keeps its text and is named "White House".
"""

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import ENT_TYPE, IDX, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, ORTH, POS, SENT_START
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span

from pipelines.entities.gazetteers import (
    beliefs,
    demonyms,
    is_affiliation,
    is_event,
    person_nouns,
    political_words,
    sports_words,
)
from pipelines.entities.names import (
    DETERMINERS,
    generic_words,
    name_key,
    thing_label,
    title_length,
)
from pipelines.entities.word_case import lowercase_margin

# Entity types; numbers, dates and amounts belong to the numeric-facts extractor.
ENTITY_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
        "EVENT",
        "PRODUCT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
_EDGE_CHARS = " \t\r\n\"'“”‘’`«»()[]{}<>,;:!?*|-–—/"
_GLUED_PREFIX = re.compile(r"(?:the|of|in|and|to|from|for|with|by|on|at)(?=[A-Z][a-z])")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_COMMON_WORD_POS_IDS = [POS_IDS[pos] for pos in ("NOUN", "VERB", "ADJ", "ADV")]
# A picture caption ends in a credit: "student Ahmed Mohamed Image: Twitter". The credit word
# is not part of the name before it.
# "Leeds 4-0" PERSON: a score glued to a team's name. "The Unite union": a common noun after
# the name ("Unite") belongs to the noun phrase, not to the name.
_TRAILING_SCORE = re.compile(r"\s+\d{1,3}\s?[-–]\s?\d{1,3}$")
# "putting Sweden 1 – 0 up": the model's span holds the first half of the score only.
_TRAILING_NUMBER = re.compile(r"\s+\d{1,3}$")
_SCORE_REST = re.compile(r"\s?[-–]\s?\d{1,3}\b")
_TRAILING_LOWER = re.compile(
    r"(?<=[A-Za-z0-9.])\s+(?:[a-z]+\s+)*(?!(?:van|von|der|den|bin|ibn|del|dos|los|las)$)[a-z]{3,}$"
)
_CREDIT_WORD = re.compile(
    r"\s+(?:File\s+)?(?:Image|Photo|Photograph|Picture|Video|Credit)(?=\s*:)", re.IGNORECASE
)


@dataclass(frozen=True)
class CleanMention:
    start_char: int
    end_char: int
    label: str
    name: str
    sentence_index: int
    # The entity a metonym stands for: "Washington said" → "United States".
    stands_for: str | None = None
    # The model's label (None: the model missed the span and the article's names found it),
    # and the rule family that gave ``label`` ("model" when none changed it).
    original_label: str | None = None
    label_rule: str = "model"


def common_words(doc: Doc) -> frozenset[str]:
    """Lowercase content words the article itself uses outside entities ("withdrawal")."""
    # Attribute arrays, not Token objects: building one per token costs more than the test.
    is_lower, pos, ent_type, orth = doc.to_array([IS_LOWER, POS, ENT_TYPE, ORTH]).T
    keep = (is_lower == 1) & np.isin(pos, _COMMON_WORD_POS_IDS) & (ent_type == 0)
    return frozenset(doc.vocab.strings[word] for word in set(orth[keep].tolist()))


@dataclass(frozen=True)
class WordCase:
    """Where the article writes capitals: the capitalised words it writes inside its
    sentences, the offset of every sentence's first word (capitalised whatever it is), and
    the words of its longer names ("Endeavour" of "Space Shuttle Endeavour")."""

    capitalised: frozenset[str]
    sentence_openers: frozenset[int]
    name_words: frozenset[str]


def word_case(doc: Doc) -> WordCase:
    """The article's ``WordCase``, from its attribute arrays."""
    is_title, punct, space, offsets, orth = doc.to_array(
        [IS_TITLE, IS_PUNCT, IS_SPACE, IDX, ORTH]
    ).T
    words = np.flatnonzero((punct == 0) & (space == 0))
    ids = sentence_bounds(doc)[0]
    openers = words[np.unique(ids[words], return_index=True)[1]] if len(words) else words
    inside = np.setdiff1d(words[is_title[words] == 1], openers)
    capitalised = frozenset(doc.vocab.strings[word] for word in set(orth[inside].tolist()))
    name_words = frozenset(word for ent in doc.ents if len(ent) > 1 for word in ent.text.split())
    return WordCase(capitalised, frozenset(offsets[openers].tolist()), name_words)


def sentence_bounds(doc: Doc) -> tuple[np.ndarray, list[int], list[int]]:
    """Each token's sentence number, and every sentence's first and end token, from the
    Doc's attribute array once per Doc (``Span.sent`` walks the tokens on every call)."""
    cached = doc.user_data.get("newsfacts_sentences")
    if cached is None:
        starts_mask = doc.to_array([SENT_START]).reshape(-1) == 1
        if len(doc):
            starts_mask[0] = True
        ids = np.cumsum(starts_mask) - 1
        starts = np.flatnonzero(starts_mask).tolist()
        cached = (ids, starts, starts[1:] + [len(doc)])
        doc.user_data["newsfacts_sentences"] = cached
    return cached


def mention_span(doc: Doc, start_char: int, end_char: int) -> Span | None:
    """The tokens a mention covers (``char_span``, expanded), made once per Doc and offsets:
    every rule family asks for the same mention's span, and each call walks the tokens. The
    Doc keeps the span's token bounds, not the Span: a Span refers to its Doc, and that cycle
    kept every Doc, with its arrays, alive until a full garbage collection (the workers grew by
    some 400 KB per article)."""
    bounds = doc.user_data.setdefault("newsfacts_span_bounds", {})
    key = (start_char, end_char)
    if key not in bounds:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        bounds[key] = None if span is None else (span.start, span.end)
    found = bounds[key]
    return None if found is None else doc[found[0] : found[1]]


def sentence_of(span: Span) -> Span:
    """The sentence that holds the span's first token."""
    ids, starts, ends = sentence_bounds(span.doc)
    sentence = ids[span.start]
    return span.doc[starts[sentence] : ends[sentence]]


def trimmed_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without edge whitespace and punctuation, cut to its longest line."""
    piece = text[start:end]
    if "\n" in piece:
        lines, offset, best = piece.split("\n"), 0, (0, 0)
        for line in lines:
            if len(line.strip()) > best[1] - best[0]:
                best = (offset, offset + len(line))
            offset += len(line) + 1
        start, end = start + best[0], start + best[1]
    while start < end and text[start] in _EDGE_CHARS:
        start += 1
    # Periods are not trimmed: they close abbreviations ("U.S.", "Inc.").
    while start < end and text[end - 1] in _EDGE_CHARS:
        end -= 1
    for tail in (_TRAILING_SCORE, _TRAILING_LOWER):
        cut = tail.search(text, start, end)
        if cut and cut.start() > start and any(c.isupper() for c in text[start : cut.start()]):
            end = cut.start()
    half = _TRAILING_NUMBER.search(text, start, end)
    if half and half.start() > start and _SCORE_REST.match(text, end):
        end = half.start()
    end = _before_unclosed_bracket(text, start, end)
    glued = _GLUED_PREFIX.match(text, start, end)
    credit = _CREDIT_WORD.search(text, start, min(end + 1, len(text)))
    if credit and credit.start() > start:
        end = min(end, credit.start())
    return (glued.end() if glued else start), end


def _before_unclosed_bracket(text: str, start: int, end: int) -> int:
    """ "World Health Organisation (WHO": the model's span stops inside the brackets of a
    short form; the name ends before the bracket it never closes."""
    bracket = text.rfind("(", start, end)
    if bracket <= start or ")" in text[bracket:end]:
        return end
    cut = bracket
    while cut > start and (text[cut - 1].isspace() or text[cut - 1] in _EDGE_CHARS):
        cut -= 1
    return cut if any(c.isupper() for c in text[start:cut]) else end


def normalised_name(surface: str, label: str) -> str:
    """ "the White House" → "White House", "Trump's" → "Trump", "Mr Biden" → "Biden"."""
    words = surface.split()
    while len(words) > 1 and words[0].lower() in DETERMINERS:
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]) or words[-1]
    if label == "PERSON":
        words = words[title_length(words) :]
        # "Goalkeeper Koen Casteels" opening a sentence: an occupation or a team role
        if len(words) > 2 and _is_occupation(words[0]):
            words = words[1:]
    return " ".join(words)


def _is_occupation(word: str) -> bool:
    lower = word.lower()
    return lower in person_nouns() or lower in sports_words()["role"]


# "Nonpartisan Paul Tse", "pro-Beijing New People Party": the side taken is no part of the name.
_AFFILIATED_LABELS = frozenset({"PERSON", "ORG"})


def _after_affiliation(text: str, start: int, end: int, label: str) -> int:
    """Where the name starts once a side taken before it is cut ("Nonpartisan Paul Tse" →
    "Paul Tse"): a first word of ``data/affiliations.csv`` or "pro-"/"anti-" a place, before
    two words or more of a person's or an organisation's name."""
    words = text[start:end].split()
    if label not in _AFFILIATED_LABELS or len(words) < 3:
        return start
    if not is_affiliation(words[0]):
        return start
    return text.index(words[1], start + len(words[0]))


def is_name(name: str, common: frozenset[str]) -> bool:
    """Reject what is not a name: no capital letter, a bare title, a capitalised common word."""
    if len(name) < 2 or not any(c.isupper() for c in name):
        return False
    words = name.split()
    if title_length(words + ["x"]) == len(words):
        return False
    # "the Withdrawal from Iraq": a single capitalised word the article also writes in
    # lowercase as an ordinary word is that word, not a place.
    return not (len(words) == 1 and name.istitle() and name.lower() in common)


# How much more often English must write a sentence's first word in lowercase for that word,
# capitalised nowhere else in the article, to be an ordinary word: 7.4 times ("Volunteer"
# 2.67; "Target" 1.86 and "Apple", written capitalised more often, stay names).
_ORDINARY_OPENER_MARGIN = 2.0


def is_ordinary_word(name: str, label: str, start: int, case: WordCase) -> bool:
    """A one-word name that is an ordinary English word (``word_case``): a group (NORP) that
    English writes in lowercase at least as often, no table knows as a people, a belief or a
    party and no longer name of the article holds ("the Zeitgeist"; not the "Endeavour" of
    "Space Shuttle Endeavour"); or a sentence's first word that English writes in
    lowercase far more often and the article capitalises nowhere else ("Volunteer
    organization Comic Corps of Canada" PERSON)."""
    if not name.isalpha() or not name.istitle():
        return False
    margin = lowercase_margin(name)
    if margin is None:
        return False
    if label == "NORP":
        key = name_key(name)
        known = key in demonyms() or key in beliefs() or name.lower() in political_words()
        return not known and name not in case.name_words
    opener = start in case.sentence_openers and name not in case.capitalised
    return opener and margin >= _ORDINARY_OPENER_MARGIN


_PLURAL_TAGS = frozenset({"NNS", "NNPS"})


def is_ordinary_phrase(span: Span, name: str, start: int, case: WordCase) -> bool:
    """A sentence's first words that are ordinary English words, a caption's subject:
    "Successful Stormtroopers share a high-five" ORG. Every word is one English writes in
    lowercase at least as often, the first far more often and capitalised nowhere else in
    the article, the last a plural noun; no word of an organisation, a party or a people
    ("Home Office", "Free Democrats", "Young Conservatives" stay names)."""
    words = name.split()
    if len(words) < 2 or start not in case.sentence_openers or words[0] in case.capitalised:
        return False
    if span[-1].tag_ not in _PLURAL_TAGS or not all(w.isalpha() and w.istitle() for w in words):
        return False
    margins = [lowercase_margin(w) for w in words]
    if margins[0] is None or margins[0] < _ORDINARY_OPENER_MARGIN or None in margins:
        return False
    keys = [name_key(w) for w in words]
    named = generic_words() | political_words() | demonyms()
    return not any(k in named or thing_label(k) or k.rstrip("s") in named for k in keys)


def without_ordinary_words(doc: Doc, mentions: list[CleanMention]) -> list[CleanMention]:
    """The mentions that are no ordinary English word or phrase (``is_ordinary_word``,
    ``is_ordinary_phrase``)."""
    case = word_case(doc)
    kept = []
    for m in mentions:
        span = mention_span(doc, m.start_char, m.end_char)
        ordinary = is_ordinary_word(m.name, m.label, m.start_char, case) or (
            span is not None and is_ordinary_phrase(span, m.name, m.start_char, case)
        )
        if not ordinary:
            kept.append(m)
    return kept


# "Wong Kwok-hing": the lowercase syllable a romanised given name ends in, after a hyphen.
_GIVEN_NAME_SYLLABLE = re.compile(r"-([a-z]{2,6})\b(?!-)")


def _end_of_given_name(text: str, end: int, label: str) -> int:
    """The end of a person's name whose last syllable the model left out ("Wong Kwok" of
    "Wong Kwok-hing"); not a word English writes far more often in lowercase ("Obama-era",
    "Trump-backed")."""
    if label != "PERSON" or not text[end - 1 : end].isalpha():
        return end
    syllable = _GIVEN_NAME_SYLLABLE.match(text, end)
    if syllable is None:
        return end
    margin = lowercase_margin(syllable.group(1).title())
    # "hing" (1.39), "kin" (1.84) are English words too, but rarer than "era" (2.42)
    if margin is not None and margin >= _ORDINARY_OPENER_MARGIN:
        return end
    return syllable.end()


def _before_final_period(ent: Span) -> int:
    """Where the entity ends without a sentence's period the model took in ("by James To."):
    a period the tokenizer split off closes the sentence; one it kept closes an
    abbreviation ("U.S.", "Inc.")."""
    if len(ent) > 1 and ent[-1].text == ".":
        return ent[-1].idx
    return ent.end_char


def clean_mention(
    ent: Span, sentence_index: int, common: frozenset[str], text: str
) -> CleanMention | None:
    """``text`` is ``doc.text``, passed in because spaCy rebuilds it on every access."""
    label = ent.label_
    # "before Christmas": the model calls a holiday a date; it is an event.
    holiday = label == "DATE" and ent.text[:1].isupper() and is_event(ent.text.strip())
    label = "EVENT" if holiday else label
    if label not in ENTITY_LABELS:
        return None
    start, end = trimmed_bounds(text, ent.start_char, _before_final_period(ent))
    end = _end_of_given_name(text, end, label)
    start = _after_affiliation(text, start, end, label)
    name = normalised_name(text[start:end], label)
    if start >= end or not is_name(name, common):
        return None
    # The small model calls "Space Shuttle Atlantis" a person; a shuttle is a thing.
    thing = label == "PERSON" and thing_label(name)
    rule = "gazetteer" if holiday else "context" if thing else "model"
    return CleanMention(
        start, end, thing or label, name, sentence_index, original_label=ent.label_, label_rule=rule
    )
