"""Names the model found once, found again where it missed them in the same article.

The small model tags "Major General Qassem Soleimani" but not the "Soleimani," that opens the
next sentence; an article's own names are the best gazetteer for the rest of it.
"""

from collections import Counter

from spacy.tokens import Doc, Token

from pipelines.entities.names import generic_words, name_key, surname_key, title_length
from pipelines.nlp.mentions.cleaning import CleanMention, mention_span


def _search_names(mentions: list[CleanMention], common: frozenset[str]) -> dict[str, str]:
    """Name → label to look for: every multi-word name, the surname of every person, and
    one-word names the article never writes as an ordinary word ("Scientology", not "Church").

    Nationality words (NORP) are left out: the model rarely misses them.
    """
    names: dict[str, str] = {}
    # The name's most frequent label: "Scientology" is ORG more often than LOC.
    majority: dict[str, str] = {}
    for (name, label), _ in Counter((m.name, m.label) for m in mentions).most_common():
        majority.setdefault(name, label)
    for m in mentions:
        words = m.name.split()
        if len(words) < 2 and not _searchable_word(m, common):
            continue
        names.setdefault(m.name, majority[m.name])
        if m.label == "PERSON" and len(words) > 1:
            family = surname_key(m.name)
            surname = [w for w in words if name_key(w).split()[-1:] == [family]]
            if surname:
                names.setdefault(surname[-1], "PERSON")
    return names


def _searchable_word(mention: CleanMention, common: frozenset[str]) -> bool:
    key = name_key(mention.name)
    return (
        mention.label != "NORP"
        and mention.name[0].isupper()
        and mention.name == mention.name.strip(".")
        and key not in generic_words()
        and key not in common
    )


def _inside_longer_name(doc: Doc, i: int) -> bool:
    """ "Explorer" in an untagged "Internet Explorer 6" is part of another name."""
    before = i > 0 and not doc[i].is_sent_start and doc[i - 1].is_title
    after = i + 1 < len(doc) and (doc[i + 1].is_title or doc[i + 1].like_num)
    return before or after


def _first_name_before(doc: Doc, span) -> Token | None:
    """ "Novak" in an untagged "Novak Djokovic" the article names "Djokovic" elsewhere: a
    capitalised word right before a surname, no title, no entity, no function word."""
    if span.start == 0:
        return None
    token = doc[span.start - 1]
    plain = token.is_title and token.is_alpha and not token.is_stop and not token.ent_type_
    if not plain or token.pos_ != "PROPN" or title_length([token.text, "x"]):
        return None
    return token


def _is_word_char(char: str) -> bool:
    """What ``\\w`` or a hyphen matches: a name found inside a longer word is not that name."""
    return char.isalnum() or char in "_-"


def name_occurrences(text: str, names: dict[str, str]) -> list[tuple[int, str]]:
    """(start, name) of every whole-word occurrence of the names, left to right without
    overlaps, the longest name first where several start at one place: what one regular
    expression of the names as alternatives finds, longest first, without compiling one per
    article (a few milliseconds each, more than the search)."""
    ranked = sorted(names, key=len, reverse=True)
    candidates = []
    for rank, name in enumerate(ranked):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before_ok = start == 0 or not _is_word_char(text[start - 1])
            if before_ok and (end == len(text) or not _is_word_char(text[end])):
                candidates.append((start, rank))
            start = text.find(name, start + 1)
    result, free_from = [], 0
    for start, rank in sorted(candidates):
        if start >= free_from:
            result.append((start, ranked[rank]))
            free_from = start + len(ranked[rank])
    return result


def missed_mentions(
    doc: Doc,
    mentions: list[CleanMention],
    sentence_of: list[int],
    common: frozenset[str],
    text: str,
) -> list[CleanMention]:
    """Untagged whole-word occurrences of the article's names, written in the same case.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds it on every access.
    """
    names = _search_names(mentions, common)
    if not names:
        return []
    # A nonzero byte for every character a mention covers.
    taken = bytearray(len(text))
    for m in mentions:
        taken[m.start_char : m.end_char] = b"\x01" * (m.end_char - m.start_char)
    found = []
    for start, name in name_occurrences(text, names):
        end = start + len(name)
        if any(taken[start:end]):
            continue
        span = mention_span(doc, start, end)
        if span is None or any(t.ent_type_ for t in span):
            continue
        label = names[name]
        if len(span) == 1 and label != "PERSON" and _inside_longer_name(doc, span.start):
            continue
        if label == "PERSON" and " " not in name and (first := _first_name_before(doc, span)):
            start, name = first.idx, f"{first.text} {name}"
        sentence = sentence_of[span.start]
        found.append(CleanMention(start, end, label, name, sentence, label_rule="propagated"))
        taken[start:end] = b"\x01" * (end - start)
    return found
