"""Span repair: mentions that are no names are dropped, halves of one name are joined.

"Photo: Getty Images", "Ebola" and a lone capitalised "The" are no entities of a newsroom's
kind (``data/debris.csv``, ``data/diseases.csv``); "Ludwig van" PERSON + "Beethoven" GPE is one
person. Offsets stay exact: a joined mention runs from the first one's start to the second's
end, and its text is the body between them.
"""

import re
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from pipelines.entities.gazetteers import (
    debris_keys,
    disease_keys,
    first_names,
    is_region,
    known_places,
    landforms,
    org_suffixes,
    product_names,
)
from pipelines.entities.names import (
    _ACRONYM_SKIP,
    generic_words,
    known_variant,
    name_key,
    thing_label,
    title_length,
    titles_by_first_word,
)
from pipelines.nlp.mentions.cleaning import (
    CleanMention,
    mention_span,
    normalised_name,
    sentence_bounds,
)

# Lowercase particles inside a person's name: "Ludwig van Beethoven", "Osama bin Laden".
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le"})
_NAME_PARTICLES |= frozenset({"bin", "ibn", "al", "el", "ben", "dos", "del", "y"})


def is_debris(name: str) -> bool:
    """A caption credit, page furniture, a disease, or a capitalised function word ("The")."""
    key = name_key(name)
    first = key.split(":")[0].strip()
    if key in debris_keys() or first in debris_keys() or key in disease_keys():
        return True
    # "A", "The", "It" opening a sentence; "US" in capitals is a name, "Us" is not.
    return " " not in name and key in STOP_WORDS and not name.isupper()


# "Lassa fever", "Zika virus": the model tags the name before a disease word.
_DISEASE_WORD = re.compile(r"\s+(?:fever|virus|disease|flu|syndrome)\b")


def drop_debris(mentions: list[CleanMention], text: str) -> list[CleanMention]:
    return [
        m for m in mentions if not is_debris(m.name) and not _DISEASE_WORD.match(text, m.end_char)
    ]


def _joins(first: CleanMention, second: CleanMention, text: str) -> bool:
    """Two adjacent mentions that are one person's name."""
    gap = text[first.end_char : second.start_char]
    # "Ursula von" + "der" + "Leyen": a particle the model left between the two halves
    particle = gap.startswith(" ") and gap.endswith(" ") and gap.strip() in _NAME_PARTICLES
    if first.sentence_index != second.sentence_index or not (gap == " " or particle):
        return False
    # The two halves of a span of two names, cut apart on purpose (``glued.py``); a name a
    # gazetteer knows ("Musk Tesla": the company after the person) is no surname.
    if second.label_rule in {"split", "gazetteer"}:
        return False
    if first.name.split()[-1] in _NAME_PARTICLES:
        return True
    if particle:
        return False
    # "Mohamed" PERSON + "Salah" ORG: a one-word surname tagged apart, not a place.
    lone = second.name
    return (
        first.label == "PERSON"
        and " " not in lone
        and lone.istitle()
        and second.label != "PERSON"
        and name_key(lone) not in known_places()
    )


def merge_adjacent(mentions: list[CleanMention], text: str) -> tuple[list[CleanMention], int]:
    """Mentions (in text order) with halves of one person's name joined, and how many joined."""
    result: list[CleanMention] = []
    merged = 0
    for mention in mentions:
        if result and _joins(result[-1], mention, text):
            first = result[-1]
            result[-1] = replace(
                first,
                end_char=mention.end_char,
                label="PERSON",
                name=" ".join(
                    [first.name, *text[first.end_char : mention.start_char].split(), mention.name]
                ),
                label_rule="merged",
            )
            merged += 1
            continue
        if result and _joins_organisation(result[-1], mention, text):
            first = result[-1]
            name = normalised_name(text[first.start_char : mention.end_char], "ORG")
            result[-1] = replace(first, end_char=mention.end_char, name=name)
            merged += 1
            continue
        result.append(mention)
    return result, merged


