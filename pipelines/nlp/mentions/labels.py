"""Labels past the small model's mistakes: gazetteers and contexts (the vote is ``votes.py``).

Each rule family leaves its name in ``label_rule``:

- ``gazetteer``: a recurring event is an EVENT ("Diwali", "the Turkish Grand Prix"); a known
  place is never a PERSON ("Kabul" PERSON → GPE) unless the article names a person with it.
- ``context``: words beside the name that only one kind of entity has: "Nvidia shares",
  "shares of Spotify" (a company), "Prime Minister Modi" (a person).
- ``team``: a place that plays is a team: "Michigan beat Ohio State 42-27", "Leeds manager
  Marcelo Bielsa" (ORG). Countries keep their label, as CoNLL annotates them.
- ``lone_word``: a one-word PERSON the article never names in full, with no title before it,
  is an organisation ("Twitter said", "Pfizer"): news introduces people by their full name.
  A weak rule: votes may overrule it, and resolution still looks it up as the person it
  may be.

More kinds of names, read from the gazetteer and the words beside them, are in ``kinds.py``.
"""

import re
from collections import Counter
from dataclasses import replace

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span

from pipelines.entities.gazetteers import (
    affiliations,
    beliefs,
    census_first_names,
    common_census_first_names,
    demonyms,
    first_names,
    government_words,
    head_words,
    is_country,
    is_event,
    is_region,
    known_places,
    landforms,
    law_words,
    named_things,
    org_contexts,
    org_suffixes,
    person_named_firms,
    person_nouns,
    place_nouns,
    political_words,
    settled_places,
    sports_words,
    towns,
)
from pipelines.entities.names import (
    country_table,
    generic_words,
    known_variant,
    name_key,
    place_modifiers,
    thing_label,
    title_length,
    variant_table,
)
from pipelines.nlp.mentions.cleaning import CleanMention, mention_span, sentence_bounds, sentence_of
from pipelines.nlp.mentions.kinds import (
    code_label,
    is_dateline_agency,
    is_family,
    is_known_place_after_preposition,
    is_named_like_a_product,
    is_picture_credit,
    is_plural_of_a_brand,
    is_region_after_town,
    is_town_newspaper,
    is_unknown_place_acting,
    place_after_preposition,
)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "across", "throughout", "outside"})
# Labels the model gives companies it does not know: "Nvidia" PERSON, "Spotify" GPE.
_COMPANY_SUSPECTS = frozenset({"PERSON", "GPE", "LOC", "PRODUCT", "WORK_OF_ART", "FAC"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
_OPPONENT_PREPOSITIONS = frozenset({"to", "with", "against", "over"})
SPEECH_LEMMAS = frozenset(
    {"say", "tell", "announce", "add", "report", "state", "warn", "declare", "claim"}
)
# Labels the model gives names it does not know the kind of; a thing word in the name wins.
_WEAK_LABELS = frozenset({"GPE", "LOC", "NORP", "EVENT", "WORK_OF_ART"})
# Three capitals or more, no roman numeral: "DAB", "NASA"; never a word of a person's name.
_ACRONYM = re.compile(r"^(?![IVXLC]+$)[A-Z]{3,}$")
_INITIALS = re.compile(r"^((?:[A-Z]\.){1,3}|[A-Z]{1,2})\s?[A-Z][a-z]{2,}$")
_VERSION = re.compile(r"(?:\s|[A-Za-z])\d{1,2}(?:\.\d)?$")
# "IE6", "PS5": two capitals and a version number name a product.
# "pro-Beijing", "anti-Kremlin": a side taken, written as one word before a noun.
_ALLEGIANCE = re.compile(r"^(?:pro|anti)-[A-Z]", re.IGNORECASE)
_VERSIONED_PRODUCT = re.compile(r"^([A-Z]{2})(\d{1,2})$")
# Labels the model gives a product it reads as a place or a person.
_VERSIONED_SUSPECTS = frozenset({"GPE", "LOC", "FAC", "PERSON", "NORP"})
# What follows a dateline's place: "(Reuters) -", ", March 2 (AP) —".
DATELINE_TAIL = re.compile(r"(?:,[^\n(]{0,40})?\s*\([A-Z][\w .&-]{1,30}\)\s*[-–—]")
_SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b")
# Labels no rule has confirmed: the model's own, or copied from the article's names.
MODEL_RULES = frozenset({"model", "propagated"})
# A lone word is a weak sign: the article's other mentions of the entity may outvote it.
WEAK_RULES = frozenset({"lone_word"})


def _span(doc: Doc, mention: CleanMention) -> Span | None:
    return mention_span(doc, mention.start_char, mention.end_char)


def _word_after(doc: Doc, span: Span) -> str:
    return doc[span.end].lower_ if span.end < len(doc) else ""


def _words_before(doc: Doc, span: Span, count: int) -> str:
    return " ".join(t.lower_ for t in doc[max(span.start - count, 0) : span.start])


def _is_team(doc: Doc, span: Span, mention: CleanMention) -> bool:
    """ "Michigan beat Ohio State 42-27", "Leeds manager Marcelo Bielsa"."""
    if is_country(mention.name) or mention.label == "NORP":
        return False
    after = _word_after(doc, span)
    if after in sports_words()["role"] and not doc[span.end - 1].text.endswith("s'"):
        return mention.label != "PERSON" or name_key(mention.name) in known_places()
    root = span.root
    # "lost to Iowa", "drew with Leeds"; not "beat Leeds at Anfield" (the ground is a place).
    opponent = root.dep_ == "pobj" and root.head.lower_ in _OPPONENT_PREPOSITIONS
    head = root.head.head if opponent else root.head
    return (
        head.lemma_.lower() in sports_words()["verb"]
        and (root.dep_ in {"nsubj", "dobj", "conj"} or opponent)
        and _SCORE.search(sentence_of(span).text) is not None
    )


def _is_company(doc: Doc, span: Span, mention: CleanMention) -> bool:
    """ "Nvidia shares", "shares of Spotify", "rival Samsung"; not a place's stocks."""
    if name_key(mention.name) in known_places() or mention.label == "NORP":
        return False
    if doc[span.end - 1].text.lower().endswith(("'s", "’s")):
        return False
    contexts = org_contexts()
    before = {_words_before(doc, span, 1), _words_before(doc, span, 2)}
    return name_key(_word_after(doc, span)) in contexts["after"] or bool(
        before & contexts["before"]
    )


def _after_title(doc: Doc, span: Span) -> bool:
    """ "Prime Minister Modi": a title right before the name, the name itself no place."""
    words = [t.text for t in doc[max(span.start - 3, 0) : span.start]]
    return any(title_length(words[i:] + ["x"]) == len(words) - i for i in range(len(words)))


def _name_words(mentions: list[CleanMention]) -> frozenset[str]:
    """Word keys of the article's names of two words or more ("Victoria" of "Victoria
    Azarenka"): a lone word among them may be a person's first name or surname."""
    return frozenset(w for m in mentions if " " in m.name for w in name_key(m.name).split())


def _relabel(mention: CleanMention, label: str, rule: str) -> CleanMention:
    return mention if label == mention.label else replace(mention, label=label, label_rule=rule)


def _place_label(doc: Doc, span: Span, mention: CleanMention, person_words) -> str | None:
    """GPE for a known place the model called a person or an all-capitals dateline
    organisation ("TOKYO (Reuters) -"), and for a one-word "person" after "in" or "at"
    ("at Anfield"); None otherwise. A word of a person's name in the article stays a name."""
    key = name_key(mention.name)
    if mention.label == "PERSON" and key in known_places() and key not in person_words:
        return "gazetteer"
    if mention.name.isupper() and len(key) > 3 and key in known_places():
        return "gazetteer"
    if mention.name.isupper() and _is_dateline(doc, span):
        return "context"
    lone_person = mention.label == "PERSON" and " " not in key and key not in person_words
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head  # "in Lagos and Kano"
    if lone_person and root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS:
        return "context"
    return None


def _is_dateline(doc: Doc, span: Span) -> bool:
    """ "FRANKFURT (Reuters) -": a name in capitals opening a line, before the agency.

    Read from the tokens: ``doc.text`` is rebuilt on every access. Callers first test the
    mention's name: the span holds the name, so a name with a lowercase letter rules it
    out without building the span's text."""
    if not span.text.isupper():
        return False
    before = doc[span.start - 1] if span.start else None
    if before is not None and "\n" not in before.text + before.whitespace_:
        return False
    after = doc[span.end - 1].whitespace_ + doc[span.end : span.end + 12].text
    return DATELINE_TAIL.match(after) is not None


def _person_after_title(span: Span, mention: CleanMention) -> bool:
    """ "Prime Minister Modi" tagged ORG, "coach Justin Langer" tagged ORG, "fashion designer
    Halston" tagged GPE: a name of one or two capitalised words after a title, a team role or
    an occupation (``data/person_nouns.csv``, lowercase: "Designer Outlet" is no person), no
    known place."""
    words = mention.name.split()
    before = span.doc[span.start - 1] if span.start else None
    occupation = before is not None and before.text in person_nouns()
    labels = _PERSON_SUSPECTS | {"GPE"} if occupation else _PERSON_SUSPECTS
    return (
        mention.label in labels
        and len(words) <= 2
        and all(w.istitle() for w in words)
        and name_key(mention.name) not in known_places()
        and (
            occupation
            or _after_title(span.doc, span)
            or (before is not None and before.lower_ in sports_words()["role"])
        )
    )


_PERSON_SUSPECTS = frozenset({"ORG", "NORP", "PRODUCT", "WORK_OF_ART", "LOC", "FAC"})
_PLACE_NOUN_SUSPECTS = frozenset({"ORG", "PERSON", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})


def _member_of(span: Span, mention: CleanMention) -> bool:
    """ "Cheng Chung-tai of Civic Passion" tagged PERSON, "Nick Rhodes of Duran Duran" tagged
    GPE: a name right after a person's name and "of" is what the person belongs to, an
    organisation where it is no known place."""
    doc = span.doc
    return (
        mention.label in {"PERSON", "GPE", "LOC"}
        and span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].ent_type_ == "PERSON"
        and name_key(mention.name) not in settled_places()
    )


def _after_place_noun(span: Span, mention: CleanMention) -> bool:
    """ "the town of Yeoncheon" tagged ORG: a name after a place noun and "of" is a GPE."""
    doc = span.doc
    return (
        mention.label in _PLACE_NOUN_SUSPECTS
        and span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].text in place_nouns()
    )


