"""Facts take the entity id of the mention covering their entity span."""

import polars as pl

from pipelines import schema
from pipelines.nlp.assemble import link_facts_to_entities


def test_each_fact_takes_the_mention_that_covers_its_entity_span():
    # "US troops ... Acme's revenue ... 40 advisers" in two articles
    facts = pl.DataFrame(
        {
            "fact_id": ["f1", "f2", "f3", "f4", "f5"],
            "article_id": ["a", "a", "a", "b", "b"],
            "entity_start_char": [0, 30, 60, 0, None],
            "entity_end_char": [2, 34, 66, 2, None],
        }
    )
    mentions = pl.DataFrame(
        {
            "article_id": ["a", "a", "a", "b"],
            "start_char": [0, 28, 62, 5],
            "end_char": [2, 34, 70, 9],
            "entity_id": ["e-us", "e-acme", "e-late", "e-other"],
        }
    )
    columns = {k: v for k, v in schema.NUMERIC_FACTS.items() if k not in facts.columns}
    facts = facts.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in columns.items())
    linked = link_facts_to_entities(facts.drop("entity_id"), mentions)
    # f3's span starts before the mention that would end past it; f4's article has no mention
    # there; f5 has no entity span
    assert dict(linked.select("fact_id", "entity_id").iter_rows()) == {
        "f1": "e-us",
        "f2": "e-acme",
        "f3": None,
        "f4": None,
        "f5": None,
    }