# "the Andy Warhol Foundation for the Visual Arts": the words that join an organisation's
# head word to what it is for.
_ORGANISATION_JOINS = frozenset({" for the ", " for "})


def _joins_organisation(first: CleanMention, second: CleanMention, text: str) -> bool:
    """Two organisations' spans that are one name: the first ends in an organisation's word
    ("Foundation", "Council", ``thing_words.csv``, ``generic_words.csv``), then "for (the)"."""
    if first.label != "ORG" or second.label != "ORG":
        return False
    if first.sentence_index != second.sentence_index:
        return False
    if text[first.end_char : second.start_char] not in _ORGANISATION_JOINS:
        return False
    last = name_key(first.name.split()[-1])
    return thing_label(last) == "ORG" or last in generic_words()


def _extends(doc: Doc, index: int, span: Span) -> bool:
    """A capitalised word beside the span, outside any entity, joined to it by the parse:
    "Ohio" + "State", "Tampa" + "Bay", "Real" + "Madrid" (a compound), or a company suffix
    ("Apple" + "Inc")."""
    if not 0 <= index < len(doc):
        return False
    token = doc[index]
    ids = sentence_bounds(doc)[0]
    if token.ent_type_ or not token.is_title or token.is_stop or ids[index] != ids[span.start]:
        return False
    if index == span.end and token.text in org_suffixes():
        return True
    # A sentence's first word is capitalised whatever it is: "Rival Samsung".
    if index < span.start and token.is_sent_start:
        return False
    key = name_key(token.text)
    # A generic word ends a name ("Ohio State", "Kansas City") but does not start one.
    generic = key in generic_words() and index < span.start
    if generic or titles_by_first_word().get(key) or token.pos_ != "PROPN":
        return False
    # "NASA Administrator Charles Bolden": a word between a name and a person is a title.
    if index == span.end and index + 1 < len(doc) and doc[index + 1].ent_type_ == "PERSON":
        return False
    root = span.root
    if index < span.start:  # "Food" + "Standards" + "Australia New Zealand": a chain of compounds
        return span.start <= token.head.i < span.end
    return root.head == token


def _start_over_of(doc: Doc, span: Span) -> int:
    """The start of "Daughters of the" before "American Revolution Constitution Hall": a
    capitalised word (a noun or a name) outside any entity, inside the sentence, that "of"
    (and "the") join to the name in the parse; no title or generic word ("President of")."""
    start = span.start
    of = start - 2 if start > 1 and doc[start - 1].lower_ == "the" else start - 1
    if of < 1 or doc[of].lower_ != "of" or span.root.head != doc[of]:
        return start
    token = doc[of - 1]
    ids = sentence_bounds(doc)[0]
    key = name_key(token.text)
    # A sentence's or a quotation's first word is capitalised whatever it is: '"Commanders of'.
    opens = token.is_sent_start or (of > 1 and (doc[of - 2].is_punct or doc[of - 2].is_quote))
    if token.ent_type_ or not token.is_title or token.is_stop or opens:
        return start
    if ids[of - 1] != ids[start] or doc[of].head != token or token.pos_ not in {"PROPN", "NOUN"}:
        return start
    if key in generic_words() or titles_by_first_word().get(key):
        return start
    return of - 1


# Before a run of name words, a boundary: a list's comma, a bracket, a determiner, "and".
_RUN_BOUNDARY_POS = frozenset({"PUNCT", "DET", "CCONJ"})
_LONGEST_RUN = 3