def _unintroduced_person(span: Span, mention: CleanMention, person_words) -> bool:
    """ "Twitter said", "Pfizer": a one-word person the article never names in full, with no
    title before it, no common first name ("Marilyn"). News introduces people by their full
    name; a lone word is a company, a platform or a product far more often."""
    key = name_key(mention.name)
    return (
        mention.label == "PERSON"
        and " " not in key
        and key not in person_words
        and key not in common_census_first_names()
        and not _plays_a_role(span)
        and not _after_title(span.doc, span)
        # "Ms Bauchtman said": the model's span holds the title
        and not title_length([t.text for t in span])
        and not _referred_to_as_a_person(span)
        and not _spelt_like_a_name_word(key, person_words)
        # "the Trump administration": a government is named after its leader
        and not _before_government_word(span)
    )


def _spelt_like_a_name_word(key: str, person_words: frozenset[str]) -> bool:
    """ "said Mauer" after "K.C. Maurer": one letter away from a word of the article's longer
    names (five letters or more) is the same person's name, misspelt."""
    if len(key) < 5:
        return False
    return any(
        Levenshtein.distance(key, word, score_cutoff=1) <= 1
        for word in person_words
        if len(word) >= 5
    )


_ROLE_VERBS = frozenset({"play", "portray", "voice"})


