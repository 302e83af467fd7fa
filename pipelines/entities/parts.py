"""Entity ids for a run's extracted parts, and the facts finished with them, part by part."""

import polars as pl

from pipelines.entities.resolve import entity_ids, with_entity_ids
from pipelines.nlp.assemble import finish_facts
from pipelines.nlp.extract import Parts


def resolve_parts(parts: Parts, registry: pl.DataFrame) -> pl.DataFrame:
    """Write each part's ``entity_mentions`` and ``numeric_facts`` beside its raw rows; return
    the registry rows to upsert.

    Ids come from the distinct names of the whole run; rows are finished part by part, so no
    step holds more than one batch's rows.
    """
    ids, registry_upserts = entity_ids(parts.scan("mentions"), registry)
    for index in range(parts.count):
        mentions = with_entity_ids(parts.read("mentions", index), ids)
        parts.write("entity_mentions", index, mentions)
        facts = finish_facts(parts.read("facts", index), mentions)
        parts.write("numeric_facts", index, facts)
    return registry_upserts
