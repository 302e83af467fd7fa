"""Dagster definitions, one module per domain: ingest, extract, warehouse."""