def _plays_a_role(span: Span) -> bool:
    """ "the Star Wars lead played the Joker": what an actor plays is a character, a person."""
    root = span.root
    return root.dep_ == "dobj" and root.head.lemma_.lower() in _ROLE_VERBS


def _referred_to_as_a_person(span: Span) -> bool:
    """ "... their child, Gloria. She died ...": "he" or "she" after the name, in its sentence
    or the next, and no "it"; a company is "it"."""
    doc = span.doc
    _, _, ends = sentence_bounds(doc)
    sentence = sentence_bounds(doc)[0][span.start]
    end = ends[min(sentence + 1, len(ends) - 1)]
    words = {t.lower_ for t in doc[span.end : end]}
    return bool(words & _PERSON_PRONOUNS) and not words & {"it", "its"}


def _work_named_as_a_person(span: Span, mention: CleanMention) -> bool:
    """'a cosplayer going by the name "The Katherinator". She was ...': a one-word "title"
    whose sentence the next one answers with "He" or "She" is a person's (nick)name."""
    if mention.label != "WORK_OF_ART" or " " in mention.name:
        return False
    ids, starts, _ = sentence_bounds(span.doc)
    following = ids[span.start] + 1
    if following >= len(starts):
        return False
    return span.doc[starts[following]].lower_ in {"he", "she"}


