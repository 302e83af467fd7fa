"""Issue 11, "Done when": on the seed articles, a concept for >= 85% of money and percent
facts and an entity_id for >= 60% of the facts with a hand-annotated owner, end to end."""

import pytest

from pipelines.evaluation.coverage import coverages, owner_coverage, read_owners, seed_facts


@pytest.fixture(scope="module")
def seeds(nlp):  # nlp: the session's model, which the extractor reuses
    return seed_facts()


def share(pair: tuple[int, int]) -> float:
    covered, total = pair
    return covered / total


def test_concept_for_money_and_percent_facts(seeds):
    facts, mentions, _ = seeds
    assert share(coverages(facts, mentions)["concept, money and percent facts"]) >= 0.85


def test_entity_id_for_facts_with_an_owner(seeds):
    facts, _, articles = seeds
    found = owner_coverage(facts, articles, read_owners())
    assert share(found["entity_id, facts with an annotated owner"]) >= 0.60
    assert share(found["entity_id, facts annotated with no owner"]) <= 0.15
