"""Kinds of names the small model mislabels, read from the gazetteer and the words beside them.

- a place named after its town and a comma is a place: "in Livorno, Tuscany, to pay" (Tuscany
  PERSON → GPE), as "Kanata, Ontario" is;
- a known place after "in", "at" or "from" is a place, whatever the model called it: "from
  Herat, their home" (ORG → GPE);
- a "place" the gazetteer does not know that acts is an organisation: "Though YouTube is
  complying" (GPE → ORG), as a city that acts is its government (see metonymy);
- a name that ends in a product's word is a product: "Windows XP" LOC, "Batman: Arkham VR"
  PERSON (``data/product_words.csv``), and so is a browser, a system, a console, a device,
  a drink or a food
  news names alone: "behind Safari" ORG, "Kool Aid" PERSON (``data/products.csv``);
- a town's name and a newspaper's word is a newspaper: "Edmonton Sun" PERSON → ORG
  (``data/newspaper_words.csv``);
- a "person" after a preposition of place whose last word names a street or a building is
  that place: "found on Castlefrank Road" PERSON → FAC (``data/head_words.csv``);
- a code of capitals and a number is a mission or a product, no place: "STS-1, the first
  space shuttle mission" GPE → EVENT, "SR-71" PERSON → PRODUCT;
- the plural of a company's name is its products: "Warhol's Polaroids" NORP → PRODUCT where
  the article names "Polaroid" the company; the plural of a person's surname is the family:
  "the Sams" ORG → PERSON where the article names "Thomas Sam";
- the name after a picture's credit word is the photographer or the agency, no place:
  "Image: Friedrichstrasse." GPE → PERSON;
- the name in brackets after a dateline is a news agency: "SEOUL (Yonhap) -" NORP → ORG.
"""

import re

from spacy.tokens import Doc, Span

from pipelines.entities.gazetteers import (
    actor_verbs,
    building_words,
    head_words,
    is_region,
    known_places,
    named_things,
    newspaper_words,
    product_names,
    product_words,
    settled_places,
    sports_words,
)
from pipelines.entities.names import generic_words, known_variant, name_key
from pipelines.nlp.mentions.cleaning import CleanMention, sentence_of

# Prepositions of a place: "in Herat", "from Herat", "near Herat".
PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "across", "throughout", "outside", "from", "around", "off"}
)
# Labels the model gives a region or a town it does not know: "Tuscany" PERSON, "Herat" ORG.
_PLACE_SUSPECTS = frozenset({"ORG", "PERSON", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})
_CLOSING = frozenset({",", ".", ";", ")", ":"})


def _model_entity_before(doc: Doc, index: int) -> Span | None:
    """The model's entity that ends at token ``index``, or None."""
    if index < 0 or not doc[index].ent_type_:
        return None
    start = index
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return doc[start : index + 1]


def is_region_after_town(doc: Doc, span: Span, mention: CleanMention) -> bool:
    """ "in Livorno, Tuscany, to pay": a name of one or two words between a town the
    gazetteer knows, a comma and a closing mark is the region the town is in."""
    if mention.label not in _PLACE_SUSPECTS or span.start < 2 or doc[span.start - 1].text != ",":
        return False
    words = name_key(mention.name).split()
    if len(words) > 2 or any(w in generic_words() for w in words):
        return False
    if name_key(mention.name) not in settled_places():
        return False
    town = _model_entity_before(doc, span.start - 2)
    # whatever the model called the town: "in Livorno, Tuscany" may be ORG + PERSON
    if town is None or name_key(town.text) not in settled_places():
        return False
    return span.end == len(doc) or doc[span.end].text in _CLOSING or doc[span.end].is_sent_start


def is_known_place_after_preposition(span: Span, mention: CleanMention) -> bool:
    """ "from Herat, their home" ORG: a one-word place the gazetteer knows (a country, a
    state or province, a city of 300,000 people or more) after a preposition of place."""
    # a person named like a place is left to the person rules ("Valeska Paris"), and a work
    # keeps its title ("starred in Batman")
    if mention.label not in {"ORG", "NORP", "FAC"} or " " in mention.name:
        return False
    root = span.root
    return (
        name_key(mention.name) in known_places()
        and root.dep_ == "pobj"
        and root.head.lower_ in PLACE_PREPOSITIONS
        and not _speaks_of_sport(span)
    )


_SCORE = re.compile(r"\b\d{1,3}\s?[-–]\s?\d{1,3}\b")


def _speaks_of_sport(span: Span) -> bool:
    """A score, a result verb, a team role or a transfer in the sentence: "signed from
    Liverpool" names the club, as the model's ORG says (``data/sports_contexts.csv``)."""
    sentence = sentence_of(span)
    words = sports_words()
    lemmas = {t.lemma_.lower() for t in sentence}
    sporting = words["verb"] | words["role"] | words.get("transfer", frozenset())
    return bool(lemmas & sporting) or _SCORE.search(sentence.text) is not None


def is_unknown_place(mention: CleanMention) -> bool:
    """A GPE or LOC that no gazetteer knows: no country, state, town or region, no variant."""
    name = mention.name
    return (
        mention.label in {"GPE", "LOC"}
        and name_key(name) not in settled_places()
        and not is_region(name)
        and known_variant(name, mention.label) is None
    )