_AUTHORED_SUSPECTS = frozenset({"ORG", "PERSON", "PRODUCT", "NORP", "GPE", "LOC", "FAC"})
_AUTHOR_LABELS = frozenset({"", "PERSON"})


def _work_by_its_author(span: Span, mention: CleanMention) -> bool:
    """ "Epic Mickey by The Katherinator", "Mona Lisa by Leonardo": a name that "by" and a
    person's name follow, "by" attached to the name itself (not to a verb: "founded by"),
    is a work, its author's."""
    if mention.label not in _AUTHORED_SUSPECTS:
        return False
    for child in span.root.children:
        if child.dep_ == "prep" and child.lower_ == "by" and child.i == span.end:
            return any(
                author.dep_ == "pobj"
                and author.pos_ == "PROPN"
                and author.is_title
                and author.ent_type_ in _AUTHOR_LABELS
                for author in child.children
            )
    return False


def _thing_or_shape_label(mention: CleanMention) -> tuple[str, str] | None:
    """What the name itself says: a thing word ("Church of Scientology" LOC → ORG, "Sydney
    Morning Herald" EVENT → ORG, ``data/thing_words.csv``), an acronym inside a "person"
    ("Pro-Beijing DAB" → ORG), a version number after an "event" ("HTML 5" → PRODUCT)."""
    words = mention.name.split()
    thing = thing_label(mention.name)
    if mention.label != "PERSON":
        thing = head_words().get(name_key(words[-1])) or thing
    weak = mention.label in _WEAK_LABELS or (mention.label == "FAC" and thing == "ORG")
    if thing and weak and thing != mention.label:
        return thing, "gazetteer"
    if mention.label == "PERSON" and any(_ACRONYM.match(w) for w in words):
        return "ORG", "context"
    if mention.label == "EVENT" and len(words) <= 2 and _VERSION.search(mention.name):
        return "PRODUCT", "context"
    if _ALLEGIANCE.match(mention.name) and " " not in mention.name and mention.label != "NORP":
        return "NORP", "context"
    versioned = _VERSIONED_PRODUCT.match(mention.name)
    if versioned and mention.label in _VERSIONED_SUSPECTS:
        # not a group of countries or a known name with a number ("EU27", "UK2")
        letters = name_key(versioned.group(1))
        if letters not in variant_table() and letters not in country_table():
            return "PRODUCT", "context"
    # "a paper by AS Heagle": initials and a surname (an organisation may look the same:
    # "BP Capital", so ORG keeps its label).
    initials = _INITIALS.match(mention.name)
    weakly_labelled = mention.label in _WEAK_LABELS | {"PRODUCT", "FAC"}
    if initials and weakly_labelled and name_key(initials.group(1)) not in variant_table():
        return "PERSON", "context"
    return None


