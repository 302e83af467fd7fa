"""Places: mentions resolved to an offline gazetteer (no Dagster, no network)."""

from pipelines.places.resolve import places_of, resolve_places, with_place_ids

__all__ = ["places_of", "resolve_places", "with_place_ids"]
