"""Span repair, the other way round: one model span that holds two names becomes two mentions.

The small model glues names that stand side by side: a person's surname before a company's
name ("the Warhol Polaroid exhibits", "the Musk Tesla pay package"), a name and the place it is
in ("the cruise ship Freewinds in Bonaire"), two places sharing their last word ("North and
South Korea"). Each part gets a mention of its own; offsets stay exact (a part's text is the
body between its offsets), and the shared word of "North and South Korea" goes into the first
part's name ("North" is named North Korea).
"""

import re
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc

from pipelines.entities.gazetteers import first_names, known_places
from pipelines.entities.names import DETERMINERS, name_key, place_modifiers
from pipelines.nlp.mentions.cleaning import CleanMention, mention_span, normalised_name
from pipelines.nlp.mentions.propagation import name_occurrences

_WORD = re.compile(r"\S+")
_CONJUNCTIONS = frozenset({"and", "or", "&"})
# A company's name after a person's surname is mostly the company: "Musk Tesla" → Tesla ORG.
_GLUED_TO_PERSON_LABEL = "ORG"


def _words(text: str, mention: CleanMention) -> list[tuple[int, int, str]]:
    """(start, end, word) of the mention's words, without a leading determiner."""
    words = [
        (m.start(), m.end(), m.group())
        for m in _WORD.finditer(text, mention.start_char, mention.end_char)
    ]
    while len(words) > 1 and words[0][2].lower() in DETERMINERS:
        words = words[1:]
    return words


def _part(mention: CleanMention, text: str, start: int, end: int, **changes) -> CleanMention:
    name = changes.pop("name", None) or normalised_name(text[start:end], mention.label)
    return replace(mention, start_char=start, end_char=end, name=name, **changes)


def _stands_alone(text: str, words: str, inside: tuple[int, int], not_after: str = "") -> bool:
    """``words`` occur in the body outside the mention, as whole words and in the same case,
    and not right after ``not_after`` (then they would be the same glued pair again)."""
    for start, _ in name_occurrences(text, {words: ""}):
        if inside[0] <= start < inside[1]:
            continue
        if not_after and text[:start].rstrip().endswith(not_after):
            continue
        return True
    return False


def _split_coordination(mention, text, words) -> list[CleanMention] | None:
    """ "North and South Korea" → "North" (named North Korea) and "South Korea"."""
    if len(words) < 4 or words[1][2].lower() not in _CONJUNCTIONS:
        return None
    if name_key(words[0][2]) not in place_modifiers():
        return None
    second = _part(mention, text, words[2][0], mention.end_char)
    shared = second.name.split()[1:]
    if not shared or name_key(second.name) not in known_places():
        return None
    first_name = " ".join([words[0][2], *shared])
    first = _part(mention, text, words[0][0], words[0][1], name=first_name)
    return [first, second]


def _split_in_place(mention, text, words) -> list[CleanMention] | None:
    """ "Freewinds in Bonaire" → "Freewinds" and "Bonaire" (GPE), when the article also names
    the first part on its own: "Midnight in Paris" named once is a film's title."""
    for index in range(1, len(words) - 1):
        if words[index][2] != "in":
            continue
        place = _part(mention, text, words[index + 1][0], mention.end_char, label="GPE")
        head = _part(mention, text, words[0][0], words[index - 1][1])
        if name_key(place.name) not in known_places() or not head.name[:1].isupper():
            return None
        if not _stands_alone(text, head.name, (mention.start_char, mention.end_char)):
            return None
        return [head, replace(place, label_rule="split")]
    return None


# Tags of a plural noun or a present-tense verb: the small model reads "Warhol Polaroid
# exhibits" and "Musk Tesla pay package" as a subject and its verb.
_NOUN_AFTER_TAGS = frozenset({"NN", "NNS", "VB", "VBZ", "VBP"})


def _before_a_noun(doc: Doc, mention: CleanMention) -> bool:
    """The pair modifies a common noun ("exhibits", "letter"); a person's own name is
    followed by what the person did ("Allen Iverson scored"), or by the rest of a name
    ("Wong Kwok-kin", surname first, where the article also names a "Raymond Wong")."""
    span = mention_span(doc, mention.start_char, mention.end_char)
    if span is None or span.end >= len(doc):
        return False
    after = doc[span.end]
    # "Wong Kwok-kin": a span that ends inside a hyphenated word is part of a longer name.
    if not doc[span.end - 1].whitespace_ or not after.is_lower:
        return False
    compound = span.root.dep_ == "compound" and span.root.head == after
    return compound or after.tag_ in _NOUN_AFTER_TAGS


