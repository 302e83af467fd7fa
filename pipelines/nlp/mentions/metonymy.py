"""A capital that acts is its country's government: "Washington said", "Washington and Baghdad
agreed" refer to the United States; "in Washington", "Washington, D.C." stay the city.

The rule reads the parse: a seat of government (``data/seats_of_government.csv``) tagged GPE or ORG
stands for its country when it is the subject of a verb, or joined by "and" to such a subject,
unless the verb is one a place does (``data/place_verbs.csv``: "Washington is rainy").
"""

from dataclasses import replace

from spacy.tokens import Doc, Token

from pipelines.entities.names import name_key, place_verbs, seats_of_government
from pipelines.nlp.mentions.cleaning import CleanMention, mention_span

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# The model tags an acting capital ORG as often as GPE: "Washington said" is ORG.
_CAPITAL_LABELS = frozenset({"GPE", "ORG"})


def _acting_subject(token: Token) -> bool:
    """The token is a subject of a verb that only an actor does ("said", "agreed")."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    verb = token.head
    return (
        token.dep_ in _SUBJECTS
        and verb.pos_ in {"VERB", "AUX"}
        and verb.lemma_.lower() not in place_verbs()
    )


def with_governments(doc: Doc, mentions: list[CleanMention]) -> list[CleanMention]:
    """The mentions, each acting capital marked with the country it stands for.

    A capital's word that ends a longer name anywhere in the article ("Valeska Paris") is a
    surname or a state there, and stands for no government in the whole article.
    """
    capitals = []
    for index, mention in enumerate(mentions):
        country = seats_of_government().get(name_key(mention.name))
        if country is None or mention.label not in _CAPITAL_LABELS:
            continue
        span = mention_span(doc, mention.start_char, mention.end_char)
        if span is not None:
            capitals.append((index, country, span))
    if not capitals:
        return mentions
    in_names = {
        name_key(mentions[i].name)
        for i, _, span in capitals
        if _ends_a_longer_name(doc, span.start)
    }
    result = list(mentions)
    for index, country, span in capitals:
        mention = mentions[index]
        if name_key(mention.name) in in_names or _names_the_city(doc, span.end):
            continue
        if _acting_subject(span.root):
            result[index] = replace(mention, stands_for=country)
    return result


def _ends_a_longer_name(doc: Doc, start: int) -> bool:
    """ "Valeska Paris claims": a surname; "Seattle, Washington": the state after a city."""
    if start == 0 or doc[start].is_sent_start:
        return False
    before = doc[start - 1]
    if before.text == "," and start > 1:
        return doc[start - 2].ent_type_ in {"GPE", "LOC"}
    return before.is_title and before.is_alpha


def _names_the_city(doc: Doc, after: int) -> bool:
    """ "Washington, D.C.", "Washington DC": the district written out is the place."""
    words = [t.text for t in doc[after : after + 2] if t.text != ","]
    return bool(words) and words[0].replace(".", "").upper() == "DC"