# Labels the model gives a club, a team or a fan group named after its place.
_GROUP_SUSPECTS = frozenset({"WORK_OF_ART", "PRODUCT", "NORP"})


# Labels the model gives a religion, its believers or a god it does not know; a work, a
# product or an event named after a god ("Zeus" the malware, "Thor" the film) keeps its label.
_BELIEF_SUSPECTS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PERSON"})
# "Islamism", "Catholicism": one capitalised word ending -ism names a belief.
_BELIEF_WORD = re.compile(r"^[A-Z][a-z]{3,}ism$")


def _before_government_word(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].text in government_words()


def _leader_before_government(doc: Doc, span: Span, mention: CleanMention) -> bool:
    """ "the Monti government" NORP → PERSON: one word the model called a group, right before
    "government", "administration" or "cabinet" (``data/government_words.csv``), that is no
    people's word (``demonyms``: "the Iraqi government"), no party's or regime's word
    ("Labour", "military": ``data/political_words.csv``), no belief and no place, is the
    surname of the leader the government is named after."""
    if mention.label != "NORP" or " " in mention.name or mention.name.isupper():
        return False
    if not _before_government_word(span):
        return False
    key = name_key(mention.name)
    known = demonyms() | political_words() | affiliations() | known_places()
    return key not in known and key not in beliefs() and not _ALLEGIANCE.match(mention.name)


def _belief_label(mention: CleanMention) -> str | None:
    """ "Islam" ORG, "Agnostics" ORG → NORP; "Zeus" ORG, "Satan" GPE → PERSON: religions and
    believers are NORP as OntoNotes labels them, gods persons (``data/beliefs.csv``)."""
    if mention.label not in _BELIEF_SUSPECTS:
        return None
    label = beliefs().get(name_key(mention.name))
    if label is None and _BELIEF_WORD.match(mention.name):
        label = "NORP"
    # a god the model already called a person keeps the label and stops the lone-word rule
    return label


# Labels the model gives a person it does not know: "Dean Kamen" ORG, "Annie Oakley" GPE,
# "Dries Mertens" PRODUCT, "Marina Vasilevskaya" LOC.
_FIRST_NAME_SUSPECTS = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "LOC"})
_NAME_PARTICLES = frozenset({"van", "von", "de", "da", "di", "der", "den", "del", "la", "le"})
_ROMANISED_GIVEN_NAME = re.compile(r"^[A-Z][a-z]+-[a-z]+$")
_CAPITALISED = re.compile(r"^[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?$")  # "Oakley", "Cheuk-ting"


def _first_name_and_surname(doc: Doc, span: Span, mention: CleanMention) -> bool:
    """ "founded by Dean Kamen" ORG, "Annie Oakley" GPE → PERSON: a census first name, then
    a capitalised surname (or a surname, then a romanised given name: "Lam Cheuk-ting"),
    two or three words with no word of an organisation, a place or a thing. Companies
    named after a person stay ORG: a known one ("Morgan Stanley", "Eli Lilly",
    ``data/person_named_firms.csv``) or one in a company context ("Walt Disney shares")."""
    words = mention.name.split()
    if mention.label not in _FIRST_NAME_SUSPECTS or not 2 <= len(words) <= 3:
        return False
    if not _CAPITALISED.match(words[-1]):
        return False
    # "Lam Cheuk-ting", "Moon Jae-in": a surname, then a romanised two-syllable given name
    given_last = len(words) == 2 and _ROMANISED_GIVEN_NAME.match(words[-1])
    if name_key(words[0]) not in first_names() and not given_last:
        return False
    # a middle word is a second first name or a particle: "Lee Harvey Oswald", "Ludwig van
    # Beethoven", not "Royal Dutch Shell"
    middle = words[1:-1]
    if any(name_key(w) not in census_first_names() and w not in _NAME_PARTICLES for w in middle):
        return False
    key = name_key(mention.name)
    places = known_places()
    if key in places or key in person_named_firms() or key in variant_table():
        return False
    # a location the gazetteer knows as a town or a region keeps its label ("Victoria Falls")
    if is_event(mention.name) or (mention.label == "LOC" and key in settled_places()):
        return False
    if is_region(mention.name):
        return False
    organisation_words = org_suffixes() | generic_words() | law_words() | place_nouns()
    organisation_words |= landforms()
    for word in key.split():
        if word in places or word in organisation_words or word in head_words():
            return False
    return thing_label(mention.name) is None and not _is_company(doc, span, mention)


