"""Benchmarks of extraction quality against data annotated by others (`make eval`)."""