def _start_over_compound_run(doc: Doc, span: Span) -> int:
    """The start of "Doctor Who" before "Society of Canada": up to three capitalised proper
    nouns right before the name, outside any entity, each a compound of a later word of the
    run or of the name, the first one after a comma, a bracket, a determiner or "and". Such
    a run is one name with what follows even when its words are a title or a function word
    alone ("Doctor", "Who"), which ``_extends`` leaves out one by one."""
    start = span.start
    ids = sentence_bounds(doc)[0]
    run = start
    while run > 0 and start - run < _LONGEST_RUN:
        token = doc[run - 1]
        joined = token.dep_ == "compound" and run - 1 < token.head.i < span.end
        if token.ent_type_ or not token.is_title or token.pos_ != "PROPN" or not joined:
            break
        if ids[run - 1] != ids[start] or token.is_sent_start:
            return start
        run -= 1
    if run == start or run == 0 or doc[run - 1].pos_ not in _RUN_BOUNDARY_POS:
        return start
    return run


def _in_any(token, ranges: list[tuple[int, int]]) -> bool:
    """The token belongs to another mention ("Musk" before "Tesla": a person the article's
    names found where the model tagged nothing)."""
    return any(start <= token.idx < end for start, end in ranges)


def extend_to_whole_names(
    doc: Doc, mentions: list[CleanMention], text: str
) -> tuple[list[CleanMention], int]:
    """Mentions grown over the capitalised words of their name that the model left out, and
    how many grew. Persons are left alone: their neighbours are titles and other names."""
    result, grown = [], 0
    for mention in mentions:
        span = mention_span(doc, mention.start_char, mention.end_char)
        if span is not None and (landform := _grown_over_landform(doc, span, mention, text)):
            result.append(landform)
            grown += 1
            continue
        if span is None or mention.label == "PERSON":
            result.append(mention)
            continue
        start, end = span.start, span.end
        others = [(m.start_char, m.end_char) for m in mentions if m is not mention]
        # a name a gazetteer found whole ("Tesla" of the listed companies) starts where it does
        whole = mention.original_label is None and mention.label_rule == "gazetteer"
        while (
            not whole
            and _extends(doc, start - 1, doc[start:end])
            and not _in_any(doc[start - 1], others)
        ):
            start -= 1
        while _extends(doc, end, doc[start:end]) and not _in_any(doc[end], others):
            end += 1
        if not whole:
            start = _start_over_of(doc, doc[start:end])
            start = _start_over_compound_run(doc, doc[start:end])
        if (start, end) == (span.start, span.end):
            result.append(mention)
            continue
        start_char = min(doc[start].idx, mention.start_char)
        end_char = max(doc[end - 1].idx + len(doc[end - 1]), mention.end_char)
        name = normalised_name(text[start_char:end_char], mention.label)
        # A place inside a longer name that is no place is a team or a body: "Real Madrid",
        # "Ohio State", "Environment Canada".
        label = mention.label
        if name_key(mention.name) in known_places() and name_key(name) not in known_places():
            label = thing_label(name) or "ORG"
        rule = "merged" if label != mention.label else mention.label_rule
        grown_mention = replace(mention, start_char=start_char, end_char=end_char, name=name)
        result.append(replace(grown_mention, label=label, label_rule=rule))
        grown += 1
    return result, grown


def _grown_over_landform(doc: Doc, span: Span, mention: CleanMention, text: str):
    """ "The Plains of Arafat", "the Gulf of Mexico": a landform's or a water's word and "of"
    before a name (``data/landforms.csv``) make one location with it, LOC; None otherwise."""
    of = span.start - 1
    if of < 1 or doc[of].lower_ != "of":
        return None
    word = doc[of - 1]
    if not word.is_title or word.lower_ not in landforms() or word.ent_type_:
        return None
    name = normalised_name(text[word.idx : mention.end_char], "LOC")
    grown = replace(mention, start_char=word.idx, name=name, label="LOC")
    return replace(grown, label_rule="gazetteer" if mention.label != "LOC" else mention.label_rule)


