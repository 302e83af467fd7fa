"""Entity ids for a run's extracted parts, and the facts finished with them, part by part."""

import polars as pl

from pipelines.entities.resolve import entity_ids, with_entity_ids
from pipelines.nlp.assemble import finish_facts
from pipelines.nlp.extract import Parts
from pipelines.quality import quarantine


def resolve_parts(
    parts: Parts, registry: pl.DataFrame, leave_out: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Write each part's ``entity_mentions`` and ``numeric_facts`` beside its raw rows; return
    the registry rows to upsert.

    Ids come from the distinct names of the whole run but those of the articles in
    ``leave_out`` (article_id: held out, so their names neither get a registry row nor vote
    on a label); rows are finished part by part, so no step holds more than one batch's rows.
    """
    mentions = parts.scan("mentions")
    if leave_out is not None:
        mentions = quarantine.without(mentions, leave_out)
    ids, registry_upserts = entity_ids(mentions, registry)
    for index in range(parts.count):
        mentions = with_entity_ids(parts.read("mentions", index), ids)
        parts.write("entity_mentions", index, mentions)
        facts = finish_facts(parts.read("facts", index), mentions)
        parts.write("numeric_facts", index, facts)
    return registry_upserts