def _local_group(mention: CleanMention) -> bool:
    """ "The Ontario Ghostbusters", "the Toronto Trekkers": a place's name before a plural
    name is a club, a team or a band, not a work or a product."""
    words = mention.name.split()
    last = words[-1]
    plural = last[:1].isupper() and last.endswith("s") and not last.endswith(("ss", "'s", "’s"))
    if mention.label not in _GROUP_SUSPECTS or len(words) < 2 or not plural:
        return False
    places = known_places()
    return name_key(mention.name) not in places and any(
        name_key(" ".join(words[:n])) in places for n in range(1, len(words))
    )


def _body_of_a_place(mention: CleanMention) -> bool:
    """ "the Food Standards of Australia" LAW: a "law" of a place whose name holds no word of
    a law (``data/law_words.csv``) is the body that makes the rules."""
    keys = name_key(mention.name).split()
    if mention.label != "LAW" or "of" not in keys or set(keys) & law_words():
        return False
    place = " ".join(keys[len(keys) - keys[::-1].index("of") :])
    return place in known_places()


def _settled_location(mention: CleanMention) -> bool:
    """ "Chapel Hill" LOC, "New South Wales" LOC, "East Los Angeles" LOC: a location the
    gazetteer knows as a country, a state or province or a town is a GPE (OntoNotes keeps LOC
    for regions, continents, waters and mountains: "Pacific Northwest", "Sahel"). A compass
    word before a town keeps it one ("East L.A."); before a country or a continent it makes
    a region ("Northern Europe", "South East Asia")."""
    if mention.label != "LOC":
        return False
    key = name_key(known_variant(mention.name, mention.label) or mention.name)
    if key in settled_places():
        return True
    first, _, rest = mention.name.partition(" ")
    if name_key(first) not in place_modifiers() or not rest:
        return False
    return name_key(known_variant(rest, "GPE") or rest) in towns()


def context_label(
    doc: Doc, mention: CleanMention, person_words: frozenset[str], details: Counter | None = None
) -> tuple[str, str] | None:
    """The (label, rule) a gazetteer or the context gives the mention, or None. ``details``
    counts the mentions some rules of a family relabel (``make eval`` prints them)."""
    found = _context_label(doc, mention, person_words)
    changed = details is not None and found is not None and found[0] != mention.label
    if changed and (detail := _detail(doc, mention, found)):
        details[detail] += 1
    return found


def _detail(doc: Doc, mention: CleanMention, found: tuple[str, str]) -> str | None:
    """Which rule of the family gave the label, for the rules worth counting on their own."""
    label, rule = found
    span = _span(doc, mention)
    if rule == "gazetteer" and mention.label == "LOC" and label == "GPE":
        return "gazetteer: a location the gazetteer knows as a town, state or country -> GPE"
    if rule == "gazetteer" and _belief_label(mention) == label:
        return f"gazetteer: a religion, believers or a god -> {label}"
    if rule == "gazetteer" and span is not None and label in PLACE_LABELS:
        if is_region_after_town(doc, span, mention):
            return "gazetteer: a place after its town and a comma -> GPE"
        if is_known_place_after_preposition(span, mention):
            return f"gazetteer: a known place after a preposition of place -> {label}"
    if rule != "context" or span is None:
        return None
    if label == "PRODUCT" and is_named_like_a_product(mention):
        return "context: a product's last word or a known product -> PRODUCT"
    if label == "WORK_OF_ART" and _work_by_its_author(span, mention):
        return "context: 'by' and a person's name after the name -> WORK_OF_ART"
    if _named_thing(doc, span) == label:
        return f"context: a thing noun before the name -> {label}"
    if _described_thing(span) == label:
        return f"context: a thing noun in apposition after the name -> {label}"
    if label == "PERSON" and _first_name_and_surname(doc, span, mention):
        return "context: a first name and a surname -> PERSON"
    if label == "PERSON" and span.start and doc[span.start - 1].text in person_nouns():
        return "context: an occupation before the name -> PERSON"
    if label == "GPE" and _after_place_noun(span, mention):
        return "context: a place noun and 'of' before the name -> GPE"
    return None


