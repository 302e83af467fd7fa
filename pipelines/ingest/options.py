"""What ingestion reads: size limit, ignore patterns and the extensions it knows."""

from dataclasses import dataclass

# Extension -> the `format` value stored in `articles` (the warehouse allows these five).
FORMAT_BY_EXTENSION = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

# Files that travel with a corpus but are not articles (seeds/wikinews-gum holds
# ATTRIBUTION.md and GUM-LICENSE.txt). Matched case-sensitively against the file name, so
# an article called "licensed-drivers.txt" is still read.
DEFAULT_IGNORE = ("README*", "readme*", "LICENSE*", "*LICENSE*", "ATTRIBUTION*", "CHANGELOG*")


@dataclass(frozen=True)
class IngestOptions:
    # A larger file is rejected from its size alone, before any byte is read. For .jsonl the
    # limit applies to each line (record), which is streamed, so a big JSONL file still loads.
    max_article_bytes: int = 20 * 1024 * 1024
    ignore: tuple[str, ...] = DEFAULT_IGNORE
    # Names starting with "." (.git, .DS_Store, editor swap files) are skipped with their folders.
    include_hidden: bool = False
    extensions: tuple[str, ...] = tuple(FORMAT_BY_EXTENSION)
    # CPU seconds trafilatura may spend on one HTML file before the file is rejected (a page
    # of 300,000 tags takes about 30 s; a pathological one could take hours).
    html_parse_seconds: float = 120.0

    def __post_init__(self) -> None:
        unknown = [e for e in self.extensions if e.lower() not in FORMAT_BY_EXTENSION]
        if unknown:
            raise ValueError(
                f"IngestOptions.extensions: no reader for {unknown}; "
                f"known: {sorted(FORMAT_BY_EXTENSION)}"
            )
        if self.max_article_bytes < 1:
            raise ValueError("IngestOptions.max_article_bytes must be at least 1")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def size_problem(size: int | None, limit: int) -> str:
    """The reason for an input over the limit; size None when it was not measured."""
    measured = f"is {_megabytes(size)}, " if size is not None else "is "
    return (
        f"{measured}over the {_megabytes(limit)} article limit: split it into smaller "
        "articles, or raise the limit (NEWSFACTS_MAX_ARTICLE_BYTES, "
        "IngestOptions.max_article_bytes)"
    )
