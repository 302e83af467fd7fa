from pathlib import Path

import polars as pl
import pytest

from pipelines import schema
from pipelines.nlp.mentions import MentionExtractor

SEED = Path(__file__).resolve().parents[2] / "seeds" / "iraq-withdrawal.txt"


@pytest.fixture(scope="session")
def mentions_of(nlp):
    """article_id → text → the article's mentions as a schema.MENTIONS frame."""
    extract = MentionExtractor(nlp)

    def run(articles: dict[str, str]) -> pl.DataFrame:
        rows = [
            {"article_id": article_id, **row}
            for article_id, text in articles.items()
            for row in extract(nlp(text))
        ]
        return pl.DataFrame(rows, schema=schema.MENTIONS)

    return run


@pytest.fixture(scope="session")
def seed_text():
    return SEED.read_text("utf-8")
