"""Plain text and Markdown: the body is the decoded text; the title is its headline line."""

import re

from pipelines.ingest.draft import Draft, Rejected
from pipelines.ingest.metadata import dateline_date, headline, markdown_title, parse_timestamp

# YAML front matter as static site generators write it: "---\nkey: value\n---\n".
_FRONT_MATTER = re.compile(r"\A---\n((?:[^\n]*\n){0,60}?)---\n")
_FIELD = re.compile(r"^([A-Za-z_]+)\s*:\s*(.+?)\s*$")
_TITLE_KEYS = ("title",)
_DATE_KEYS = ("published_at", "published", "date")
_URL_KEYS = ("url", "canonical_url", "link")


def read_txt(source: str, text: str, notes: list[str]) -> Draft:
    title = headline(text)
    return Draft(
        source, text, "txt", title=title, published_at=dateline_date(text, title), notes=notes
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    block = _FRONT_MATTER.match(text)
    if not block:
        return {}, text
    fields = {}
    for line in block.group(1).splitlines():
        if field := _FIELD.match(line):
            fields[field.group(1).lower()] = field.group(2).strip("'\"")
    return fields, text[block.end() :]


def _first(fields: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((fields[k] for k in keys if fields.get(k)), None)


def read_md(source: str, text: str, notes: list[str]) -> Draft:
    fields, body = _front_matter(text)
    if fields and not body.strip():
        raise Rejected(
            "front matter and no article text after it: add the text below the closing "
            "'---' line, or remove the file"
        )
    published_at = None
    if fields:
        notes.append("front matter read for title, date and url, and left out of the body")
        if (date := _first(fields, _DATE_KEYS)) and (published_at := parse_timestamp(date)) is None:
            notes.append(f"front matter date {date!r} is not a date: published_at left empty")
    title = _first(fields, _TITLE_KEYS) or markdown_title(body)
    return Draft(
        source,
        body,
        "md",
        title=title,
        url=_first(fields, _URL_KEYS),
        published_at=published_at or dateline_date(body, title),
        notes=notes,
    )
