"""Polars schemas of the frames that flow between assets and into the warehouse tables.

The column names are the warehouse contract (see README): other tools rely on them.
"""

import polars as pl

ARTICLES = {
    "article_id": pl.String,  # stable per source: derived from the source path or URL
    "source": pl.String,  # path relative to the articles folder; "path#N" for the N-th JSONL record
    "url": pl.String,
    "title": pl.String,
    "body": pl.String,  # every offset in the warehouse points into this text
    "published_at": pl.Datetime("us"),  # UTC, naive
    "content_sha256": pl.String,  # hex digest of body: an edit changes it
    "format": pl.String,  # txt, md, html, json, jsonl
    "note": pl.String,  # what ingestion did to recover the text (encoding, BOM, duplicate, ...)
    # article_id of the first source with the same body: its text is extracted once, there
    "duplicate_of": pl.String,
}

REJECTED_INPUTS = {
    "source": pl.String,
    "reason": pl.String,  # names the file, what is wrong and the fix
    "detected_at": pl.Datetime("us"),
}

SENTENCES = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "start_char": pl.Int32,
    "end_char": pl.Int32,
}

# Mentions as the NLP step emits them, before corpus-wide resolution adds entity_id.
MENTIONS = {
    "article_id": pl.String,
    "mention_index": pl.Int32,  # order within the article
    "text": pl.String,  # surface text, exactly body[start_char:end_char]
    "label": pl.String,  # spaCy label after cleaning
    "start_char": pl.Int32,
    "end_char": pl.Int32,  # exclusive
    "sentence_index": pl.Int32,
    "name": pl.String,  # normalised name: no determiner, possessive or title
    "canonical_name": pl.String,  # fullest name of the same entity within the article
    "original_label": pl.String,  # the model's label; null when the model missed the span
    "label_rule": pl.String,  # the rule family that set label (LABEL_RULES)
}

# Why a mention has its label: the model's, or the rule family that changed it (README).
LABEL_RULES = (
    "model",
    "propagated",
    "gazetteer",
    "context",
    "team",
    "lone_word",
    "merged",
    "short_form",
    "article_vote",
    "corpus_vote",
    "split",
    "coordination",
)
# Rules whose label holds for the entity wherever it is named (a team is one use of a place's
# name, so "team" is not among them), and labels no rule has confirmed, which votes may change.
ENTITY_LABEL_RULES = frozenset(
    {"gazetteer", "context", "merged", "short_form", "split", "coordination"}
)
UNCONFIRMED_LABEL_RULES = frozenset({"model", "propagated", "article_vote", "lone_word"})

ENTITY_MENTIONS = {
    **MENTIONS,
    "entity_id": pl.String,
    # label and label_rule as the article left them, before the corpus vote: what a later
    # corpus step re-links shard loads' mentions from (label_rule may be corpus_vote now)
    "label_before_vote": pl.String,
    "label_rule_before_vote": pl.String,
}
# The entity_mentions table: resolved mentions with the place each one names, when it names one.
ENTITY_MENTION_ROWS = {**ENTITY_MENTIONS, "place_id": pl.String}

# Gazetteer entries that mentions name (pipelines/places).
PLACES = {
    "place_id": pl.String,  # geonames:<id>, or iso:<ISO 3166-2 code>, or region:<name>
    "name": pl.String,
    "feature": pl.String,  # country admin1 city continent region
    "country_code": pl.String,  # ISO 3166-1 alpha-2
    "admin1_code": pl.String,  # GeoNames admin1 code (the ISO 3166-2 suffix where they agree)
    "latitude": pl.Float64,
    "longitude": pl.Float64,
    "population": pl.Int64,
    "geonames_id": pl.Int64,
}
PLACE_FEATURES = ("country", "admin1", "city", "continent", "region")

NUMERIC_FACTS = {
    "fact_id": pl.String,
    "article_id": pl.String,
    "text": pl.String,
    "start_char": pl.Int32,
    "end_char": pl.Int32,
    "sentence_index": pl.Int32,
    "kind": pl.String,  # count money percent quantity duration date time ordinal
    "value": pl.Float64,
    "value_low": pl.Float64,
    "value_high": pl.Float64,
    "unit": pl.String,
    "unit_normalized": pl.String,
    "change": pl.String,  # = ~ > < up down
    "concept": pl.String,
    "date_value": pl.Date,
    "date_precision": pl.String,  # day week month year: date_value is the period's first day
    "entity_start_char": pl.Int32,  # the mention the fact belongs to, when there is one
    "entity_end_char": pl.Int32,
    "entity_id": pl.String,
    "value_from": pl.Float64,  # the level a change started from: "rose from 4.1% to 4.6%"
    "currency_code": pl.String,  # ISO 4217 code of a money fact: USD, GBP, EUR
    "note": pl.String,  # why the fact needs a second look: "implausible magnitude: ..."
}

FACT_KINDS = ("count", "money", "percent", "quantity", "duration", "date", "time", "ordinal")
FACT_CHANGES = ("=", "~", ">", "<", "up", "down")
DATE_PRECISIONS = ("day", "week", "month", "year")


def empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


# load_runs columns for shard loads (sql/tables/load_runs.sql): the shard "i/N" a load was
# limited to (null: the whole folder), and whether the corpus-wide tables include it yet.
LOAD_RUNS_SHARDING = {"shard": pl.String, "corpus_built": pl.Boolean}

# What a load marks on the articles and registry keys it stores (sql/tables/articles.sql,
# entity_registry.sql): true while their entity ids are provisional, stored by a shard load
# the corpus step has not linked again with the others yet (pipelines/warehouse/relink.py).
PROVISIONAL = {"ids_provisional": pl.Boolean}
