"""load_articles: the articles folder as the `articles` and `rejected_inputs` frames."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines import schema
from pipelines.ingest.decoding import declared_charset, decode, replace_lone_surrogates
from pipelines.ingest.discovery import Input, discover, open_regular
from pipelines.ingest.draft import Draft, Rejected, Rejection, rejection
from pipelines.ingest.identity import article_id, content_sha256, source_key
from pipelines.ingest.options import IngestOptions, size_problem
from pipelines.ingest.plain import read_md, read_txt
from pipelines.ingest.records import read_json, read_jsonl
from pipelines.ingest.time_limit import TimeLimitExceeded, time_limit
from pipelines.ingest.webpage import read_html

DEFAULT_OPTIONS = IngestOptions()
READERS = {"txt": read_txt, "md": read_md, "html": read_html, "json": read_json}


@dataclass(frozen=True)
class IngestReport:
    articles: pl.DataFrame  # schema.ARTICLES
    rejected: pl.DataFrame  # schema.REJECTED_INPUTS
    inputs: tuple[str, ...]  # the source of every input seen, after the ignore rules

    def unaccounted(self) -> list[str]:
        """Inputs with no row in either frame: always empty (the accounting rule)."""
        covered = {*self.articles["source"], *self.rejected["source"]}
        records = {source.rpartition("#")[0] for source in covered if "#" in source}
        return [source for source in self.inputs if source not in covered | records]


def _read_whole(item: Input, options: IngestOptions) -> list[Draft | Rejection]:
    limit = options.max_article_bytes
    with open_regular(item.path) as stream:
        raw = stream.read(limit + 1)  # never more than the limit, even if the file grew
    if len(raw) > limit:
        raise Rejected(size_problem(None, limit))
    if not raw:
        raise Rejected("empty file (0 bytes): add the article text or remove the file")
    decoded = decode(raw, declared=declared_charset(raw) if item.format == "html" else None)
    if not decoded.text.strip():
        raise Rejected(
            f"only whitespace ({len(raw)} bytes), no text: add the article text or remove the file"
        )
    seconds = options.html_parse_seconds if item.format == "html" else 0
    try:
        with time_limit(seconds):
            result = READERS[item.format](item.source, decoded.text, decoded.notes)
    except TimeLimitExceeded:
        raise Rejected(
            f"parsing the HTML took more than {seconds:g} s of CPU time, the per-file limit "
            "(NEWSFACTS_HTML_PARSE_SECONDS): save the article page alone, or paste its "
            "text into a .txt file"
        ) from None
    return result if isinstance(result, list) else [result]


# An article has at least one letter or digit; punctuation, markup rules and whitespace
# alone are not a text the model can read.
_WORD_CHARACTER = re.compile(r"[^\W_]")


def checked(result: Draft | Rejection) -> Draft | Rejection:
    """A draft whose body holds no word becomes a rejection; lone surrogates (which no frame
    or file can store) are replaced in every text field, with a note."""
    if isinstance(result, Rejection):
        return Rejection(result.source, replace_lone_surrogates(result.reason)[0])
    if not _WORD_CHARACTER.search(result.body):
        return rejection(
            result.source,
            "no text: the body is empty once front matter, markup and whitespace are left "
            "out: add the article text or remove the input",
        )
    replaced = 0
    for name in ("body", "title", "url"):
        if (value := getattr(result, name)) is not None:
            value, count = replace_lone_surrogates(value)
            setattr(result, name, value)
            replaced += count
    if replaced:
        result.notes.append(f"{replaced} invalid characters (lone surrogates) replaced by U+FFFD")
    return result


# The start of the reason given when a reader fails in a way no rule foresaw: the input is
# rejected, the scan goes on (the fuzz tests check that no generated input gets here).
READER_FAILED = "the reader failed"


def read_input(item: Input, options: IngestOptions) -> list[Draft | Rejection]:
    """The drafts and rejections of one input; at least one, whatever is wrong with it."""
    if item.problem:
        return [rejection(item.source, item.problem)]
    try:
        if item.format == "jsonl":
            results = read_jsonl(item.source, item.path, options.max_article_bytes)
        else:
            results = _read_whole(item, options)
    except Rejected as problem:
        return [rejection(item.source, str(problem))]
    except OSError as error:
        return [
            rejection(
                item.source,
                f"cannot read the file ({error.strerror}): check it exists and its permissions",
            )
        ]
    except Exception as error:  # noqa: BLE001 - one file must never stop the scan
        return [
            rejection(
                item.source,
                f"{READER_FAILED} ({type(error).__name__}: {error}): please report this input "
                "as a newsfacts bug; remove or convert the file to load it",
            )
        ]
    return [checked(r) for r in results] or [rejection(item.source, "no article found in the file")]


def _assign_ids(drafts: list[Draft]) -> list[str]:
    ids, taken = [], {}
    for draft in drafts:
        key = draft.id_key or source_key(draft.source)
        if (first := taken.get(key)) is not None:
            # Two records with one URL: the later keeps its own, source-based id.
            draft.notes.append(f"same url as {first}: id taken from the source instead")
            key = source_key(draft.source)
        taken.setdefault(key, draft.source)
        ids.append(article_id(key))
    return ids


def articles_frame(drafts: list[Draft]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            "article_id": _assign_ids(drafts),
            "source": [d.source for d in drafts],
            "url": [d.url for d in drafts],
            "title": [d.title for d in drafts],
            "body": [d.body for d in drafts],
            "published_at": [d.published_at for d in drafts],
            "content_sha256": [content_sha256(d.body) for d in drafts],
            "format": [d.format for d in drafts],
            "note": ["; ".join(d.notes) or None for d in drafts],
        },
        schema={k: v for k, v in schema.ARTICLES.items() if k != "duplicate_of"},
    )
    return frame.pipe(mark_duplicates).select(schema.ARTICLES.keys())


def mark_duplicates(articles: pl.DataFrame) -> pl.DataFrame:
    """Later rows with the body of an earlier one point at it: its facts are counted there."""
    first_id = pl.col("article_id").first().over("content_sha256")
    first_source = pl.col("source").first().over("content_sha256")
    is_duplicate = first_id != pl.col("article_id")
    duplicate_note = pl.format("duplicate, same text as {}: facts counted once", first_source)
    return articles.with_columns(
        duplicate_of=pl.when(is_duplicate).then(first_id),
        note=pl.when(is_duplicate)
        .then(pl.concat_str([pl.col("note"), duplicate_note], separator="; ", ignore_nulls=True))
        .otherwise(pl.col("note")),
    )


def rejected_frame(rejections: list[Rejection], detected_at: datetime) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source": [r.source for r in rejections],
            "reason": [r.reason for r in rejections],
            "detected_at": [detected_at] * len(rejections),
        },
        schema=schema.REJECTED_INPUTS,
    )


def ingest_folder(root: Path, options: IngestOptions = DEFAULT_OPTIONS) -> IngestReport:
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(
            f"articles folder {root} is not a folder: check NEWSFACTS_ARTICLES_DIR"
        )
    detected_at = datetime.now(UTC).replace(tzinfo=None)
    inputs = discover(root, options)
    drafts, rejections = [], []
    for item in inputs:
        for result in read_input(item, options):
            (drafts if isinstance(result, Draft) else rejections).append(result)
    return IngestReport(
        articles_frame(drafts),
        rejected_frame(rejections, detected_at),
        tuple(item.source for item in inputs),
    )


def load_articles(
    root: Path, options: IngestOptions = DEFAULT_OPTIONS
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(articles, rejected_inputs) for every input under root (README: "Adding articles")."""
    report = ingest_folder(root, options)
    return report.articles, report.rejected
