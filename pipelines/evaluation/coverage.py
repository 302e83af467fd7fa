"""How many numeric facts of the seed articles carry a concept and an owner entity.

The articles go through what `make run` runs (ingest, both extractors, entity resolution,
the fact-to-mention link), so `entity_id` is the warehouse's. Two coverages:

- concept: money and percent facts with a `concept`, over all money and percent facts;
- entity: quantity facts (count, money, percent, quantity, duration) with an `entity_id`, over
  the quantity facts whose sentence holds a mention labelled PERSON, ORG, GPE, NORP, LOC or FAC
  (a named organisation, person or place that could own the number). Whether that name owns
  the number is not judged here: the denominator is a superset of the facts with an owner, so
  the coverage is a lower bound. The figure over all quantity facts is printed beside it.
"""

from pathlib import Path

import polars as pl

from pipelines.evaluation.quantities import QUANTITY_KINDS

OWNER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_facts(folder: Path = SEEDS) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(numeric_facts, entity_mentions) of the articles under `folder`, as a run makes them."""
    from pipelines.entities import resolve_entities
    from pipelines.ingest.load import load_articles
    from pipelines.nlp.assemble import finish_facts
    from pipelines.nlp.extract import article_extractor
    from pipelines.settings import Settings

    settings = Settings()
    articles, _ = load_articles(folder)
    extract = article_extractor(settings.spacy_model, settings.batch_size, settings.max_chunk_chars)
    found = extract(articles["article_id"].to_list(), articles["body"].to_list())
    mentions, _ = resolve_entities(found.mentions, pl.DataFrame())
    return finish_facts(found.facts, mentions), mentions


def coverages(facts: pl.DataFrame, mentions: pl.DataFrame) -> dict[str, tuple[int, int]]:
    """name -> (facts covered, facts in the denominator)."""
    quantities = facts.filter(pl.col("kind").is_in(list(QUANTITY_KINDS)))
    money_percent = quantities.filter(pl.col("kind").is_in(["money", "percent"]))
    owner_sentences = (
        mentions.filter(pl.col("label").is_in(OWNER_LABELS))
        .select("article_id", "sentence_index")
        .unique()
    )
    with_owner_name = quantities.join(owner_sentences, on=["article_id", "sentence_index"])

    def share(frame: pl.DataFrame, column: str) -> tuple[int, int]:
        return frame[column].is_not_null().sum(), frame.height

    return {
        "concept, money and percent facts": share(money_percent, "concept"),
        "entity_id, facts whose sentence names an owner": share(with_owner_name, "entity_id"),
        "entity_id, all quantity facts": share(quantities, "entity_id"),
        "concept, all quantity facts": share(quantities, "concept"),
    }


def report_coverage(folder: Path = SEEDS) -> dict[str, tuple[int, int]]:
    found = coverages(*seed_facts(folder))
    print(f"coverage on the seed articles ({folder.name}/, as `make run` extracts them)")
    for name, (covered, total) in found.items():
        share = covered / total if total else 0.0
        print(f"  {name:<48} {share:6.1%}  ({covered} of {total})")
    return found
