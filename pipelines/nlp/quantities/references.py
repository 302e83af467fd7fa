"""Concepts named by a pronoun ("this has dropped to 56%", "39% of these") take the concept
of the fact they point back to."""

from bisect import bisect_right

from spacy.tokens import Doc, Token

from pipelines.nlp.mentions.cleaning import sentence_bounds
from pipelines.nlp.quantities.clauses import SUBJECT_DEPS, clause_of, is_pronoun, subject_of
from pipelines.nlp.quantities.concepts import outside_children
from pipelines.nlp.quantities.facts import Fact


def pronoun_reference(doc: Doc, anchor: Token, span: tuple[int, int]) -> str | None:
    """How the fact names its concept by a pronoun: "of" ("39% of these"), "subject" ("this
    has dropped to 56%", "when it was forty percent"), or None."""
    for child in outside_children(doc, *span):
        pronouns = [c for c in child.children if c.dep_ == "pobj" and is_pronoun(c)]
        if child.dep_ == "prep" and child.lower_ == "of" and pronouns:
            return "of"
    clause = clause_of(anchor)
    if clause is None or clause[1].dep_ in SUBJECT_DEPS:
        return None
    subject = subject_of(clause[0])
    return "subject" if subject is not None and is_pronoun(subject) else None


def inherit_concepts(doc: Doc, facts: list[Fact]) -> None:
    """A pronoun concept takes the concept of the fact it points back to, in the same sentence
    or the one before: a share of "these" counts the last count's things; "this" or "it" as
    subject is the last fact of the same kind and unit. `facts` are in text order."""
    if not any(fact.refers_back for fact in facts):
        return
    starts = sentence_bounds(doc)[1]  # from the sentence-start array, once per Doc
    facts = sorted(facts, key=lambda fact: fact.start)
    for position, fact in enumerate(facts):
        if fact.refers_back is None or fact.concept is not None:
            continue
        here = bisect_right(starts, fact.start)
        for earlier in reversed(facts[:position]):
            if bisect_right(starts, earlier.start) < here - 1:
                break
            if earlier.concept is None or not refers_to(fact, earlier):
                continue
            fact.concept = earlier.concept
            fact.entity = fact.entity or earlier.entity
            break


def refers_to(fact: Fact, earlier: Fact) -> bool:
    if fact.refers_back == "of":
        return earlier.kind == "count"
    return (earlier.kind, earlier.unit_normalized) == (fact.kind, fact.unit_normalized)