def cut_titles_from_organisations(
    mentions: list[CleanMention], text: str
) -> tuple[list[CleanMention], int]:
    """Organisations' spans without the title of the person beside them, and how many were
    cut: "Charles Bolden, NASA Administrator" ORG → "NASA"; "NASA Administrator Charles
    Bolden" too. "The Office of the President" keeps its last word: no person is beside it."""
    result, cut = list(mentions), 0
    for index, mention in enumerate(mentions):
        words = mention.name.split()
        if mention.label != "ORG" or len(words) < 2 or title_length([words[-1], "x"]) != 1:
            continue
        before = mentions[index - 1] if index else None
        after = mentions[index + 1] if index + 1 < len(mentions) else None
        person_before = _person_at(before, text, mention.start_char, before_gap=", ")
        person_after = _person_at(after, text, mention.end_char, before_gap=" ")
        if not (person_before or person_after):
            continue
        end = text.rindex(words[-1], mention.start_char, mention.end_char)
        end = len(text[mention.start_char : end].rstrip()) + mention.start_char
        name = normalised_name(text[mention.start_char : end], "ORG")
        result[index] = replace(mention, end_char=end, name=name)
        cut += 1
    return result, cut


def _person_at(other: CleanMention | None, text: str, edge: int, before_gap: str) -> bool:
    """``other`` is a person right beside ``edge``: ", " before the organisation, or " " after."""
    if other is None or other.label != "PERSON":
        return False
    if other.end_char <= edge:
        return text[other.end_char : edge] == before_gap
    return text[edge : other.start_char] == " "


def grow_to_full_names(
    doc: Doc, mentions: list[CleanMention], text: str
) -> tuple[list[CleanMention], int]:
    """Mentions grown over the words of their name the model left out, where the words
    before them say so, and how many grew:

    - a first name before a one-word person: "singer-songwriter Carly Simon", "the Refugee
      Council Enver Solomon" (the model tagged "Simon", "Solomon");
    - a title before a place's name tagged PERSON is a character's name: "Captain America";
    - the first words of a known product: "Internet Explorer" (``data/products.csv``);
    - the words an acronym in brackets after the mention spells: "Movimento 5 Stelle (M5S)"
      (the model tagged "Stelle" a person).
    """
    ends = {m.end_char for m in mentions}
    result, grown = [], 0
    for mention in mentions:
        span = mention_span(doc, mention.start_char, mention.end_char)
        repaired = None
        if span is not None:
            repaired = _named_by_its_acronym(doc, span, mention, text) or _full_name(
                doc, span, mention, ends
            )
        result.append(repaired or mention)
        grown += repaired is not None
    return result, grown


def _full_name(doc: Doc, span: Span, mention: CleanMention, mention_ends: set[int]):
    # the word before must belong to no other mention
    if span.start == 0 or doc[span.start - 1].idx + len(doc[span.start - 1]) in mention_ends:
        return None
    before = doc[span.start - 1]
    ids = sentence_bounds(doc)[0]
    if ids[before.i] != ids[span.start] or before.ent_type_ or not before.is_title:
        return None
    if (product := _product_start(doc, span)) is not None:
        name = normalised_name(doc[product : span.end].text, "PRODUCT")
        start_char = doc[product].idx
        return replace(
            mention, start_char=start_char, name=name, label="PRODUCT", label_rule="context"
        )
    if mention.label != "PERSON" or len(span) != 1:
        return None
    key = name_key(before.text)
    if titles_by_first_word().get(key) and _names_a_place(mention.name):
        name = f"{before.text} {mention.name}"
        return replace(mention, start_char=before.idx, name=name, label_rule="context")
    if _first_name_before(before, span):
        name = f"{before.text} {mention.name}"
        return replace(mention, start_char=before.idx, name=name)
    return None


def _names_a_place(name: str) -> bool:
    """A place the gazetteer, the regions or the variants know: "America", "Texas"."""
    key = name_key(name)
    return key in known_places() or is_region(name) or known_variant(name, "GPE") is not None


