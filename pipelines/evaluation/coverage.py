"""How many numeric facts of the seed articles carry a concept and an owner entity.

The articles go through what `make run` runs (ingest, both extractors, entity resolution,
the fact-to-mention link), so `entity_id` is the warehouse's. Two coverages:

- concept: money and percent facts with a `concept`, over all money and percent facts;
- entity: quantity facts (count, money, percent, quantity, duration) with an `entity_id`, over
  the quantity facts whose sentence names an organisation, person or place that owns the number.
  That denominator is hand-annotated, in `tests/data/quantities_seed_owners.jsonl`: one line per
  quantity fact of the seed articles (source, offsets into the body, text), `owner` the names
  that own it as the sentence writes them (alternatives in a list: "Sweden, Belgium, England
  win three points") or null. The owner is the one the number is about: the possessor, the
  subject that has, wins or spends it, the place or group it counts ("US troops" -> US,
  "Syrian teams" -> Syrian), the person an age or a stay belongs to; not a speaker ("said
  KCNA"), not a place a thing happens near, and a time phrase ("seven years ago") has none.
  A predicted fact is scored when its span overlaps an annotated one; its owner is right when
  the linked mention shares a word with one of the annotated names.
  Printed beside it, with no judgement: the share over the quantity facts whose sentence holds
  any mention labelled PERSON, ORG, GPE, NORP, LOC or FAC (a superset, so a lower bound), and
  over all quantity facts.
"""

import json
from pathlib import Path

import polars as pl

from pipelines.evaluation.quantities import QUANTITY_KINDS, name_words

OWNER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
OWNERS = REPO / "tests" / "data" / "quantities_seed_owners.jsonl"


def seed_facts(folder: Path = SEEDS) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(numeric_facts, entity_mentions, articles) of the articles under `folder`, as a run
    makes them."""
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
    return finish_facts(found.facts, mentions), mentions, articles


def read_owners(path: Path = OWNERS) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        return [json.loads(line) for line in lines if line.strip()]
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON lines ({error}): fix that line") from error


def owner_coverage(
    facts: pl.DataFrame, articles: pl.DataFrame, owners: list[dict]
) -> dict[str, tuple[int, int]]:
    """Against the hand-annotated owners: facts with an entity_id and with the right one, over
    the facts with an owner; facts with an entity_id over the facts without one."""
    sources = dict(zip(articles["source"], articles["article_id"], strict=True))
    bodies = dict(zip(articles["article_id"], articles["body"], strict=True))
    rows: dict[str, list[dict]] = {}
    for row in facts.iter_rows(named=True):
        rows.setdefault(row["article_id"], []).append(row)
    linked = right = owned = unowned = linked_unowned = 0
    for gold in owners:
        article = sources.get(gold["source"])
        found = [
            row
            for row in rows.get(article, [])
            if row["start_char"] < gold["end_char"] and gold["start_char"] < row["end_char"]
        ]
        row = next((r for r in found if r["entity_id"] is not None), None)
        if gold["owner"] is None:
            unowned += 1
            linked_unowned += row is not None
            continue
        owned += 1
        if row is None:
            continue
        linked += 1
        text = bodies[article][row["entity_start_char"] : row["entity_end_char"]]
        right += any(name_words(text) & name_words(name) for name in gold["owner"])
    return {
        "entity_id, facts with an annotated owner": (linked, owned),
        "  of these, the annotated owner": (right, owned),
        "entity_id, facts annotated with no owner": (linked_unowned, unowned),
    }


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
        "entity_id, facts whose sentence holds a name": share(with_owner_name, "entity_id"),
        "entity_id, all quantity facts": share(quantities, "entity_id"),
        "concept, all quantity facts": share(quantities, "concept"),
    }


def report_coverage(folder: Path = SEEDS) -> dict[str, tuple[int, int]]:
    facts, mentions, articles = seed_facts(folder)
    found = coverages(facts, mentions)
    if OWNERS.exists() and folder == SEEDS:
        found |= owner_coverage(facts, articles, read_owners())
    print(f"coverage on the seed articles ({folder.name}/, as `make run` extracts them)")
    for name, (covered, total) in found.items():
        share = covered / total if total else 0.0
        print(f"  {name:<48} {share:6.1%}  ({covered} of {total})")
    return found