def _split_surname_glued(doc, mention, text, words, surnames, labels) -> list[CleanMention] | None:
    """ "Warhol Polaroid exhibits" → "Warhol" PERSON and "Polaroid": a PERSON span that opens
    with the surname of another person of the article (named in full elsewhere) and goes on
    with a name the article also writes on its own, the pair modifying a common noun."""
    if mention.label != "PERSON" or len(words) < 2:
        return None
    if not _before_a_noun(doc, mention):
        return None
    for cut in range(1, len(words)):
        head = " ".join(w for _, _, w in words[:cut])
        if name_key(head) not in surnames:
            continue
        rest = _part(mention, text, words[cut][0], mention.end_char)
        span = (mention.start_char, mention.end_char)
        if not rest.name[:1].isupper() or not _stands_alone(text, rest.name, span, head):
            return None
        label = labels.get(rest.name, _GLUED_TO_PERSON_LABEL)
        person = _part(mention, text, words[0][0], words[cut - 1][1])
        return [person, replace(rest, label=label, label_rule="split")]
    return None


def _article_surnames(mentions: list[CleanMention]) -> frozenset[str]:
    """Keys of the last words of the article's PERSON names of two words or more."""
    surnames = set()
    for m in mentions:
        keys = name_key(m.name).split()
        if m.label == "PERSON" and len(keys) > 1:
            surnames.update(" ".join(keys[-n:]) for n in range(1, len(keys)))
    return frozenset(surnames)


def _non_person_labels(mentions: list[CleanMention]) -> dict[str, str]:
    """Name → its most frequent label among the article's mentions that are not persons."""
    counts: dict[str, Counter] = {}
    for m in mentions:
        if m.label != "PERSON":
            counts.setdefault(m.name, Counter())[m.label] += 1
    return {name: c.most_common(1)[0][0] for name, c in counts.items()}


def _split_at_the(mention, text, words, surnames, labels) -> list[CleanMention] | None:
    """ "According to Rathbun the Scientology property ..." → "Rathbun" PERSON and
    "Scientology": a surname of the article's person, "the", then a name the article also
    writes on its own ("Alexander the Great" names no other person in full)."""
    for index in range(1, len(words) - 1):
        if words[index][2] != "the":
            continue
        head = " ".join(w for _, _, w in words[:index])
        rest = _part(mention, text, words[index + 1][0], mention.end_char)
        span = (mention.start_char, mention.end_char)
        if name_key(head) not in surnames or not rest.name[:1].isupper():
            return None
        if not _stands_alone(text, rest.name, span):
            return None
        person = _part(mention, text, words[0][0], words[index - 1][1], label="PERSON")
        # the name's label is the article's own, copied as propagation copies it: a weak one
        # that the votes may overrule
        rest = replace(rest, label=labels.get(rest.name, _GLUED_TO_PERSON_LABEL))
        return [replace(person, label_rule="split"), replace(rest, label_rule="propagated")]
    return None


# Tags of a verb in the past or the present: "... Relations Alia Salem said".
_VERB_AFTER_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def _split_person_after_organisation(doc, mention, text, words) -> list[CleanMention] | None:
    """ "the Council on American-Islamic Relations Alia Salem said" → the organisation and
    "Alia Salem" PERSON: an organisation's span of four words or more that ends in a first
    name (``first_names``) and a capitalised surname, before a verb."""
    if mention.label != "ORG" or len(words) < 4:
        return None
    first, surname, before = words[-2][2], words[-1][2], words[-3][2]
    if name_key(first) not in first_names() or not _SURNAME.match(surname):
        return None
    # "Mary Jane Smith Foundation" ends in no person; "Bill and Melinda Gates" is one name
    if not before[:1].isupper() or name_key(before) in first_names():
        return None
    span = mention_span(doc, mention.start_char, mention.end_char)
    if span is None or span.end >= len(doc) or doc[span.end].tag_ not in _VERB_AFTER_TAGS:
        return None
    organisation = _part(mention, text, mention.start_char, words[-3][1])
    person = _part(mention, text, words[-2][0], mention.end_char, label="PERSON")
    return [organisation, replace(person, label_rule="split")]


_SURNAME = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


def split_glued_names(
    doc: Doc, mentions: list[CleanMention], text: str
) -> tuple[list[CleanMention], int]:
    """Mentions with every span of two names cut in two, and how many were cut."""
    surnames = _article_surnames(mentions)
    labels = _non_person_labels(mentions)
    result, split = [], 0
    for mention in mentions:
        words = _words(text, mention)
        parts = (
            _split_coordination(mention, text, words)
            or _split_in_place(mention, text, words)
            or _split_surname_glued(doc, mention, text, words, surnames, labels)
            or _split_at_the(mention, text, words, surnames, labels)
            or _split_person_after_organisation(doc, mention, text, words)
        )
        if parts:
            result += parts
            split += 1
        else:
            result.append(mention)
    return result, split
