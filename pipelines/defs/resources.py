"""The resources: the configuration (defaults from environment variables, editable in the
UI) and the run's validation helper."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from pipelines.quality.validator import Validator
from pipelines.settings import Settings

_defaults = Settings()


class NewsfactsConfig(dg.ConfigurableResource):
    """Where articles come from, where the warehouse goes, and how the model runs."""

    articles_dir: str = str(_defaults.articles_dir)
    warehouse: str = str(_defaults.warehouse)
    spacy_model: str = _defaults.spacy_model
    processes: int = _defaults.processes
    batch_size: int = _defaults.batch_size
    max_chunk_chars: int = _defaults.max_chunk_chars
    max_article_bytes: int = _defaults.max_article_bytes
    on_removed: str = _defaults.on_removed

    def settings(self) -> Settings:
        return Settings(
            articles_dir=Path(self.articles_dir),
            warehouse=Path(self.warehouse),
            spacy_model=self.spacy_model,
            processes=self.processes,
            batch_size=self.batch_size,
            max_chunk_chars=self.max_chunk_chars,
            max_article_bytes=self.max_article_bytes,
            on_removed=self.on_removed,
        ).validate()


@dg.resource(
    description="The run's validation helper process: started with the run, closed after it."
)
def validation_helper(_context: dg.InitResourceContext) -> Iterator[Validator]:
    with Validator() as validator:
        yield validator