def _context_label(
    doc: Doc, mention: CleanMention, person_words: frozenset[str]
) -> tuple[str, str] | None:
    if is_event(mention.name):
        return "EVENT", "gazetteer"
    if belief := _belief_label(mention):
        return belief, "gazetteer"
    if _settled_location(mention):
        return "GPE", "gazetteer"
    if is_named_like_a_product(mention):
        return "PRODUCT", "context"
    if is_town_newspaper(mention):
        return "ORG", "context"
    if found := _thing_or_shape_label(mention):
        return found
    if _local_group(mention) or _body_of_a_place(mention):
        return "ORG", "gazetteer"
    span = _span(doc, mention)
    if span is None:
        return None
    if _leader_before_government(doc, span, mention):
        return "PERSON", "context"
    if _work_named_as_a_person(span, mention):
        return "PERSON", "context"
    if _work_by_its_author(span, mention):
        return "WORK_OF_ART", "context"
    if place := place_after_preposition(span, mention):
        return place, "context"
    if is_picture_credit(span, mention):
        return "PERSON", "context"
    if is_dateline_agency(span, mention):
        return "ORG", "context"
    if code := code_label(span, mention):
        return code, "context"
    thing = _named_thing(doc, span) or _described_thing(span)
    if thing and thing != mention.label:
        return thing, "context"
    if _is_team(doc, span, mention):
        return "ORG", "team"
    if mention.label in _COMPANY_SUSPECTS and _is_company(doc, span, mention):
        return "ORG", "context"
    if is_region_after_town(doc, span, mention) or is_known_place_after_preposition(span, mention):
        return "LOC" if is_region(mention.name) else "GPE", "gazetteer"
    # "beat Morocco 2-1" ORG: a country's name alone is the country, its national team too
    # (as CoNLL labels national teams LOC)
    if mention.label == "ORG" and is_country(mention.name) and mention.label_rule == "model":
        return "GPE", "gazetteer"
    if rule := _place_label(doc, span, mention, person_words):
        # "the Sahel" tagged PERSON is a place, but a region, not a GPE
        return "LOC" if is_region(mention.name) else "GPE", rule
    # "Nick Rhodes of Duran Duran": what a person belongs to, whatever its words look like
    if _member_of(span, mention):
        return "ORG", "context"
    if _person_after_title(span, mention) or _first_name_and_surname(doc, span, mention):
        return "PERSON", "context"
    if _after_place_noun(span, mention):
        return "GPE", "context"
    if _unintroduced_person(span, mention, person_words):
        return "ORG", "lone_word"
    acting = name_key(mention.name) not in person_words and is_unknown_place_acting(span, mention)
    if _acting_non_place(span, mention) or acting:
        return "ORG", "context"
    return None


def _acting_non_place(span: Span, mention: CleanMention) -> bool:
    """ "Anon declares war": a location or a building that speaks is an organisation (a
    country or a city that speaks keeps its label: see metonymy)."""
    root = span.root
    return (
        mention.label in {"LOC", "FAC"}
        and name_key(mention.name) not in known_places()
        and root.dep_ == "nsubj"
        and root.head.lemma_ in SPEECH_LEMMAS
    )