def _first_name_before(before, span: Span) -> bool:
    """A capitalised name word before a one-word person, inside its sentence, no title: a
    first name the census or gender-guesser knows, or a word the parse makes part of the
    name that is no place and no generic word."""
    key = name_key(before.text)
    if before.pos_ != "PROPN" or before.is_stop or before.is_sent_start:
        return False
    if titles_by_first_word().get(key):
        return False
    if key in first_names():
        return True
    if key in generic_words() or key in known_places():
        return False
    return before.head == span.root and before.dep_ == "compound"


def _product_start(doc: Doc, span: Span) -> int | None:
    """The token a known product's name starts at, when the mention is its last words."""
    ids = sentence_bounds(doc)[0]
    for start in range(span.start - 1, max(span.start - 3, -1), -1):
        if ids[start] != ids[span.start] or not doc[start].is_title:
            return None
        if name_key(doc[start : span.end].text) in product_names():
            return start
    return None


def cut_phrases_past_names(
    doc: Doc, mentions: list[CleanMention], text: str
) -> tuple[list[CleanMention], int]:
    """Mentions cut before a preposition that the parse attaches outside them, and how many
    were cut: "spoken out against Scientology on French television" (the model's "Scientology
    on French") is "Scientology"; "Bank of America" keeps its "of", which belongs to "Bank"."""
    result, cut = [], 0
    for mention in mentions:
        span = mention_span(doc, mention.start_char, mention.end_char)
        end = None if span is None else _outside_preposition(span)
        if end is None:
            result.append(mention)
            continue
        end_char = doc[end - 1].idx + len(doc[end - 1])
        name = normalised_name(text[mention.start_char : end_char], mention.label)
        result.append(replace(mention, end_char=end_char, name=name))
        cut += 1
    return result, cut


def _outside_preposition(span: Span) -> int | None:
    """The token a lowercase preposition inside the span starts at, when its head lies
    outside the span; None when there is none, or when it would leave no name."""
    for token in span[1:]:
        if token.pos_ == "ADP" and token.is_lower:
            outside = not span.start <= token.head.i < span.end
            return token.i if outside and token.i > span.start else None
    return None


# "(M5S)", "(NRA)": an acronym in brackets right after a name
_BRACKETED_ACRONYM = re.compile(r"\s?\(([A-Z0-9]{2,6})\)")
# the model's number labels: a number inside a name ("Movimento 5 Stelle") is no name of its own
_NUMBER_LABELS = frozenset({"", "CARDINAL", "ORDINAL", "QUANTITY"})


def _named_by_its_acronym(doc: Doc, span: Span, mention: CleanMention, text: str):
    """The mention grown back over the words its bracketed acronym spells, when they go
    beyond it and hold no other name: "Movimento 5 Stelle (M5S)" ORG."""
    found = _BRACKETED_ACRONYM.match(text, mention.end_char)
    if found is None:
        return None
    letters = found.group(1)
    start = _acronym_start(doc, span, letters)
    if start is None or start >= span.start:
        return None
    if any(token.ent_type_ not in _NUMBER_LABELS for token in doc[start : span.start]):
        return None
    name = normalised_name(text[doc[start].idx : mention.end_char], "ORG")
    label = thing_label(name) or "ORG"
    rule = "context" if label != mention.label else mention.label_rule
    grown = replace(mention, start_char=doc[start].idx, name=name)
    return replace(grown, label=label, label_rule=rule)


def _acronym_start(doc: Doc, span: Span, letters: str) -> int | None:
    """The token where the words ending the span whose first characters spell ``letters``
    start (function words skipped); None when they do not spell it."""
    ids = sentence_bounds(doc)[0]
    sentence = ids[span.end - 1]
    index, remaining = span.end - 1, list(letters)
    while remaining:
        if index < 0 or ids[index] != sentence:
            return None
        token = doc[index]
        if token.lower_ in _ACRONYM_SKIP and token.is_lower:
            index -= 1
            continue
        if token.text[0].upper() != remaining[-1] or not (
            token.is_title or token.text[0].isdigit()
        ):
            return None
        remaining.pop()
        index -= 1
    return index + 1
