"""Labels the article's mentions agree on: a list's odd one out, short forms, the vote.

- ``coordination``: in a list of three names or more, the one name whose kind differs from
  all the others' takes theirs ("Walker Evans" ORG among photographers → PERSON); in a list
  with an organisation and no other place, a "place" no gazetteer knows is an organisation.
- ``short_form``: a short form linked to a longer name of the article takes its label.
- ``article_vote``: the mentions of one entity in an article vote, each weighted by how
  reliable its context is (a rule's label, a longer name, "in X" for a place, the subject of
  "said" for an actor); a model label that loses is replaced.
"""

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span

from pipelines.entities.gazetteers import actor_verbs, known_places
from pipelines.entities.names import name_key
from pipelines.nlp.mentions.cleaning import CleanMention, mention_span
from pipelines.nlp.mentions.kinds import is_unknown_place
from pipelines.nlp.mentions.labels import (
    ACTOR_LABELS,
    MODEL_RULES,
    PLACE_LABELS,
    PLACE_PREPOSITIONS,
    SPEECH_LEMMAS,
    WEAK_RULES,
)


def _label_class(label: str) -> str:
    return "place" if label in PLACE_LABELS else label


def _coordination_head(span: Span) -> int:
    """The first conjunct of the list the name is in ("Ansel Adams, Chuck Close, Walker
    Evans and Helmut Newton" all lead to "Adams")."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.i


def coordination_labels(doc: Doc, mentions: list[CleanMention]) -> list[CleanMention]:
    """ "photographers such as Ansel Adams, Chuck Close, Walker Evans (ORG) and Helmut
    Newton": the one name of a list of three or more whose kind differs from all the others'
    takes theirs, unless a rule gave it its label or the gazetteer knows it as a place."""
    lists: dict[int, list[int]] = {}
    for index, mention in enumerate(mentions):
        span = mention_span(doc, mention.start_char, mention.end_char)
        if span is not None and (span.root.dep_ == "conj" or span.root.conjuncts):
            lists.setdefault(_coordination_head(span), []).append(index)
    result = list(mentions)
    for members in lists.values():
        for index in _unknown_places_among_organisations(mentions, members):
            result[index] = replace(mentions[index], label="ORG", label_rule="coordination")
        if len(members) < 3:
            continue
        classes = Counter(_label_class(mentions[i].label) for i in members)
        if len(classes) != 2 or min(classes.values()) != 1:
            continue
        odd = next(i for i in members if classes[_label_class(mentions[i].label)] == 1)
        mention = mentions[odd]
        if mention.label_rule not in MODEL_RULES | WEAK_RULES:
            continue
        if name_key(mention.name) in known_places():
            continue
        labels = Counter(mentions[i].label for i in members if i != odd)
        result[odd] = replace(mention, label=labels.most_common(1)[0][0], label_rule="coordination")
    return result


def _unknown_places_among_organisations(mentions: list[CleanMention], members: list[int]):
    """ "Ubisoft (GPE), Microsoft, and PlayStation VR": in a list with an organisation and no
    other place, a "place" no gazetteer knows is an organisation too."""
    unknown = [
        i
        for i in members
        if is_unknown_place(mentions[i]) and mentions[i].label_rule in MODEL_RULES
    ]
    others = [mentions[i].label for i in members if i not in unknown]
    if len(unknown) != 1 or "ORG" not in others or PLACE_LABELS & set(others):
        return []
    return unknown


def _vote_weight(doc: Doc, mention: CleanMention) -> float:
    """How much a mention's label counts: rules over the model, long names over short ones,
    a place after "in", an actor as the subject of "said"."""
    if mention.label_rule not in MODEL_RULES | WEAK_RULES:
        return 3.0
    weight = 2.0 if " " in mention.name else 1.0
    span = mention_span(doc, mention.start_char, mention.end_char)
    if span is None:
        return weight
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS:
        return weight * (1.5 if mention.label in PLACE_LABELS else 0.5)
    if root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_LEMMAS | actor_verbs():
        return weight * (1.5 if mention.label in ACTOR_LABELS else 0.5)
    return weight


def article_vote(
    doc: Doc, mentions: list[CleanMention], canonical: list[str]
) -> list[CleanMention]:
    """Mentions of one canonical name take the label with the most weight in the article."""
    votes: dict[str, Counter] = {}
    for mention, name in zip(mentions, canonical, strict=True):
        votes.setdefault(name, Counter())[mention.label] += _vote_weight(doc, mention)
    result = []
    for mention, name in zip(mentions, canonical, strict=True):
        ranked = votes.get(name, Counter()).most_common(2)
        if (
            mention.label_rule in MODEL_RULES | WEAK_RULES
            and ranked
            and ranked[0][0] != mention.label
        ):
            second = ranked[1][1] if len(ranked) > 1 else 0.0
            if ranked[0][1] > second:
                mention = replace(mention, label=ranked[0][0], label_rule="article_vote")
        result.append(mention)
    return result


def short_form_labels(mentions: list[CleanMention], canonical: list[str]) -> list[CleanMention]:
    """A short form linked to a longer name of the article takes that name's label:
    "Goldman" (PERSON) of "Goldman Sachs" (ORG), "Soleimani" (ORG) of "Qassem Soleimani"."""
    long_labels: dict[str, Counter] = {}
    for mention in mentions:
        long_labels.setdefault(mention.name, Counter())[mention.label] += 1
    result = []
    for mention, name in zip(mentions, canonical, strict=True):
        labels = long_labels.get(name)
        if name != mention.name and labels and mention.stands_for is None:
            label = labels.most_common(1)[0][0]
            if label != mention.label and mention.label_rule in MODEL_RULES:
                mention = replace(mention, label=label, label_rule="short_form")
        result.append(mention)
    return result
