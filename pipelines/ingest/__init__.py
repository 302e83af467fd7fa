"""Ingestion: a folder of articles (.txt, .md, .html, .json, .jsonl) as polars frames.

`load_articles(root)` returns `articles` (schema.ARTICLES) and `rejected_inputs`
(schema.REJECTED_INPUTS); every input file ends in one or the other. No dagster here.
"""

from pipelines.ingest.load import IngestReport, ingest_folder, load_articles
from pipelines.ingest.options import IngestOptions

__all__ = ["IngestOptions", "IngestReport", "ingest_folder", "load_articles"]