def is_unknown_place_acting(span: Span, mention: CleanMention) -> bool:
    """ "Though YouTube is complying with the Church": a "place" the gazetteer does not know,
    the subject of a verb only an actor does (``data/actor_verbs.csv``: say, comply, sue), or
    a word before an organisation's noun ("the Viasna rights group", ``data/named_things.csv``:
    group, union, company), is an organisation; "the Sahara was warming" stays a place."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if not is_unknown_place(mention):
        return False
    # "the Viasna rights group said": the name of what an organisation's noun names
    if root.dep_ == "compound":
        noun = root.head  # through the nouns between: "rights" of "Viasna rights group"
        for _ in range(2):
            if noun.dep_ != "compound" or noun.head is noun:
                break
            noun = noun.head
        return named_things().get(noun.lower_) == "ORG"
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in actor_verbs()


# Labels the model gives a product it does not know; an organisation keeps its label
# ("Canal Plus", "Disney Plus" the service).
_PRODUCT_SUSPECTS = frozenset({"GPE", "LOC", "FAC", "PERSON", "NORP", "EVENT", "WORK_OF_ART"})


def is_named_like_a_product(mention: CleanMention) -> bool:
    """ "Windows XP" LOC, "Arkham VR" PERSON: two words or more, the last a product's word;
    "Safari", "Mozilla Firefox" ORG: a known browser, system, console or device."""
    known = name_key(mention.name) in product_names()
    if known and mention.label not in {"PRODUCT", "WORK_OF_ART"}:
        return True
    words = mention.name.split()
    return mention.label in _PRODUCT_SUSPECTS and len(words) > 1 and words[-1] in product_words()


def is_town_newspaper(mention: CleanMention) -> bool:
    """ "Edmonton Sun", "The Toronto Star": a town's name, then a newspaper's word."""
    words = name_key(mention.name).split()
    town = " ".join(words[:-1])
    return (
        mention.label != "ORG"
        and len(words) > 1
        and words[-1] in newspaper_words()
        and town in settled_places()
    )


# Prepositions of a way to or along a place, besides those of place.
_MOVE_TO = frozenset({"to", "into", "on", "along", "onto", "via"})


def place_after_preposition(span: Span, mention: CleanMention) -> str | None:
    """FAC for "on Castlefrank Road", "at Union Square" tagged PERSON: the last word of the
    name is a street's or a building's (``data/head_words.csv``), after a preposition of
    place; None otherwise ("Arsenio Hall said" stays a person). An organisation too, after a
    preposition of place or of a way there, when its last word only a building's, a
    street's or a stop's name ends in ("from NTU Hospital Station"; "at the Johnson Space
    Center" stays ORG: institutes end in "Center")."""
    words = name_key(mention.name).split()
    if mention.label not in {"PERSON", "ORG"} or len(words) < 2:
        return None
    root = span.root
    if mention.label == "ORG":
        # "walking from NTU Hospital Station", "taken to the Century City Towers"
        moving = root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS | _MOVE_TO
        return "FAC" if moving and words[-1] in building_words() else None
    if root.dep_ != "pobj" or root.head.lower_ not in PLACE_PREPOSITIONS | {"on", "along"}:
        return None
    return head_words().get(words[-1])


_CODE = re.compile(r"^[A-Z]{2,5}-\d{1,4}$")
# Labels the model gives a code it does not know: a place, a person, a group.
_CODE_SUSPECTS = frozenset({"GPE", "LOC", "FAC", "PERSON", "NORP"})


_MISSION_WORDS = frozenset({"mission", "missions", "flight", "flights", "launch"})


def code_label(span: Span, mention: CleanMention) -> str | None:
    """ "STS-1" GPE, "SR-71" PERSON: capitals, a hyphen and a number name a mission (EVENT,
    in a sentence that speaks of a mission or a flight) or a product, never a place or a
    person; None for other names."""
    if mention.label not in _CODE_SUSPECTS or _CODE.match(mention.name) is None:
        return None
    words = {t.lower_ for t in sentence_of(span)}
    return "EVENT" if words & _MISSION_WORDS else "PRODUCT"


def is_family(mention: CleanMention, surnames: frozenset[str]) -> bool:
    """ "the Sams continued to shun medicine", where the article names "Thomas Sam": the
    plural of a surname of the article's persons is their family, persons (the Obamas)."""
    name = mention.name
    return mention.label != "PERSON" and name.endswith("s") and name[:-1] in surnames


def is_plural_of_a_brand(mention: CleanMention, organisations: frozenset[str]) -> bool:
    """ "the Warhol Polaroids" NORP, where the article names "Polaroid" the company."""
    name = mention.name
    return mention.label == "NORP" and name.endswith("s") and name[:-1] in organisations


_CREDIT_WORDS = frozenset({"image", "photo", "photograph", "picture", "credit"})
# Labels the model gives a photographer's or a user's name it does not know; a PERSON is
# confirmed, so the lone-word rule leaves it ("Image: Jambula.").
_CREDIT_SUSPECTS = frozenset(
    {"GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "PERSON"}
)


def is_picture_credit(span: Span, mention: CleanMention) -> bool:
    """ "Image: Friedrichstrasse." GPE: the name after a credit word and a colon is the
    person (or the user name) who took the picture."""
    doc = span.doc
    if mention.label not in _CREDIT_SUSPECTS or span.start < 2 or doc[span.start - 1].text != ":":
        return False
    return doc[span.start - 2].lower_ in _CREDIT_WORDS


_DASHES = frozenset({"-", "–", "—", "--"})


def is_dateline_agency(span: Span, mention: CleanMention) -> bool:
    """ "SEOUL (Yonhap) - ...": a name alone in brackets before a dash is the agency."""
    doc = span.doc
    if mention.label == "ORG" or span.start < 1 or span.end + 1 >= len(doc):
        return False
    bracketed = doc[span.start - 1].text == "(" and doc[span.end].text == ")"
    return bracketed and doc[span.end + 1].text in _DASHES
