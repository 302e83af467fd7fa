"""Corpus-wide entity resolution: stable entity_ids from canonical names and the registry.

No dagster here; ``resolve_entities`` is a pure function of the mentions and the registry.
"""

from pipelines.entities.registry import REGISTRY
from pipelines.entities.resolve import entity_ids, resolve_entities, with_entity_ids

__all__ = ["REGISTRY", "entity_ids", "resolve_entities", "with_entity_ids"]