def with_context_labels(
    doc: Doc, mentions: list[CleanMention], details: Counter | None = None
) -> list[CleanMention]:
    # Words of the article's longer names, whatever the model called them ("Dries Mertens"
    # tagged ORG still makes "Mertens" a surname).
    person_words = _name_words(mentions)
    organisations = frozenset(m.name for m in mentions if m.label == "ORG")
    surnames = frozenset(
        m.name.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.name
    )
    result = []
    for mention in mentions:
        found = context_label(doc, mention, person_words, details)
        if found is None and is_plural_of_a_brand(mention, organisations):
            found = "PRODUCT", "context"
        elif found is None and is_family(mention, surnames):
            found = "PERSON", "context"
        result.append(_relabel(mention, *found) if found else mention)
    return result


_NAMING_VERBS = frozenset({"named", "called", "dubbed", "christened"})


def _named_thing(doc: Doc, span: Span) -> str | None:
    """The label a thing noun right before the name gives it: "the cruise ship Freewinds",
    "cruise ship, Freewinds", 'the robot, named "Better Idea of Afghan Girls,"' (PRODUCT)."""
    index = _skip_commas_and_quotes(doc, span.start - 1)
    if index >= 0 and doc[index].lower_ in _NAMING_VERBS:
        index = _skip_commas_and_quotes(doc, index - 1)
    if index < 0 or doc[index].is_sent_end:
        return None
    return named_things().get(doc[index].lower_)


def _described_thing(span: Span) -> str | None:
    """The label a thing noun in apposition after the name gives it: "Rohingya, a stateless
    minority of Muslims" (NORP), "Freewinds, a cruise ship" (PRODUCT)."""
    root = span.root
    # "Bangladeshis and Rohingya, a minority": the parse hangs it on the list's first name
    heads = [root, root.head] if root.dep_ == "conj" else [root]
    for head in heads:
        for child in head.rights:
            if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN":
                return named_things().get(child.lower_)
    return None


def _skip_commas_and_quotes(doc: Doc, index: int) -> int:
    while index >= 0 and (doc[index].text == "," or doc[index].is_quote):
        index -= 1
    return index


def _first_name_and_place(first: CleanMention, second: CleanMention, text: str) -> bool:
    """ "Valeska" GPE + "Paris" GPE side by side: a one-word name that is no place, no title
    and no compass word, right before a one-word known place."""
    if (
        first.sentence_index != second.sentence_index
        or text[first.end_char : second.start_char] != " "
    ):
        return False
    key = name_key(first.name)
    return (
        " " not in first.name
        and " " not in second.name
        and first.name.istitle()
        and second.label in PLACE_LABELS
        and name_key(second.name) in known_places()
        and key not in known_places()
        and key not in place_modifiers()
        and not title_length([first.name, "x"])
        and name_key(f"{first.name} {second.name}") not in known_places()
    )


def persons_named_after_places(doc: Doc, mentions: list[CleanMention], text: str):
    """ "Valeska Paris ... Paris claims she ...": a place's name after a first name, that the
    article refers to as "she" or "he", is a person's surname there. The pair becomes one
    PERSON mention and the article's other mentions of the word are PERSON too; a city of
    the same name in other articles keeps its own entity."""
    pairs = {
        index
        for index in range(len(mentions) - 1)
        if _first_name_and_place(mentions[index], mentions[index + 1], text)
    }
    surnames = {mentions[i + 1].name for i in pairs}
    persons = {
        m.name
        for m in mentions
        if m.name in surnames
        and (span := mention_span(doc, m.start_char, m.end_char)) is not None
        and _referred_to_as_a_person(span)
    }
    if not persons:
        return mentions
    result = []
    for index, mention in enumerate(mentions):
        if index - 1 in pairs and mention.name in persons:
            continue  # joined to its first name below
        if index in pairs and mentions[index + 1].name in persons:
            surname = mentions[index + 1]
            name = f"{mention.name} {surname.name}"
            mention = replace(mention, end_char=surname.end_char, name=name)
            result.append(replace(mention, label="PERSON", label_rule="context"))
        elif mention.name in persons:
            result.append(_relabel(mention, "PERSON", "context"))
        else:
            result.append(mention)
    return result
